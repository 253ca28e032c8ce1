-- A board period's point totals, highest first, with how many unbanned participants hold each: what a
-- rank is computed from (ratings' snapshot). Reads the tally, the changes not yet folded into it and the
-- banned participants' scores (few, through "Participant_banned_idx"), so its cost follows the number of
-- distinct totals, not of participants. First folds the pending changes into the tally, one caller at a
-- time: a caller that finds the fold taken reads the changes as they are.
CREATE OR REPLACE FUNCTION "board_tally"(p_period TEXT) RETURNS TABLE (points BIGINT, n BIGINT)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
  IF pg_try_advisory_xact_lock(727002) THEN
    WITH d AS (DELETE FROM "ScoreDelta" RETURNING period, points, n),
         g AS (SELECT d.period, d.points, sum(d.n)::int AS n FROM d GROUP BY d.period, d.points)
    INSERT INTO "ScoreTally" AS t (period, points, n)
    SELECT g.period, g.points, g.n FROM g WHERE g.n <> 0
    ON CONFLICT (period, points) DO UPDATE SET n = t.n + EXCLUDED.n;
    -- Totals nobody holds any more, on this board (its rows are read just below anyway).
    DELETE FROM "ScoreTally" t WHERE t.period = p_period AND t.n = 0;
  END IF;
  RETURN QUERY
  SELECT x.points, sum(x.n) FROM (
    SELECT t.points, t.n FROM "ScoreTally" t WHERE t.period = p_period
    UNION ALL
    SELECT d.points, d.n FROM "ScoreDelta" d WHERE d.period = p_period
    UNION ALL
    SELECT s.points, -1 FROM "Participant" p JOIN "Score" s ON s."participantId" = p.id AND s.period = p_period
     WHERE p."bannedAt" IS NOT NULL AND s.points > 0
  ) x
  GROUP BY x.points HAVING sum(x.n) > 0
  ORDER BY x.points DESC;
END $$;
