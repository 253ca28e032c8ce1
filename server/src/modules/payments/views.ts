import type { Invoice, Order } from '../../generated/prisma/client.ts';
import { commentPayload } from '../../lib/ton/gateway.ts';

/** An invoice as the Mini App reads it: what to pay, and for Stars/TON how. */
export function invoiceView(inv: Invoice, extra: { treasury?: string; order?: Order | null; productTitle?: string }) {
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
    stars: inv.currency === 'STARS' ? { invoiceLink: inv.invoiceLink } : null,
    ton:
      inv.currency === 'TON' && inv.tonComment && extra.treasury
        ? { address: extra.treasury, amount: inv.amount.toString(), comment: inv.tonComment, payload: commentPayload(inv.tonComment) }
        : null,
  };
}
export type InvoiceView = ReturnType<typeof invoiceView>;
