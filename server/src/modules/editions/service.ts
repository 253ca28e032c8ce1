import type { Order, Product } from '../../generated/prisma/client.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import type { Tx } from '../ledger/service.ts';
import { roll, type AttributeTables } from './roll.ts';

/**
 * Creates the edition a drop purchase (or award) bought: the next number in the collection (no gaps:
 * the counter moves in the same transaction) and attributes rolled from the drop's committed seed.
 */
export async function mintEdition(
  tx: Tx,
  o: { dropId: number; ownerId: number; purchaseId: string; orderId?: number | null; kind: string; currency?: Order['currency'] | null; price?: bigint | null; now: Date },
) {
  const drop = await tx.drop.findUniqueOrThrow({ where: { id: o.dropId }, include: { collection: true } });
  const [next] = await tx.$queryRawUnsafe<{ minted: number }[]>(
    `UPDATE "Collection" SET minted = minted + 1 WHERE id = $1 AND minted < "supplyCap" RETURNING minted`,
    drop.collectionId,
  );
  if (!next) throw new DomainError(AppCodes.SOLD_OUT, 'CONFLICT', 'This collection has reached its supply cap.');
  const r = roll(drop.seed, drop.id, o.purchaseId, drop.collection.attributes as unknown as AttributeTables);
  const edition = await tx.edition.create({
    data: {
      collectionId: drop.collectionId,
      number: next.minted,
      dropId: drop.id,
      orderId: o.orderId ?? null,
      rollInput: `${drop.id}:${o.purchaseId}`,
      ownerId: o.ownerId,
      model: r.model.value,
      backdrop: r.backdrop.value,
      symbol: r.symbol.value,
      modelPermille: r.model.permille,
      backdropPermille: r.backdrop.permille,
      symbolPermille: r.symbol.permille,
      rarity: r.rarity,
      createdAt: o.now,
    },
  });
  await tx.editionTransfer.create({
    data: { editionId: edition.id, toId: o.ownerId, kind: o.kind, currency: o.currency ?? null, price: o.price ?? null, createdAt: o.now },
  });
  return edition;
}

/** Shop delivery for a drop's product: the order's id is the roll's purchase id. */
export async function deliverCollectible(tx: Tx, order: Order, product: Product, now: Date) {
  if (!product.dropId) throw new Error(`product ${product.id} is a collectible without a drop`);
  const existing = await tx.edition.findUnique({ where: { orderId: order.id } });
  if (existing) return existing;
  return mintEdition(tx, {
    dropId: product.dropId,
    ownerId: order.participantId,
    purchaseId: String(order.id),
    orderId: order.id,
    kind: 'DROP',
    currency: order.currency,
    price: order.price,
    now,
  });
}
