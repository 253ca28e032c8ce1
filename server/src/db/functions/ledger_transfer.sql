-- Moves money once (see the ledger module): resolves both accounts, writes the transfer unless its key was
-- seen, moves both balances in account id order so two opposite transfers cannot deadlock.
CREATE OR REPLACE FUNCTION "ledger_transfer"(
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

