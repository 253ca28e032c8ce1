import { dayKey } from '../../lib/time.ts';

// The withdrawal rules that need no database, apart so they can be tested on their own.

/** From configuration (`WITHDRAW_MIN_NANO`, `WITHDRAW_DAILY_MAX_NANO`, `WITHDRAW_FEE_NANO`), in nanotons. */
export interface WithdrawalLimits {
  min: bigint;
  dailyMax: bigint;
  fee: bigint;
}

export const belowMinimum = (amount: bigint, limits: Pick<WithdrawalLimits, 'min'>): boolean => amount < limits.min;

/** The daily limit counts requests made since 00:00 UTC, like every other day in the app. */
export const limitDayStart = (now: Date): Date => new Date(`${dayKey(now)}T00:00:00.000Z`);

/** What may still be requested today, given today's open requests; never below zero (the limit may have been lowered). */
export function dailyRoomLeft(usedToday: bigint, limits: Pick<WithdrawalLimits, 'dailyMax'>): bigint {
  const left = limits.dailyMax - usedToday;
  return left > 0n ? left : 0n;
}

/**
 * What a request holds: the amount, paid out in full, and the flat fee on top, each a hold of its own
 * (none for a zero fee). A fee larger than the amount is still charged on top, never taken out of it.
 */
export function withdrawalHolds(amount: bigint, limits: Pick<WithdrawalLimits, 'fee'>): { amount: bigint; fee: bigint; total: bigint } {
  return { amount, fee: limits.fee, total: amount + limits.fee };
}
