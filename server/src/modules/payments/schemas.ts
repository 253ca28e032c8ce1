import { z } from 'zod';
import { instant, line, page, searchText, sortOf, telegramId } from '../../lib/schemas.ts';
import { InvoiceStatus } from '../../generated/prisma/enums.ts';
import { currency } from '../ledger/currencies.ts';

export const invoiceStatusSchema = z.enum(InvoiceStatus);
export const currencySchema = currency;
export const invoiceIdSchema = z.string().regex(/^[a-z0-9]{6,32}$/);

/** Filters of the invoices table; `{ status, currency, limit }` alone still reads the newest invoices. */
export const invoiceFilterSchema = z.object({
  status: invoiceStatusSchema.optional(),
  currency: currencySchema.optional(),
  /** A Telegram id, an @username or a name. */
  participant: searchText.optional(),
  /** One invoice, for a link to it. */
  id: invoiceIdSchema.optional(),
  from: instant.optional(),
  to: instant.optional(),
  page,
  limit: z.number().int().min(1).max(200).default(50),
  sort: sortOf(['createdAt', 'amount', 'status'], { by: 'createdAt', dir: 'desc' }),
});
export type InvoiceFilter = z.output<typeof invoiceFilterSchema>;

export const tonTransferFilterSchema = z.object({ outcome: line(32).optional(), limit: z.number().int().min(1).max(200).default(50) });
export type TonTransferFilter = z.output<typeof tonTransferFilterSchema>;

/** A TON transaction's hash as the watcher records it (hex). */
export const tonHashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a TON transaction hash');

/** TON that matched no invoice, resolved by hand: credited to a participant, or marked to go back to its sender. */
export const resolveTonSchema = z
  .object({ id: tonHashSchema, action: z.enum(['credit', 'return']), telegramId: telegramId.optional() })
  .refine((v) => v.action !== 'credit' || v.telegramId != null, { message: 'Name the participant to credit.', path: ['telegramId'] });
export type ResolveTonInput = z.output<typeof resolveTonSchema>;
