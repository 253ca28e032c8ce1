import { describe, expect, it } from 'vitest';
import { approvalsNeeded } from './approvals.ts';

describe('approvals a withdrawal needs', () => {
  const config = { secondApprovalAbove: 10_000_000_000n };
  it('asks one approver up to the threshold, two above it', () => {
    expect(approvalsNeeded(1n, config)).toBe(1);
    expect(approvalsNeeded(10_000_000_000n, config)).toBe(1);
    expect(approvalsNeeded(10_000_000_001n, config)).toBe(2);
  });
  it('with a threshold of zero, every withdrawal needs two', () => {
    expect(approvalsNeeded(1n, { secondApprovalAbove: 0n })).toBe(2);
  });
});
