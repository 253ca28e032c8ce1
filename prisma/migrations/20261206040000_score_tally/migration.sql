-- Ranks without counting the board: how many participants hold each point total per board period,
-- kept by triggers on "Score" (see server/src/db/functions/score_tally.sql and board_tally.sql).
CREATE TABLE "ScoreTally" (
    "period" TEXT NOT NULL,
    "points" BIGINT NOT NULL,
    "n" INTEGER NOT NULL,

    CONSTRAINT "ScoreTally_pkey" PRIMARY KEY ("period", "points")
);

CREATE TABLE "ScoreDelta" (
    "id" BIGSERIAL NOT NULL,
    "period" TEXT NOT NULL,
    "points" BIGINT NOT NULL,
    "n" INTEGER NOT NULL,

    CONSTRAINT "ScoreDelta_pkey" PRIMARY KEY ("id")
);

-- The trigger function's first version (its file replaces it when it changes): the triggers count from
-- the moment the tally is filled, in this same transaction, so no write to "Score" is missed.
CREATE FUNCTION "score_tally"() RETURNS trigger LANGUAGE plpgsql AS $$
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

-- No other transaction writes "Score" between the count and the triggers.
LOCK TABLE "Score" IN SHARE ROW EXCLUSIVE MODE;

INSERT INTO "ScoreTally" (period, points, n)
SELECT period, points, count(*) FROM "Score" WHERE points > 0 GROUP BY period, points;

CREATE TRIGGER "Score_tally_insert" AFTER INSERT ON "Score"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "score_tally"();
CREATE TRIGGER "Score_tally_update" AFTER UPDATE ON "Score"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "score_tally"();
CREATE TRIGGER "Score_tally_delete" AFTER DELETE ON "Score"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "score_tally"();
