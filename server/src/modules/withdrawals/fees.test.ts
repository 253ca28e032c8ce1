import { describe, expect, it } from 'vitest';
import { belowMinimum, dailyRoomLeft, limitDayStart, withdrawalHolds } from './fees.ts';

const TON = 1_000_000_000n;
const limits = { min: TON / 10n, dailyMax: 100n * TON, fee: TON / 100n };

describe('withdrawal limits', () => {
  it('take exactly the minimum, and refuse a nanoton less', () => {
    expect(belowMinimum(limits.min, limits)).toBe(false);
    expect(belowMinimum(limits.min - 1n, limits)).toBe(true);
    expect(belowMinimum(0n, limits)).toBe(true);
  });

  it('leave room up to the daily maximum exactly, and none beyond it', () => {
    expect(dailyRoomLeft(0n, limits)).toBe(100n * TON);
    expect(dailyRoomLeft(99n * TON, limits)).toBe(TON);
    expect(dailyRoomLeft(100n * TON, limits)).toBe(0n);
    // Requests made before the limit was lowered: nothing left, not a negative amount.
    expect(dailyRoomLeft(150n * TON, limits)).toBe(0n);
  });

  it('count the day from 00:00 UTC, whatever the hour', () => {
    expect(limitDayStart(new Date('2026-12-06T23:59:59.999Z')).toISOString()).toBe('2026-12-06T00:00:00.000Z');
    expect(limitDayStart(new Date('2026-12-07T00:00:00.000Z')).toISOString()).toBe('2026-12-07T00:00:00.000Z');
    // 02:30 in Moscow (UTC+3) still counts toward the previous UTC day.
    expect(limitDayStart(new Date('2026-12-07T02:30:00+03:00')).toISOString()).toBe('2026-12-06T00:00:00.000Z');
  });
});

describe('withdrawal fees', () => {
  it('hold the fee on top of the amount, which is paid out in full', () => {
    expect(withdrawalHolds(5n * TON, limits)).toEqual({ amount: 5n * TON, fee: TON / 100n, total: 5n * TON + TON / 100n });
  });

  it('charge a fee larger than the amount on top too, never out of it', () => {
    expect(withdrawalHolds(TON / 1000n, { fee: TON })).toEqual({ amount: TON / 1000n, fee: TON, total: TON + TON / 1000n });
  });

  it('hold no fee when none is configured', () => {
    expect(withdrawalHolds(TON, { fee: 0n })).toEqual({ amount: TON, fee: 0n, total: TON });
  });
});
