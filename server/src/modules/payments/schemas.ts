import { z } from 'zod';
import { line } from '../../lib/schemas.ts';
import { InvoiceStatus } from '../../generated/prisma/enums.ts';
import { currency } from '../ledger/currencies.ts';

export const invoiceStatusSchema = z.enum(InvoiceStatus);
export const currencySchema = currency;
export const invoiceIdSchema = z.string().regex(/^[a-z0-9]{6,32}$/);

export const invoiceFilterSchema = z.object({ status: invoiceStatusSchema.optional(), currency: currencySchema.optional(), limit: z.number().int().min(1).max(200).default(50) });
export type InvoiceFilter = z.output<typeof invoiceFilterSchema>;

export const tonTransferFilterSchema = z.object({ outcome: line(32).optional(), limit: z.number().int().min(1).max(200).default(50) });
export type TonTransferFilter = z.output<typeof tonTransferFilterSchema>;
