-- Claims that arrive together are paid in one call and one commit (group commit): the application
-- collects the claims its concurrent requests make and sends them as arrays. Each element is exactly
-- one claim_task call, with its own outcome.
CREATE FUNCTION "claim_tasks"(
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
    SELECT * INTO r FROM "claim_task"(
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
