-- The ledger stays the only writer of transfers and balances. ledger_transfers applies many transfers of
-- one currency at once, with ledger_transfer's rules: every account it moves locked in id order first
-- (no circle with any other transfer), one immutable row per transfer under its unique key (a key seen
-- before stops the whole batch: nothing is half-applied), and balances moved in the same transaction,
-- the CHECK on "Account" refusing a participant balance below zero.
CREATE OR REPLACE FUNCTION "ledger_transfers"(
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
    FROM (SELECT a.currency FROM "Account" a WHERE a.id = ANY(p_debit || p_credit) ORDER BY a.id FOR NO KEY UPDATE) l;
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
