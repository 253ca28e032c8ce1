import type { Invoice, Order } from '../../generated/prisma/client.ts';
import type { Config } from '../../config.ts';
import { methodFor } from './methods/index.ts';

/** An invoice as the Mini App reads it: what to pay, and how (each method fills in its own part). */
export function invoiceView(inv: Invoice, config: Config, extra: { order?: Order | null; productTitle?: string }) {
  return {
    id: inv.id,
    status: inv.status,
    currency: inv.currency,
    amount: inv.amount.toString(),
    paidAmount: inv.paidAmount.toString(),
    expiresAt: inv.expiresAt.toISOString(),
    paidAt: inv.paidAt?.toISOString() ?? null,
    createdAt: inv.createdAt.toISOString(),
    productTitle: extra.productTitle ?? null,
    orderId: extra.order?.id ?? null,
    orderStatus: extra.order?.status ?? null,
    stars: null,
    ton: null,
    ...methodFor(inv.currency).payWith(inv, config),
  };
}
export type InvoiceView = ReturnType<typeof invoiceView>;
