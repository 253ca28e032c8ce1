import type { Product, ProductKind } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { audit } from '../audit/service.ts';
import { applyPrices, pricesOut, type PriceChange } from './prices.ts';
import { withPrices, type PricedProduct } from './views.ts';

/** A product as an admin edits it. */
export interface ProductInput extends PriceChange {
  id?: number;
  slug: string;
  kind: ProductKind;
  title: { en: string; ru: string };
  description: { en: string; ru: string };
  imageUrl?: string | null;
  stock?: number | null;
  perParticipantLimit?: number | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
  active: boolean;
  sortOrder: number;
  pointsAmount?: bigint | null;
  boostMultiplierBps?: number | null;
  boostSeconds?: number | null;
}

const str = <T extends Record<string, unknown>>(row: T) =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v instanceof Date ? v.toISOString() : v]));

function adminView(p: PricedProduct) {
  const { prices, ...rest } = p;
  return { ...(str(rest) as Record<string, unknown>), ...pricesOut(prices) };
}

export async function adminProducts(deps: AppDeps) {
  const rows = await deps.prisma.product.findMany({ include: withPrices, orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] });
  return rows.map(adminView);
}

/** Creates or updates a product and its prices in one transaction; audited. */
export async function saveProduct(deps: AppDeps, adminId: number, input: ProductInput) {
  const { id, prices, legacy, ...data } = input;
  return inTx(deps.prisma, async (tx) => {
    const saved: Product = id
      ? await tx.product.update({ where: { id }, data: { ...data, updatedAt: deps.clock.now() } })
      : await tx.product.create({ data });
    await applyPrices(tx, saved.id, { prices, legacy });
    await audit(tx, { actorId: adminId, action: id ? 'product.updated' : 'product.created', subjectType: 'product', subjectId: saved.id, data: { slug: saved.slug } });
    return adminView(await tx.product.findUniqueOrThrow({ where: { id: saved.id }, include: withPrices }));
  });
}
