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

type Localized = { en: string; ru: string };

/** A product as the back office reads it: bigints and dates as strings, prices as rows and in the old fields. */
function adminView(p: PricedProduct) {
  return {
    id: p.id,
    slug: p.slug,
    kind: p.kind,
    title: p.title as Localized,
    description: p.description as Localized,
    imageUrl: p.imageUrl,
    stock: p.stock,
    perParticipantLimit: p.perParticipantLimit,
    startsAt: p.startsAt?.toISOString() ?? null,
    endsAt: p.endsAt?.toISOString() ?? null,
    active: p.active,
    sortOrder: p.sortOrder,
    pointsAmount: p.pointsAmount?.toString() ?? null,
    boostMultiplierBps: p.boostMultiplierBps,
    boostSeconds: p.boostSeconds,
    itemData: p.itemData,
    dropId: p.dropId,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    ...pricesOut(p.prices),
  };
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
