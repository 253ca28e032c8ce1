-- A batch of claims applied by set: every write of the batch is one statement instead of eight per claim.
-- Profiles of the claim path showed PostgreSQL spending a fifth of its time starting the executor for the
-- per-claim statements, and another tenth re-reading the CHECK constraints' expressions, which happens
-- once per statement. Same rules, same outcomes per claim.

-- The ledger stays the only writer of transfers and balances. ledger_transfers applies many transfers of
-- one currency at once, with ledger_transfer's rules: every account it moves locked in id order first
-- (no circle with any other transfer), one immutable row per transfer under its unique key (a key seen
-- before stops the whole batch: nothing is half-applied), and balances moved in the same transaction,
-- the CHECK on "Account" refusing a participant balance below zero.
CREATE FUNCTION "ledger_transfers"(
  p_key TEXT[], p_kind TEXT, p_currency "Currency", p_amount BIGINT[], p_debit INTEGER[], p_credit INTEGER[], p_reference TEXT[]
) RETURNS TABLE (idx INTEGER, transfer_id BIGINT, debit_balance BIGINT, credit_balance BIGINT)
LANGUAGE plpgsql AS $$
DECLARE
  wanted INTEGER;
  locked INTEGER;
  foreign_ones INTEGER;
BEGIN
  IF array_position(p_debit, NULL) IS NOT NULL OR array_position(p_credit, NULL) IS NOT NULL THEN
    RAISE EXCEPTION 'a transfer of the batch has no account';
  END IF;
  SELECT count(DISTINCT x) INTO wanted FROM unnest(p_debit || p_credit) x;
  SELECT count(*), count(*) FILTER (WHERE l.currency <> p_currency) INTO locked, foreign_ones
    FROM (SELECT a.currency FROM "Account" a WHERE a.id = ANY(p_debit || p_credit) ORDER BY a.id FOR UPDATE) l;
  IF locked <> wanted THEN
    RAISE EXCEPTION 'an account of the batch is missing';
  END IF;
  IF foreign_ones > 0 THEN
    RAISE EXCEPTION 'an account of the batch is not in %', p_currency;
  END IF;
  -- Balances come back as they are after the whole batch.
  RETURN QUERY
  WITH t AS (
    SELECT * FROM unnest(p_key, p_amount, p_debit, p_credit, p_reference) WITH ORDINALITY AS u(key, amount, debit, credit, ref, i)
  ), moved AS (
    INSERT INTO "Transfer" ("idempotencyKey", "debitAccountId", "creditAccountId", currency, amount, kind, status, reference)
    SELECT t.key, t.debit, t.credit, p_currency, t.amount, p_kind, 'POSTED', t.ref FROM t ORDER BY t.i
    RETURNING id, "idempotencyKey"
  ), balances AS (
    UPDATE "Account" a
       SET balance = a.balance + d.delta, "updatedAt" = now()
      FROM (SELECT x.id, sum(x.delta) AS delta
              FROM (SELECT t.credit AS id, t.amount AS delta FROM t UNION ALL SELECT t.debit, -t.amount FROM t) x
             GROUP BY x.id) d
     WHERE a.id = d.id
    RETURNING a.id, a.balance
  )
  SELECT t.i::INTEGER, m.id, bd.balance, bc.balance
    FROM t
    JOIN moved m ON m."idempotencyKey" = t.key
    JOIN balances bd ON bd.id = t.debit
    JOIN balances bc ON bc.id = t.credit
   ORDER BY t.i;
END
$$;

-- The claim batch: its rewards are paid through ledger_transfers.
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
  -- The batch's participants, then every account it may move, each in id order, before any score is
  -- written: a referral payment holds the inviter's account before it adds to the inviter's score, so
  -- taking the account first here keeps the two from waiting for each other.
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
    LEFT JOIN moved m ON st.outcome = 'ok' AND m.key = st.key
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
