import type { Currency } from '../../generated/prisma/client.ts';
import type { Tx } from '../ledger/service.ts';
import { PAYABLE_CURRENCIES } from '../payments/methods/index.ts';

/** The price fields products had before prices became rows; still accepted and shown for old clients. */
export const LEGACY_PRICE_FIELDS = { priceStars: 'STARS', priceTon: 'TON', pricePoints: 'POINTS' } as const satisfies Record<string, Currency>;
export type LegacyPrices = { [K in keyof typeof LEGACY_PRICE_FIELDS]?: bigint | null };

export interface PriceChange {
  /** The whole set of prices, when given; currencies left out are no longer accepted. */
  prices?: { currency: Currency; amount: bigint }[];
  /** Per legacy field: a price sets it, null removes it, absent leaves it. Applied after `prices`. */
  legacy?: LegacyPrices;
}

/** Writes a product's price rows from a change, keeping the ones the change does not touch. */
export async function applyPrices(tx: Tx, productId: number, change: PriceChange): Promise<void> {
  const current = await tx.productPrice.findMany({ where: { productId } });
  const next = new Map<Currency, bigint>(current.map((p) => [p.currency, p.amount]));
  if (change.prices) {
    next.clear();
    for (const p of change.prices) next.set(p.currency, p.amount);
  }
  for (const [field, currency] of Object.entries(LEGACY_PRICE_FIELDS)) {
    const v = change.legacy?.[field as keyof LegacyPrices];
    if (v === null) next.delete(currency);
    else if (v !== undefined) next.set(currency, v);
  }
  await tx.productPrice.deleteMany({ where: { productId } });
  if (next.size) await tx.productPrice.createMany({ data: [...next].map(([currency, amount]) => ({ productId, currency, amount })) });
}

/** Price rows as the admin reads them (in the payment methods' order), and in the legacy fields too. */
export function pricesOut(rows: { currency: Currency; amount: bigint }[]) {
  const prices = [...rows].sort((a, b) => PAYABLE_CURRENCIES.indexOf(a.currency) - PAYABLE_CURRENCIES.indexOf(b.currency));
  const legacy = Object.fromEntries(
    Object.entries(LEGACY_PRICE_FIELDS).map(([field, currency]) => [field, prices.find((p) => p.currency === currency)?.amount.toString() ?? null]),
  ) as { [K in keyof typeof LEGACY_PRICE_FIELDS]: string | null };
  return { ...legacy, prices: prices.map((p) => ({ currency: p.currency, amount: p.amount.toString() })) };
}
