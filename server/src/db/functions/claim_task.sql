-- One claim is a batch of one (see claim_tasks for the claim's fields).
CREATE OR REPLACE FUNCTION "claim_task"(p_claim JSONB, p_shard INTEGER)
RETURNS TABLE (outcome TEXT, balance BIGINT, transfer_id BIGINT)
LANGUAGE sql AS $$
  SELECT c.outcome, c.balance, c.transfer_id FROM "claim_tasks"(jsonb_build_array(p_claim), p_shard) c
$$;
