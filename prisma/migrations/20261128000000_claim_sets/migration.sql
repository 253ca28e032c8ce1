-- A batch of claims applied by set: every write of the batch is one statement instead of eight per claim.
-- Profiles of the claim path showed PostgreSQL spending a fifth of its time starting the executor for the
-- per-claim statements, and another tenth re-reading the CHECK constraints' expressions, which happens
-- once per statement. Same rules, same outcomes per claim.
CREATE OR REPLACE FUNCTION "claim_tasks"(
  p_participant INTEGER[], p_task INTEGER[], p_period TEXT[], p_seq INTEGER[], p_week TEXT[], p_reward BIGINT[],
  p_streak INTEGER[], p_day TEXT[], p_key TEXT[], p_reference TEXT[], p_now TIMESTAMP(3)[], p_shard INTEGER,
  p_expect_day TEXT[], p_expect_points BIGINT[]
) RETURNS TABLE (idx INTEGER, outcome TEXT, balance BIGINT, transfer_id BIGINT)
LANGUAGE plpgsql AS $$
DECLARE
  issuer INTEGER;
BEGIN
  SELECT a.id INTO issuer FROM "Account" a WHERE a.code = 'issuance' AND a.currency = 'POINTS' AND a.shard = p_shard;
  IF issuer IS NULL THEN
    RAISE EXCEPTION 'issuance account shard % is missing', p_shard;
  END IF;
  -- The batch's participants, then every account it may move, each in id order: two batches, or a batch
  -- and any other transfer, never wait for each other in a circle.
  PERFORM 1 FROM "Participant" p WHERE p.id = ANY(p_participant) ORDER BY p.id FOR UPDATE;
  PERFORM 1 FROM "Account" a
   WHERE a.id = issuer OR (a."participantId" = ANY(p_participant) AND a.currency = 'POINTS')
   ORDER BY a.id FOR UPDATE;
  -- A statement of its own after the locks: one that waited for a lock would still see other tables as
  -- they were when it began. A participant's second claim in one batch is answered 'stale' (the caller
  -- reads afresh and sends it again), so each participant is written once per statement.
  RETURN QUERY
  WITH k AS (
    SELECT u.*, row_number() OVER (PARTITION BY u.pid ORDER BY u.i) AS nth
      FROM unnest(p_participant, p_task, p_period, p_seq, p_week, p_reward, p_streak, p_day, p_key, p_reference, p_now,
                  p_expect_day, p_expect_points)
           WITH ORDINALITY AS u(pid, task, period, seq, week, reward, streak, day, key, ref, at, expect_day, expect_points, i)
  ), st AS (
    SELECT k.*, a.id AS account, a.balance AS was,
           CASE
             WHEN p.id IS NULL THEN 'missing'
             WHEN k.nth > 1 THEN 'stale'
             WHEN (k.day IS NOT NULL AND p."lastCheckinDay" = k.day)
               OR EXISTS (SELECT 1 FROM "TaskClaim" c
                           WHERE c."participantId" = k.pid AND c."taskId" = k.task AND c."periodKey" = k.period AND c.seq = k.seq) THEN 'claimed'
             WHEN p."lastCheckinDay" IS DISTINCT FROM k.expect_day OR COALESCE(s.points, 0) <> k.expect_points THEN 'stale'
             ELSE 'ok'
           END AS outcome
      FROM k
      LEFT JOIN "Participant" p ON p.id = k.pid
      LEFT JOIN "Score" s ON s."participantId" = k.pid AND s.period = 'all'
      LEFT JOIN "Account" a ON a."participantId" = k.pid AND a.currency = 'POINTS'
  ), ok AS (
    SELECT * FROM st WHERE st.outcome = 'ok'
  ), scored AS (
    INSERT INTO "Score" (period, "participantId", points, "updatedAt")
    SELECT v.period, ok.pid, ok.reward, ok.at FROM ok, LATERAL (VALUES ('all'), (ok.week)) v(period) WHERE ok.reward > 0
    ON CONFLICT (period, "participantId") DO UPDATE SET points = "Score".points + EXCLUDED.points, "updatedAt" = EXCLUDED."updatedAt"
  ), people AS (
    UPDATE "Participant" p
       SET streak = COALESCE(ok.streak, p.streak),
           "lastCheckinDay" = COALESCE(ok.day, p."lastCheckinDay"),
           "bestStreak" = GREATEST(p."bestStreak", COALESCE(ok.streak, 0)),
           "activatedAt" = COALESCE(p."activatedAt", ok.at)
      FROM ok
     WHERE p.id = ok.pid
  ), moved AS (
    -- No ON CONFLICT: a reward transfer that exists without its claim stops the whole batch (the caller
    -- then sends each claim alone, so only that one fails). A missing account fails the NOT NULL.
    INSERT INTO "Transfer" ("idempotencyKey", "debitAccountId", "creditAccountId", currency, amount, kind, status, reference)
    SELECT ok.key, issuer, ok.account, 'POINTS', ok.reward, 'TASK_REWARD', 'POSTED', ok.ref FROM ok WHERE ok.reward > 0
    RETURNING id, "creditAccountId", amount, "idempotencyKey"
  ), balances AS (
    UPDATE "Account" a
       SET balance = a.balance + d.delta, "updatedAt" = now()
      FROM (SELECT m."creditAccountId" AS id, m.amount AS delta FROM moved m
            UNION ALL
            SELECT issuer, -sum(m.amount) FROM moved m HAVING count(*) > 0) d
     WHERE a.id = d.id
    RETURNING a.id, a.balance
  ), claimed AS (
    INSERT INTO "TaskClaim" ("participantId", "taskId", "periodKey", seq, reward, "transferId", "createdAt")
    SELECT ok.pid, ok.task, ok.period, ok.seq, ok.reward, m.id, ok.at
      FROM ok LEFT JOIN moved m ON m."idempotencyKey" = ok.key
  )
  SELECT st.i::INTEGER, st.outcome, CASE WHEN st.outcome = 'ok' THEN COALESCE(b.balance, st.was) END, m.id
    FROM st
    LEFT JOIN moved m ON st.outcome = 'ok' AND m."idempotencyKey" = st.key
    LEFT JOIN balances b ON st.outcome = 'ok' AND b.id = st.account
   ORDER BY st.i;
END
$$;

-- One claim is a batch of one.
CREATE OR REPLACE FUNCTION "claim_task"(
  p_participant INTEGER, p_task INTEGER, p_period TEXT, p_seq INTEGER, p_week TEXT, p_reward BIGINT,
  p_streak INTEGER, p_day TEXT, p_key TEXT, p_reference TEXT, p_now TIMESTAMP(3), p_shard INTEGER,
  p_expect_day TEXT, p_expect_points BIGINT
) RETURNS TABLE (outcome TEXT, balance BIGINT, transfer_id BIGINT)
LANGUAGE sql AS $$
  SELECT c.outcome, c.balance, c.transfer_id
    FROM "claim_tasks"(ARRAY[p_participant], ARRAY[p_task], ARRAY[p_period], ARRAY[p_seq], ARRAY[p_week], ARRAY[p_reward],
                       ARRAY[p_streak], ARRAY[p_day], ARRAY[p_key], ARRAY[p_reference], ARRAY[p_now], p_shard,
                       ARRAY[p_expect_day], ARRAY[p_expect_points]) c
$$;

DROP FUNCTION "claim_task_locked"(INTEGER, INTEGER, TEXT, INTEGER, TEXT, BIGINT, INTEGER, TEXT, TEXT, TEXT, TIMESTAMP(3), INTEGER, TEXT, BIGINT);
