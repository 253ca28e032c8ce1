-- The one writer of "Score": points earned count on the all-time board and on their week's. Spending
-- never lowers a rank, so only positive amounts are added. The claim batch (claim_tasks) and every other
-- award (referral rewards, admin grants, demo data through ratings' addScore) come through here.
CREATE OR REPLACE FUNCTION "add_scores"(
  p_participant INTEGER[], p_points BIGINT[], p_week TEXT[], p_at TIMESTAMP(3)[]
) RETURNS VOID
LANGUAGE plpgsql AS $$
BEGIN
  -- Summed per row first: one statement may not update a row twice.
  INSERT INTO "Score" (period, "participantId", points, "updatedAt")
  SELECT v.period, s.pid, sum(s.points), max(s.at)
    FROM unnest(p_participant, p_points, p_week, p_at) AS s(pid, points, week, at),
         LATERAL (VALUES ('all'), (s.week)) v(period)
   WHERE s.points > 0
   GROUP BY v.period, s.pid
  ON CONFLICT (period, "participantId") DO UPDATE SET points = "Score".points + EXCLUDED.points, "updatedAt" = EXCLUDED."updatedAt";
END
$$;
