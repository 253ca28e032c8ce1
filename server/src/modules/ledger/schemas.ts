import { z } from 'zod';
import { currency } from './currencies.ts';

/** The one currency schema (ledger/currencies.ts). */
export const currencySchema = currency;
const telegramId = z.union([z.string().regex(/^\d+$/), z.number().int().positive()]).transform((v) => BigInt(v));

export const awardSchema = z.object({
  telegramId,
  currency: currencySchema,
  amount: z.union([z.string().regex(/^\d{1,20}$/), z.number().int().positive()]).transform((v) => BigInt(v)),
  reason: z.string().trim().min(3).max(500),
  idempotencyKey: z.string().min(8).max(100).optional(),
});
export type AwardInput = z.output<typeof awardSchema>;
