import { z } from 'zod';
import { BIGINT_MAX, key, lines, telegramId } from '../../lib/schemas.ts';
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
