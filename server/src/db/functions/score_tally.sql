-- Keeps "ScoreTally" (holders per point total and board period) in step with "Score", in the writer's
-- own transaction, through the append-only "ScoreDelta": every writer of "Score" (add_scores, account
-- deletion, bulk loads) is counted, and appends from concurrent claims never wait on one another.
-- Statement-level, so a claim batch appends once, grouped by total. One function for the three triggers
-- "Score_tally_insert", "_update" and "_delete" (a trigger with transition tables takes one event).
CREATE OR REPLACE FUNCTION "score_tally"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "ScoreDelta" (period, points, n)
    SELECT r.period, r.points, count(*) FROM new_rows r WHERE r.points > 0 GROUP BY r.period, r.points;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO "ScoreDelta" (period, points, n)
    SELECT d.period, d.points, sum(d.n) FROM (
      SELECT r.period, r.points, 1 AS n FROM new_rows r WHERE r.points > 0
      UNION ALL
      SELECT r.period, r.points, -1 AS n FROM old_rows r WHERE r.points > 0
    ) d GROUP BY d.period, d.points HAVING sum(d.n) <> 0;
  ELSE
    INSERT INTO "ScoreDelta" (period, points, n)
    SELECT r.period, r.points, -count(*) FROM old_rows r WHERE r.points > 0 GROUP BY r.period, r.points;
  END IF;
  RETURN NULL;
END $$;
