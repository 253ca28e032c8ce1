import { describe, expect, it } from 'vitest';
import { earliestLanding, GRACE_S, VALID_FOR_S } from './payout.ts';

// The on-chain lookup before any resend pages back to this moment: a window that starts too late could miss a
// payout that did land and send it again, so its arithmetic is pinned to the second.
describe('the earliest moment a recorded payout could have landed', () => {
  const at = new Date('2026-12-01T12:00:00.000Z');

  it('is when it was recorded as sent, less the margin for the chain clock', () => {
    expect(GRACE_S).toBe(30);
    expect(earliestLanding(at, new Date(at.getTime() + VALID_FOR_S * 1000))).toEqual(new Date('2026-12-01T11:59:30.000Z'));
  });

  it('without a send time, is its valid_until less its lifetime and the margin', () => {
    expect(VALID_FOR_S).toBe(60);
    expect(earliestLanding(null, at)).toEqual(new Date('2026-12-01T11:58:30.000Z'));
  });

  it('with neither, reaches back to the beginning, and never before it', () => {
    expect(earliestLanding(null, null)).toEqual(new Date(0));
    expect(earliestLanding(new Date(10_000), null)).toEqual(new Date(0));
  });
});
