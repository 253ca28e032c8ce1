import type { Invoice, Order, Product } from '../../generated/prisma/client.ts';
import { pick, type Lang } from '../tasks/config.ts';
import { commentPayload } from '../../lib/ton/gateway.ts';

export type PayCurrency = 'STARS' | 'TON' | 'POINTS';

export function priceOf(p: Product, currency: PayCurrency): bigint | null {
  return currency === 'STARS' ? p.priceStars : currency === 'TON' ? p.priceTon : p.pricePoints;
}

export function productTitle(p: Pick<Product, 'title'>, lang: Lang) {
  return pick(p.title, lang);
}

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
