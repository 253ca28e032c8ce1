-- The one writer of "Score": points earned count on the all-time board, on their week's, and on every
-- rating season open at the moment they were earned (period 'season:<id>', startsAt <= at < endsAt, not
-- yet ended). Spending never lowers a rank, so only positive amounts are added. The claim batch
-- (claim_tasks) and every other award (referral rewards, admin grants, demo data through ratings'
-- addScore) come through here.
--
-- While a season may be open, a writer holds the shared season lock (advisory 727003) until it commits,
-- and reads the seasons after taking it: ending a season takes that lock exclusively, so it waits for
-- every writer that may have counted towards it, and every writer after it sees the season ended. The
-- frozen standings are then exactly what was written while the season was open.
CREATE OR REPLACE FUNCTION "add_scores"(
  p_participant INTEGER[], p_points BIGINT[], p_week TEXT[], p_at TIMESTAMP(3)[]
) RETURNS VOID
LANGUAGE plpgsql AS $$
DECLARE
  v_seasons BOOLEAN := false;
BEGIN
  IF EXISTS (SELECT 1 FROM "Season" z
              WHERE z.status IN ('SCHEDULED', 'ACTIVE') AND z."startsAt" <= (SELECT max(a) FROM unnest(p_at) a)) THEN
    PERFORM pg_advisory_xact_lock_shared(727003);
    v_seasons := true;
  END IF;
  -- Summed per row first: one statement may not update a row twice. "updatedAt" is when the total was
  -- reached (a season's tie-break: who got there first).
  INSERT INTO "Score" (period, "participantId", points, "updatedAt")
  SELECT v.period, s.pid, sum(s.points), max(s.at)
    FROM unnest(p_participant, p_points, p_week, p_at) AS s(pid, points, week, at),
         LATERAL (SELECT 'all'::text UNION ALL SELECT s.week
                  UNION ALL
                  SELECT 'season:' || z.id FROM "Season" z
                   WHERE v_seasons AND z.status IN ('SCHEDULED', 'ACTIVE') AND z."startsAt" <= s.at AND s.at < z."endsAt") v(period)
   WHERE s.points > 0
   GROUP BY v.period, s.pid
  ON CONFLICT (period, "participantId") DO UPDATE SET points = "Score".points + EXCLUDED.points, "updatedAt" = GREATEST("Score"."updatedAt", EXCLUDED."updatedAt");
END
$$;
