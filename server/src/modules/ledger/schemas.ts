import { z } from 'zod';
import { BIGINT_MAX, amount, key, lines, page, pageSize, searchText, telegramId } from '../../lib/schemas.ts';
import { boundedByCurrency, currency } from './currencies.ts';

/** The one currency schema (ledger/currencies.ts). */
export const currencySchema = currency;

export const awardSchema = boundedByCurrency(z.object({
  telegramId,
  currency: currencySchema,
  amount: z.union([z.string().regex(/^\d{1,20}$/), z.number().int().positive().max(Number.MAX_SAFE_INTEGER)]).transform((v) => BigInt(v)).refine((v) => v <= BIGINT_MAX, 'is too large'),
  reason: lines(500).min(3),
  idempotencyKey: key(8, 100).optional(),
}));
export type AwardInput = z.output<typeof awardSchema>;

/** A correction by hand: credit or debit, in minor units as digits, with the reason the participant is told. */
export const adjustSchema = boundedByCurrency(z.object({
  telegramId,
  currency: currencySchema,
  direction: z.enum(['credit', 'debit']),
  amount: amount('must be a whole number of minor units'),
  reason: lines(500).min(3),
  idempotencyKey: key(8, 100),
}));
export type AdjustInput = z.output<typeof adjustSchema>;

export const accountsSchema = z.object({
  search: searchText.optional(),
  currency: currencySchema.optional(),
  page,
  limit: pageSize(),
  sort: z.object({ by: z.enum(['balance', 'held', 'name', 'telegramId']), dir: z.enum(['asc', 'desc']) }).default({ by: 'balance', dir: 'desc' }),
});
export type AccountsInput = z.output<typeof accountsSchema>;
