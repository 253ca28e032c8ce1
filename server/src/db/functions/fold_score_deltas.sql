-- Folds the changes the triggers on "Score" appended to "ScoreDelta" into "ScoreTally", one caller at a
-- time (a caller that finds the fold taken returns 0; readers count pending changes anyway). Totals
-- nobody holds any more are removed. Called by board_tally before each read and by the worker's
-- `score-tally` job, so the changes waiting stay few even while nobody looks at a board.
CREATE OR REPLACE FUNCTION "fold_score_deltas"() RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
  v_folded INTEGER;
  v_gone_period TEXT[];
  v_gone_points BIGINT[];
BEGIN
  IF NOT pg_try_advisory_xact_lock(727002) THEN
    RETURN 0;
  END IF;
  WITH d AS (DELETE FROM "ScoreDelta" RETURNING period, points, n),
       g AS (SELECT d.period, d.points, sum(d.n)::int AS n, count(*) AS rows FROM d GROUP BY d.period, d.points),
       u AS (INSERT INTO "ScoreTally" AS t (period, points, n)
             SELECT g.period, g.points, g.n FROM g WHERE g.n <> 0
             ON CONFLICT (period, points) DO UPDATE SET n = t.n + EXCLUDED.n
             RETURNING t.period, t.points, t.n)
  SELECT (SELECT COALESCE(sum(g.rows), 0)::int FROM g),
         array_agg(u.period) FILTER (WHERE u.n = 0), array_agg(u.points) FILTER (WHERE u.n = 0)
    INTO v_folded, v_gone_period, v_gone_points
    FROM u;
  IF v_gone_period IS NOT NULL THEN
    DELETE FROM "ScoreTally" t USING unnest(v_gone_period, v_gone_points) z(period, points)
     WHERE t.period = z.period AND t.points = z.points AND t.n = 0;
  END IF;
  RETURN v_folded;
END $$;
