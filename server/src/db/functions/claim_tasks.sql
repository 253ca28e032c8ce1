-- A batch of task claims applied by set: every write of the batch is one statement, not several per claim
-- (executor start-up and CHECK re-reads are paid per statement). Each claim is an object of p_claims:
--   participant, task, period, seq   the claim (unique per participant, task, period and sequence)
--   week                             the ISO week its points count in
--   reward                           points to pay (0: recorded, nothing moves)
--   streak, day                      for check-ins: the new streak and the UTC day; null otherwise
--   key, reference                   the reward transfer's idempotency key and reference
--   at                               the claim's time (UTC)
--   expect_day, expect_points        the snapshot the reward was planned on: a claim whose participant
--                                    moved since is answered 'stale' and planned again by the caller
-- Outcomes per claim (idx is its position, from 1): ok, claimed, stale, missing.
CREATE OR REPLACE FUNCTION "claim_tasks"(p_claims JSONB, p_shard INTEGER)
RETURNS TABLE (idx INTEGER, outcome TEXT, balance BIGINT, transfer_id BIGINT)
LANGUAGE plpgsql AS $$
DECLARE
  issuer INTEGER;
  pids INTEGER[];
BEGIN
  SELECT a.id INTO issuer FROM "Account" a WHERE a.code = 'issuance' AND a.currency = 'POINTS' AND a.shard = p_shard;
  IF issuer IS NULL THEN
    RAISE EXCEPTION 'issuance account shard % is missing', p_shard;
  END IF;
  pids := ARRAY(SELECT (c->>'participant')::INTEGER FROM jsonb_array_elements(p_claims) c);
  -- The batch's participants, then every account it may move, each in id order, before any score is
  -- written: a referral payment holds the inviter's account before it adds to the inviter's score, so
  -- taking the account first here keeps the two from waiting for each other.
  -- NO KEY UPDATE, the lock an UPDATE takes: FOR UPDATE would also wait for the KEY SHARE locks that rows
  -- being inserted elsewhere take on what they refer to (an idempotency key on its participant, a transfer on
  -- its accounts), in an order of their own, and deadlock with them.
  PERFORM 1 FROM "Participant" p WHERE p.id = ANY(pids) ORDER BY p.id FOR NO KEY UPDATE;
  PERFORM 1 FROM "Account" a
   WHERE a.id = issuer OR (a."participantId" = ANY(pids) AND a.currency = 'POINTS')
   ORDER BY a.id FOR NO KEY UPDATE;
  -- A statement of its own after the locks: one that waited for a lock would still see other tables as
  -- they were when it began. A participant's second claim in one batch is answered 'stale' (the caller
  -- reads afresh and sends it again), so each participant is written once per statement.
  RETURN QUERY
  WITH k AS (
    SELECT u.*, row_number() OVER (PARTITION BY u.pid ORDER BY u.i) AS nth
      FROM ROWS FROM (jsonb_to_recordset(p_claims) AS (
             participant INTEGER, task INTEGER, period TEXT, seq INTEGER, week TEXT, reward BIGINT, streak INTEGER,
             day TEXT, key TEXT, reference TEXT, at TIMESTAMP(3), expect_day TEXT, expect_points BIGINT))
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
    -- Always one row, so the final select's join runs it exactly once.
    SELECT "add_scores"(array_agg(ok.pid), array_agg(ok.reward), array_agg(ok.week), array_agg(ok.at)) FROM ok WHERE ok.reward > 0
  ), people AS (
    UPDATE "Participant" p
       SET streak = COALESCE(ok.streak, p.streak),
           "lastCheckinDay" = COALESCE(ok.day, p."lastCheckinDay"),
           "bestStreak" = GREATEST(p."bestStreak", COALESCE(ok.streak, 0)),
           "activatedAt" = COALESCE(p."activatedAt", ok.at)
      FROM ok
     WHERE p.id = ok.pid
  ), rewards AS (
    SELECT array_agg(ok.key ORDER BY ok.i) AS keys, array_agg(ok.reward ORDER BY ok.i) AS amounts,
           array_agg(ok.account ORDER BY ok.i) AS accounts, array_agg(ok.ref ORDER BY ok.i) AS refs
      FROM ok WHERE ok.reward > 0 HAVING count(*) > 0
  ), moved AS (
    -- A reward transfer that exists without its claim stops the whole batch (the caller then sends each
    -- claim alone, so only that one fails).
    SELECT r.keys[x.idx] AS key, x.transfer_id, x.credit_balance
      FROM rewards r,
           LATERAL "ledger_transfers"(r.keys, 'TASK_REWARD', 'POINTS', r.amounts, array_fill(issuer, ARRAY[cardinality(r.keys)]), r.accounts, r.refs) x
  ), claimed AS (
    INSERT INTO "TaskClaim" ("participantId", "taskId", "periodKey", seq, reward, "transferId", "createdAt")
    SELECT ok.pid, ok.task, ok.period, ok.seq, ok.reward, m.transfer_id, ok.at
      FROM ok LEFT JOIN moved m ON m.key = ok.key
  )
  SELECT st.i::INTEGER, st.outcome, CASE WHEN st.outcome = 'ok' THEN COALESCE(m.credit_balance, st.was) END, m.transfer_id
    FROM st
    CROSS JOIN scored
    LEFT JOIN moved m ON st.outcome = 'ok' AND m.key = st.key
   ORDER BY st.i;
END
$$;
