-- The ledger transfer and the task claim as functions: one round trip each, plans cached per
-- connection, and no interactive transaction holding locks while the application thinks.

-- Moves money once: resolves both accounts, inserts the transfer unless its key exists, moves both
-- balances (in account id order, so two opposite transfers cannot deadlock). The CHECK on "Account"
-- refuses a participant balance below zero. Returns a NULL transfer_id when the key was seen before.
CREATE FUNCTION "ledger_transfer"(
  p_key TEXT, p_kind TEXT, p_currency "Currency", p_amount BIGINT,
  p_debit_participant INTEGER, p_debit_code TEXT, p_debit_shard INTEGER,
  p_credit_participant INTEGER, p_credit_code TEXT, p_credit_shard INTEGER,
  p_status "TransferStatus", p_pending BIGINT, p_reference TEXT, p_meta JSONB
) RETURNS TABLE (transfer_id BIGINT, debit_id INTEGER, credit_id INTEGER)
LANGUAGE plpgsql AS $$
DECLARE
  d INTEGER;
  c INTEGER;
  t BIGINT;
BEGIN
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
  IF d IS NULL OR c IS NULL THEN
    RETURN QUERY SELECT NULL::BIGINT, d, c;
    RETURN;
  END IF;
  INSERT INTO "Transfer" ("idempotencyKey", "debitAccountId", "creditAccountId", currency, amount, kind, status, "pendingId", reference, meta)
  VALUES (p_key, d, c, p_currency, p_amount, p_kind, p_status, p_pending, p_reference, p_meta)
  ON CONFLICT ("idempotencyKey") DO NOTHING
  RETURNING id INTO t;
  IF t IS NOT NULL THEN
    UPDATE "Account" a
       SET balance = a.balance + CASE WHEN a.id = c THEN p_amount ELSE -p_amount END, "updatedAt" = now()
     WHERE a.id = LEAST(d, c);
    UPDATE "Account" a
       SET balance = a.balance + CASE WHEN a.id = c THEN p_amount ELSE -p_amount END, "updatedAt" = now()
     WHERE a.id = GREATEST(d, c);
  END IF;
  RETURN QUERY SELECT t, d, c;
END
$$;

-- Pays one task claim: the rating, the streak, the ledger transfer and the claim row, in one call.
-- The application computes the reward from a snapshot of the participant; under the participant's row
-- lock this checks the snapshot still holds ('stale' otherwise, and the application reads again) and
-- that claim number p_seq of the period is not taken ('claimed'). The general path calls it too, inside
-- its own transaction that already holds the lock.
CREATE FUNCTION "claim_task"(
  p_participant INTEGER, p_task INTEGER, p_period TEXT, p_seq INTEGER, p_week TEXT, p_reward BIGINT,
  p_streak INTEGER, p_day TEXT, p_key TEXT, p_reference TEXT, p_now TIMESTAMP(3), p_shard INTEGER,
  p_expect_day TEXT, p_expect_points BIGINT
) RETURNS TABLE (outcome TEXT, balance BIGINT, transfer_id BIGINT)
LANGUAGE plpgsql AS $$
DECLARE
  cur_day TEXT;
  cur_points BIGINT;
  t BIGINT;
BEGIN
  PERFORM 1 FROM "Participant" p WHERE p.id = p_participant FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'missing'::TEXT, NULL::BIGINT, NULL::BIGINT;
    RETURN;
  END IF;
  -- Read after the lock, in a statement of its own: a statement that waited for the lock still sees
  -- other tables as they were when it began.
  SELECT p."lastCheckinDay", COALESCE(s.points, 0) INTO cur_day, cur_points
    FROM "Participant" p LEFT JOIN "Score" s ON s."participantId" = p.id AND s.period = 'all'
   WHERE p.id = p_participant;
  IF EXISTS (SELECT 1 FROM "TaskClaim" k WHERE k."participantId" = p_participant AND k."taskId" = p_task AND k."periodKey" = p_period AND k.seq = p_seq)
     OR (p_day IS NOT NULL AND cur_day = p_day) THEN
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
  -- Last, so the shared issuance account stays locked for as short a time as possible.
  IF p_reward > 0 THEN
    SELECT x.transfer_id INTO t
      FROM "ledger_transfer"(p_key, 'TASK_REWARD', 'POINTS', p_reward, NULL, 'issuance', p_shard, p_participant, NULL, 0, 'POSTED', NULL, p_reference, NULL) x;
    IF t IS NULL THEN
      RAISE EXCEPTION 'transfer % exists without its task claim', p_key;
    END IF;
  END IF;
  INSERT INTO "TaskClaim" ("participantId", "taskId", "periodKey", seq, reward, "transferId", "createdAt")
  VALUES (p_participant, p_task, p_period, p_seq, p_reward, t, p_now);
  RETURN QUERY SELECT 'ok'::TEXT, a.balance, t FROM "Account" a WHERE a."participantId" = p_participant AND a.currency = 'POINTS';
END
$$;
