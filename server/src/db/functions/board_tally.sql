-- A board period's point totals, highest first, with how many unbanned participants hold each: what a
-- rank is computed from (ratings' snapshot). Reads the tally, the changes not yet folded into it and the
-- banned participants' scores (few, through "Participant_banned_idx"), so its cost follows the number of
-- distinct totals, not of participants. Folds the pending changes first when no one else is.
CREATE OR REPLACE FUNCTION "board_tally"(p_period TEXT) RETURNS TABLE (points BIGINT, n BIGINT)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
  PERFORM "fold_score_deltas"();
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
