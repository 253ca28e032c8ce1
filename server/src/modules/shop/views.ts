import type { Currency, Product, ProductPrice } from '../../generated/prisma/client.ts';
import type { Config } from '../../config.ts';
import { pick, type Lang } from '../../lib/localized.ts';
import { paymentMethods } from '../payments/methods/index.ts';

export type PricedProduct = Product & { prices: Pick<ProductPrice, 'currency' | 'amount'>[] };

/** Reads of a product with its price rows. */
export const withPrices = { prices: { select: { currency: true, amount: true } } } as const;

export function priceOf(p: Pick<PricedProduct, 'prices'>, currency: Currency): bigint | null {
  return p.prices.find((x) => x.currency === currency)?.amount ?? null;
}

/** The prices a participant can pay now, in the payment methods' order (unavailable methods hidden). */
export function payablePrices(p: Pick<PricedProduct, 'prices'>, config: Config): { currency: Currency; amount: string }[] {
  return paymentMethods.flatMap((m) => {
    const amount = priceOf(p, m.currency);
    return amount != null && m.available(config) ? [{ currency: m.currency, amount: amount.toString() }] : [];
  });
}

export function productTitle(p: Pick<Product, 'title'>, lang: Lang) {
  return pick(p.title, lang);
}
