import type { Config } from '../../config.ts';

/** Above WITHDRAW_SECOND_APPROVAL_NANO a second, different approver is required; below it one will do. */
export const approvalsNeeded = (amount: bigint, config: Pick<Config['withdrawals'], 'secondApprovalAbove'>): 1 | 2 =>
  amount > config.secondApprovalAbove ? 2 : 1;
