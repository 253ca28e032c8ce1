/** What a paid order hands over, and the stock its invoice holds. Shop and drops sell through here. */
import type { Order, Product } from '../../generated/prisma/client.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer, type Tx } from '../ledger/service.ts';
import { deliverCollectible } from '../editions/service.ts';

/** Hands over what a paid order bought. Idempotent: keyed by the order. */
export async function deliver(tx: Tx, order: Order, product: Product, now: Date): Promise<void> {
  switch (product.kind) {
    case 'POINTS_PACK':
      await transfer(tx, {
        key: `order:${order.id}:deliver`,
        debit: { system: SystemAccount.ISSUANCE },
        credit: { participantId: order.participantId },
        currency: 'POINTS',
        amount: product.pointsAmount ?? 0n,
        kind: 'POINTS_PACK',
        reference: `order:${order.id}`,
      });
      break;
    case 'BOOST': {
      // A new boost starts when the current one ends, so buying twice extends rather than overlaps.
      const last = await tx.boost.findFirst({ where: { participantId: order.participantId, endsAt: { gt: now } }, orderBy: { endsAt: 'desc' } });
      const startsAt = last ? last.endsAt : now;
      await tx.boost.upsert({
        where: { orderId: order.id },
        create: {
          participantId: order.participantId,
          orderId: order.id,
          multiplierBps: product.boostMultiplierBps ?? 10_000,
          startsAt,
          endsAt: new Date(startsAt.getTime() + (product.boostSeconds ?? 0) * 1000),
        },
        update: {},
      });
      break;
    }
    case 'COLLECTIBLE':
      await deliverCollectible(tx, order, product, now);
      break;
    case 'ITEM':
      await tx.purchasedItem.upsert({
        where: { orderId: order.id },
        create: { participantId: order.participantId, productId: product.id, orderId: order.id, data: product.itemData ?? undefined, createdAt: now },
        update: {},
      });
      break;
  }
  await tx.order.update({ where: { id: order.id }, data: { status: 'FULFILLED', fulfilledAt: now } });
}

/** Takes back what an order delivered, for a refund. Points already spent cannot be taken back. */
export async function undeliver(tx: Tx, order: Order, product: Product, now: Date): Promise<void> {
  switch (product.kind) {
    case 'POINTS_PACK':
      try {
        await transfer(tx, {
          key: `order:${order.id}:undeliver`,
          debit: { participantId: order.participantId },
          credit: { system: SystemAccount.ISSUANCE },
          currency: 'POINTS',
          amount: product.pointsAmount ?? 0n,
          kind: 'POINTS_PACK_REVERSAL',
          reference: `order:${order.id}`,
        });
      } catch (e) {
        if (e instanceof DomainError && e.appCode === AppCodes.INSUFFICIENT_FUNDS) {
          throw new DomainError(
            AppCodes.REFUND_NOT_POSSIBLE,
            'PRECONDITION_FAILED',
            'The points from this pack were already spent, so it cannot be refunded.',
          );
        }
        throw e;
      }
      break;
    case 'BOOST':
      // Cut the boost short now; one still queued for later becomes zero-length.
      await tx.$executeRawUnsafe(
        `UPDATE "Boost" SET "endsAt" = GREATEST("startsAt", LEAST("endsAt", $2)) WHERE "orderId" = $1`,
        order.id,
        now,
      );
      break;
    case 'ITEM':
      await tx.purchasedItem.updateMany({ where: { orderId: order.id }, data: { revokedAt: now } });
      break;
    case 'COLLECTIBLE':
      // A numbered edition may already be traded or on chain; refunds of drops are not taken back.
      throw new DomainError(AppCodes.NOT_REFUNDABLE, 'PRECONDITION_FAILED', 'Collectibles from drops cannot be refunded.');
  }
  await tx.order.update({ where: { id: order.id }, data: { status: 'REFUNDED', refundedAt: now } });
}

/** Decrements stock atomically; the CHECK (stock >= 0) and the WHERE make overselling impossible. */
export async function reserveStock(tx: Tx, product: Pick<Product, 'id' | 'stock'>): Promise<void> {
  if (product.stock == null) return;
  // Read in this transaction: sold out already, so no need to queue for the row.
  if (product.stock === 0) throw new DomainError(AppCodes.SOLD_OUT, 'CONFLICT', 'Sold out.');
  const n = await tx.$executeRawUnsafe(`UPDATE "Product" SET stock = stock - 1 WHERE id = $1 AND stock > 0`, product.id);
  if (n === 0) throw new DomainError(AppCodes.SOLD_OUT, 'CONFLICT', 'Sold out.');
}

export async function releaseStock(tx: Tx, productId: number): Promise<void> {
  await tx.$executeRawUnsafe(`UPDATE "Product" SET stock = stock + 1 WHERE id = $1 AND stock IS NOT NULL`, productId);
}
