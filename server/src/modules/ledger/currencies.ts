import { z } from 'zod';
import { Currency } from '../../generated/prisma/enums.ts';
import { amountOrZero } from '../../lib/schemas.ts';

/** The zod piece for any ledger currency (balances, listings, filters). Payable ones: payments/methods. */
export const currency = z.enum(Currency);

/**
 * The most one amount may be, in minor units: far above any real price, prize, award or payout, and far
 * below BIGINT, so that sums of many of them (balances, revenue, a season's prizes) cannot overflow either.
 */
export const AMOUNT_LIMITS: Record<Currency, { max: bigint; unit: string }> = {
  POINTS: { max: 10n ** 12n, unit: 'points' },
  STARS: { max: 10n ** 6n, unit: 'Stars' },
  TON: { max: 10n ** 15n, unit: 'nanotons' }, // 1,000,000 TON
};

const tooMuch = (c: Currency) => `must be at most ${AMOUNT_LIMITS[c].max.toLocaleString('en-US')} ${AMOUNT_LIMITS[c].unit}`;

/** An amount of one known currency, zero allowed, bounded by that currency's limit. */
export const amountOrZeroIn = (c: Currency) =>
  amountOrZero(`must be a whole number of ${AMOUNT_LIMITS[c].unit}`).refine((v) => v <= AMOUNT_LIMITS[c].max, tooMuch(c));

/** An amount of one known currency, above zero, bounded by that currency's limit. */
export const amountIn = (c: Currency) => amountOrZeroIn(c).refine((v) => v > 0n, 'must be positive');

/**
 * Bounds `amountKey` of an object by the limit of the currency in `currencyKey`, for inputs where the
 * currency is chosen by the caller (a listing's price, an award). The refusal points at the amount.
 */
export function boundedByCurrency<T extends z.ZodType<Record<string, unknown>>>(schema: T, currencyKey = 'currency', amountKey = 'amount') {
  return schema.superRefine((v, ctx) => {
    const c = v[currencyKey] as Currency | undefined;
    const a = v[amountKey];
    if (c && typeof a === 'bigint' && a > AMOUNT_LIMITS[c].max) ctx.addIssue({ code: 'custom', path: [amountKey], message: tooMuch(c) });
  });
}
