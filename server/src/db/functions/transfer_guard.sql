-- Ledger transfers are immutable (trigger "Transfer_immutable"): history is never rewritten.
-- A transfer's status may move only from PENDING to PENDING_POSTED / PENDING_VOIDED.
CREATE OR REPLACE FUNCTION "transfer_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'ledger transfers are immutable' USING ERRCODE = 'P0001';
  END IF;
  IF OLD."status" = 'PENDING' AND NEW."status" IN ('PENDING_POSTED', 'PENDING_VOIDED')
     AND NEW."amount" = OLD."amount" AND NEW."debitAccountId" = OLD."debitAccountId"
     AND NEW."creditAccountId" = OLD."creditAccountId" AND NEW."idempotencyKey" = OLD."idempotencyKey" THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'ledger transfers are immutable' USING ERRCODE = 'P0001';
END $$;
