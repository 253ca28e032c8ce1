-- Fewer statements per transfer and per claim: every statement a function runs pays for executor start-up,
-- so the claim went from thirteen to eight. Same rules, same answers.

-- The transfer row is written in the statement that resolves both accounts (nothing is written when one
-- is missing); the balances come back with the moves, so a caller needs no read afterwards.
DROP FUNCTION "ledger_transfer"(TEXT, TEXT, "Currency", BIGINT, INTEGER, TEXT, INTEGER, INTEGER, TEXT, INTEGER, "TransferStatus", BIGINT, TEXT, JSONB);
CREATE FUNCTION "ledger_transfer"(
  p_key TEXT, p_kind TEXT, p_currency "Currency", p_amount BIGINT,
  p_debit_participant INTEGER, p_debit_code TEXT, p_debit_shard INTEGER,
  p_credit_participant INTEGER, p_credit_code TEXT, p_credit_shard INTEGER,
  p_status "TransferStatus", p_pending BIGINT, p_reference TEXT, p_meta JSONB
) RETURNS TABLE (transfer_id BIGINT, debit_id INTEGER, credit_id INTEGER, debit_balance BIGINT, credit_balance BIGINT)
LANGUAGE plpgsql AS $$
DECLARE
  d INTEGER;
  c INTEGER;
  t BIGINT;
  lo_id INTEGER;
  lo_bal BIGINT;
  hi_bal BIGINT;
BEGIN
  -- One statement per shape of transfer (a CASE over the parameters would be planned anew on every call).
  IF p_debit_participant IS NOT NULL AND p_credit_participant IS NOT NULL THEN
    INSERT INTO "Transfer" ("idempotencyKey", "debitAccountId", "creditAccountId", currency, amount, kind, status, "pendingId", reference, meta)
    SELECT p_key, da.id, ca.id, p_currency, p_amount, p_kind, p_status, p_pending, p_reference, p_meta
      FROM "Account" da, "Account" ca
     WHERE da."participantId" = p_debit_participant AND da.currency = p_currency
       AND ca."participantId" = p_credit_participant AND ca.currency = p_currency
    ON CONFLICT ("idempotencyKey") DO NOTHING
    RETURNING id, "debitAccountId", "creditAccountId" INTO t, d, c;
  ELSIF p_debit_participant IS NOT NULL THEN
    INSERT INTO "Transfer" ("idempotencyKey", "debitAccountId", "creditAccountId", currency, amount, kind, status, "pendingId", reference, meta)
    SELECT p_key, da.id, ca.id, p_currency, p_amount, p_kind, p_status, p_pending, p_reference, p_meta
      FROM "Account" da, "Account" ca
     WHERE da."participantId" = p_debit_participant AND da.currency = p_currency
       AND ca.code = p_credit_code AND ca.currency = p_currency AND ca.shard = p_credit_shard
    ON CONFLICT ("idempotencyKey") DO NOTHING
    RETURNING id, "debitAccountId", "creditAccountId" INTO t, d, c;
  ELSIF p_credit_participant IS NOT NULL THEN
    INSERT INTO "Transfer" ("idempotencyKey", "debitAccountId", "creditAccountId", currency, amount, kind, status, "pendingId", reference, meta)
    SELECT p_key, da.id, ca.id, p_currency, p_amount, p_kind, p_status, p_pending, p_reference, p_meta
      FROM "Account" da, "Account" ca
     WHERE da.code = p_debit_code AND da.currency = p_currency AND da.shard = p_debit_shard
       AND ca."participantId" = p_credit_participant AND ca.currency = p_currency
    ON CONFLICT ("idempotencyKey") DO NOTHING
    RETURNING id, "debitAccountId", "creditAccountId" INTO t, d, c;
  ELSE
    INSERT INTO "Transfer" ("idempotencyKey", "debitAccountId", "creditAccountId", currency, amount, kind, status, "pendingId", reference, meta)
    SELECT p_key, da.id, ca.id, p_currency, p_amount, p_kind, p_status, p_pending, p_reference, p_meta
      FROM "Account" da, "Account" ca
     WHERE da.code = p_debit_code AND da.currency = p_currency AND da.shard = p_debit_shard
       AND ca.code = p_credit_code AND ca.currency = p_currency AND ca.shard = p_credit_shard
    ON CONFLICT ("idempotencyKey") DO NOTHING
    RETURNING id, "debitAccountId", "creditAccountId" INTO t, d, c;
  END IF;
  IF t IS NULL THEN
    -- The key was seen before, or an account is missing: the caller gets both ids to tell which.
    IF p_debit_participant IS NOT NULL THEN
      SELECT a.id INTO d FROM "Account" a WHERE a."participantId" = p_debit_participant AND a.currency = p_currency;
    ELSE
      SELECT a.id INTO d FROM "Account" a WHERE a.code = p_debit_code AND a.currency = p_currency AND a.shard = p_debit_shard;
    END IF;
    IF p_credit_participant IS NOT NULL THEN
      SELECT a.id INTO c FROM "Account" a WHERE a."participantId" = p_credit_participant AND a.currency = p_currency;
    ELSE
      SELECT a.id INTO c FROM "Account" a WHERE a.code = p_credit_code AND a.currency = p_currency AND a.shard = p_credit_shard;
    END IF;
    RETURN QUERY SELECT NULL::BIGINT, d, c, NULL::BIGINT, NULL::BIGINT;
    RETURN;
  END IF;
  -- In account id order, so two opposite transfers cannot deadlock. The CHECK on "Account" refuses a
  -- participant balance below zero.
  UPDATE "Account" a
     SET balance = a.balance + CASE WHEN a.id = c THEN p_amount ELSE -p_amount END, "updatedAt" = now()
   WHERE a.id = LEAST(d, c)
  RETURNING a.id, a.balance INTO lo_id, lo_bal;
  UPDATE "Account" a
     SET balance = a.balance + CASE WHEN a.id = c THEN p_amount ELSE -p_amount END, "updatedAt" = now()
   WHERE a.id = GREATEST(d, c)
  RETURNING a.balance INTO hi_bal;
  RETURN QUERY SELECT t, d, c,
    CASE WHEN lo_id = d THEN lo_bal ELSE hi_bal END,
    CASE WHEN lo_id = c THEN lo_bal ELSE hi_bal END;
END
$$;

-- The claim under a lock the caller already holds (claim_task takes it for one claim, claim_tasks for a
-- batch): the state and the existing claim read in one statement, the new balance from the transfer.
CREATE FUNCTION "claim_task_locked"(
  p_participant INTEGER, p_task INTEGER, p_period TEXT, p_seq INTEGER, p_week TEXT, p_reward BIGINT,
  p_streak INTEGER, p_day TEXT, p_key TEXT, p_reference TEXT, p_now TIMESTAMP(3), p_shard INTEGER,
  p_expect_day TEXT, p_expect_points BIGINT
) RETURNS TABLE (outcome TEXT, balance BIGINT, transfer_id BIGINT)
LANGUAGE plpgsql AS $$
DECLARE
  found_it BOOLEAN;
  cur_day TEXT;
  cur_points BIGINT;
  taken BOOLEAN;
  t BIGINT;
  bal BIGINT;
BEGIN
  -- A statement of its own after the lock: one that waited for the lock would still see other tables as
  -- they were when it began.
  SELECT TRUE, p."lastCheckinDay", COALESCE(s.points, 0),
         EXISTS (SELECT 1 FROM "TaskClaim" k WHERE k."participantId" = p.id AND k."taskId" = p_task AND k."periodKey" = p_period AND k.seq = p_seq)
    INTO found_it, cur_day, cur_points, taken
    FROM "Participant" p LEFT JOIN "Score" s ON s."participantId" = p.id AND s.period = 'all'
   WHERE p.id = p_participant;
  IF found_it IS NULL THEN
    RETURN QUERY SELECT 'missing'::TEXT, NULL::BIGINT, NULL::BIGINT;
    RETURN;
  END IF;
  IF taken OR (p_day IS NOT NULL AND cur_day = p_day) THEN
    RETURN QUERY SELECT 'claimed'::TEXT, NULL::BIGINT, NULL::BIGINT;
    RETURN;
  END IF;
  IF cur_day IS DISTINCT FROM p_expect_day OR cur_points <> p_expect_points THEN
    RETURN QUERY SELECT 'stale'::TEXT, NULL::BIGINT, NULL::BIGINT;
    RETURN;
  END IF;
  IF p_reward > 0 THEN
    INSERT INTO "Score" (period, "participantId", points, "updatedAt")
    VALUES ('all', p_participant, p_reward, p_now), (p_week, p_participant, p_reward, p_now)
    ON CONFLICT (period, "participantId") DO UPDATE SET points = "Score".points + EXCLUDED.points, "updatedAt" = EXCLUDED."updatedAt";
  END IF;
  UPDATE "Participant" p
     SET streak = COALESCE(p_streak, p.streak),
         "lastCheckinDay" = COALESCE(p_day, p."lastCheckinDay"),
         "bestStreak" = GREATEST(p."bestStreak", COALESCE(p_streak, 0)),
         "activatedAt" = COALESCE(p."activatedAt", p_now)
   WHERE p.id = p_participant;
  IF p_reward > 0 THEN
    -- Late, so the shared issuance account stays locked for as short a time as possible.
    SELECT x.transfer_id, x.credit_balance INTO t, bal
      FROM "ledger_transfer"(p_key, 'TASK_REWARD', 'POINTS', p_reward, NULL, 'issuance', p_shard, p_participant, NULL, 0, 'POSTED', NULL, p_reference, NULL) x;
    IF t IS NULL THEN
      RAISE EXCEPTION 'transfer % exists without its task claim', p_key;
    END IF;
  ELSE
    SELECT a.balance INTO bal FROM "Account" a WHERE a."participantId" = p_participant AND a.currency = 'POINTS';
  END IF;
  INSERT INTO "TaskClaim" ("participantId", "taskId", "periodKey", seq, reward, "transferId", "createdAt")
  VALUES (p_participant, p_task, p_period, p_seq, p_reward, t, p_now);
  RETURN QUERY SELECT 'ok'::TEXT, bal, t;
END
$$;

CREATE OR REPLACE FUNCTION "claim_task"(
  p_participant INTEGER, p_task INTEGER, p_period TEXT, p_seq INTEGER, p_week TEXT, p_reward BIGINT,
  p_streak INTEGER, p_day TEXT, p_key TEXT, p_reference TEXT, p_now TIMESTAMP(3), p_shard INTEGER,
  p_expect_day TEXT, p_expect_points BIGINT
) RETURNS TABLE (outcome TEXT, balance BIGINT, transfer_id BIGINT)
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "Participant" p WHERE p.id = p_participant FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'missing'::TEXT, NULL::BIGINT, NULL::BIGINT;
    RETURN;
  END IF;
  RETURN QUERY SELECT * FROM "claim_task_locked"(p_participant, p_task, p_period, p_seq, p_week, p_reward, p_streak, p_day,
                                                 p_key, p_reference, p_now, p_shard, p_expect_day, p_expect_points);
END
$$;

CREATE OR REPLACE FUNCTION "claim_tasks"(
  p_participant INTEGER[], p_task INTEGER[], p_period TEXT[], p_seq INTEGER[], p_week TEXT[], p_reward BIGINT[],
  p_streak INTEGER[], p_day TEXT[], p_key TEXT[], p_reference TEXT[], p_now TIMESTAMP(3)[], p_shard INTEGER,
  p_expect_day TEXT[], p_expect_points BIGINT[]
) RETURNS TABLE (idx INTEGER, outcome TEXT, balance BIGINT, transfer_id BIGINT)
LANGUAGE plpgsql AS $$
DECLARE
  r RECORD;
BEGIN
  -- All of the batch's participants first, in id order, so two batches (or a batch and a single claim)
  -- never wait for each other in a circle. One issuance shard per batch, for the same reason.
  PERFORM 1 FROM "Participant" p WHERE p.id = ANY(p_participant) ORDER BY p.id FOR UPDATE;
  FOR i IN 1 .. COALESCE(array_length(p_participant, 1), 0) LOOP
    SELECT * INTO r FROM "claim_task_locked"(
      p_participant[i], p_task[i], p_period[i], p_seq[i], p_week[i], p_reward[i], p_streak[i], p_day[i],
      p_key[i], p_reference[i], p_now[i], p_shard, p_expect_day[i], p_expect_points[i]);
    idx := i;
    outcome := r.outcome;
    balance := r.balance;
    transfer_id := r.transfer_id;
    RETURN NEXT;
  END LOOP;
END
$$;
