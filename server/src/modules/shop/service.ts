import type { Currency, Participant, Product } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { shortId } from '../../lib/ids.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer, type Tx } from '../ledger/service.ts';
import { audit } from '../audit/service.ts';
import type { Lang } from '../tasks/config.ts';
import { pick } from '../tasks/config.ts';
import { deliver } from './delivery.ts';
import { invoiceView, priceOf, productTitle, type InvoiceView, type PayCurrency } from './views.ts';
import { createStarsLink } from '../payments/stars.ts';
import { emit } from '../events/emit.ts';

const ACTIVE_ORDER = ['PENDING', 'FULFILLED'] as const;

function isOnSale(p: Product, now: Date) {
  return p.active && (!p.startsAt || p.startsAt <= now) && (!p.endsAt || p.endsAt > now);
}

export async function listProducts(deps: AppDeps, me: Participant) {
  const now = deps.clock.now();
  const lang = me.language as Lang;
  // Drops are sold from their own screen.
  const products = (await deps.prisma.product.findMany({ where: { kind: { not: 'COLLECTIBLE' } }, orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] })).filter((p) => isOnSale(p, now));
  const bought = await deps.prisma.order.groupBy({
    by: ['productId'],
    where: { participantId: me.id, status: { in: [...ACTIVE_ORDER] } },
    _count: { _all: true },
  });
  const counts = new Map(bought.map((b) => [b.productId, b._count._all]));
  const tonReady = Boolean(deps.config.ton.treasury);
  return {
    tonAvailable: tonReady,
    tonNotice: tonReady ? null : 'TON payments are not configured in this community yet.',
    products: products.map((p) => {
      const boughtCount = counts.get(p.id) ?? 0;
      const prices: { currency: PayCurrency; amount: string }[] = [];
      if (p.priceStars != null) prices.push({ currency: 'STARS', amount: p.priceStars.toString() });
      if (p.priceTon != null && tonReady) prices.push({ currency: 'TON', amount: p.priceTon.toString() });
      if (p.pricePoints != null) prices.push({ currency: 'POINTS', amount: p.pricePoints.toString() });
      return {
        id: p.id,
        slug: p.slug,
        kind: p.kind,
        title: pick(p.title, lang),
        description: pick(p.description, lang),
        imageUrl: p.imageUrl,
        prices,
        stockLeft: p.stock,
        perParticipantLimit: p.perParticipantLimit,
        boughtCount,
        soldOut: p.stock === 0,
        limitReached: p.perParticipantLimit != null && boughtCount >= p.perParticipantLimit,
        delivers: {
          points: p.pointsAmount?.toString() ?? null,
          boostMultiplierBps: p.boostMultiplierBps,
          boostSeconds: p.boostSeconds,
        },
      };
    }),
  };
}

/**
 * Starts a purchase. Points settle here in one transaction; Stars and TON reserve the stock and
 * return an invoice to pay. Stock and per-participant limits hold under concurrent buyers.
 */
export async function buy(deps: AppDeps, me: Participant, productId: number, currency: PayCurrency): Promise<InvoiceView> {
  const now = deps.clock.now();
  if (currency === 'TON' && !deps.config.ton.treasury) {
    throw new DomainError(AppCodes.TON_UNAVAILABLE, 'PRECONDITION_FAILED', 'TON payments are not available in this community yet.');
  }
  const ttlMinutes = currency === 'TON' ? deps.config.ton.invoiceTtlMinutes : deps.config.stars.invoiceTtlMinutes;
  const { invoice, order, product } = await inTx(deps.prisma, async (tx) => {
    // One participant's purchases run one at a time, so the per-participant limit cannot be raced.
    await tx.$queryRawUnsafe(`SELECT id FROM "Participant" WHERE id = $1 FOR UPDATE`, me.id);
    const product = await tx.product.findUnique({ where: { id: productId } });
    if (!product) throw new DomainError(AppCodes.PRODUCT_NOT_FOUND, 'NOT_FOUND', 'This product does not exist.');
    if (!isOnSale(product, now)) throw new DomainError(AppCodes.PRODUCT_UNAVAILABLE, 'PRECONDITION_FAILED', 'This product is not on sale now.');
    const price = priceOf(product, currency);
    if (price == null) {
      throw new DomainError(AppCodes.CURRENCY_NOT_ACCEPTED, 'BAD_REQUEST', `This product cannot be bought with ${currency}.`);
    }
    if (product.perParticipantLimit != null) {
      const mine = await tx.order.count({ where: { participantId: me.id, productId, status: { in: [...ACTIVE_ORDER] } } });
      if (mine >= product.perParticipantLimit) {
        throw new DomainError(AppCodes.LIMIT_REACHED, 'PRECONDITION_FAILED', 'You have bought as many of these as one person may.');
      }
    }
    await reserveStock(tx, product);
    const id = shortId();
    const paidNow = currency === 'POINTS';
    const invoice = await tx.invoice.create({
      data: {
        id,
        participantId: me.id,
        purpose: `product:${product.slug}`,
        currency: currency as Currency,
        amount: price,
        status: paidNow ? 'PAID' : 'PENDING',
        paidAmount: paidNow ? price : 0n,
        paidAt: paidNow ? now : null,
        expiresAt: new Date(now.getTime() + ttlMinutes * 60_000),
        tonComment: currency === 'TON' ? `inv:${id}` : null,
        createdAt: now,
      },
    });
    const order = await tx.order.create({
      data: { participantId: me.id, productId, invoiceId: id, currency: currency as Currency, price, createdAt: now },
    });
    if (paidNow) {
      await transfer(tx, {
        key: `order:${order.id}:pay`,
        debit: { participantId: me.id },
        credit: { system: SystemAccount.SINK },
        currency: 'POINTS',
        amount: price,
        kind: 'PURCHASE',
        reference: `order:${order.id}`,
      });
      await deliver(tx, order, product, now);
      await emit(tx, 'purchase.paid', { participantId: me.id, orderId: order.id }, { key: `order:${order.id}:paid` });
    }
    await audit(tx, {
      actorId: me.id,
      action: paidNow ? 'order.paid' : 'invoice.created',
      subjectType: 'invoice',
      subjectId: id,
      data: { productId, currency, amount: price, orderId: order.id },
    });
    return { invoice, order: await tx.order.findUniqueOrThrow({ where: { id: order.id } }), product };
  });
  const title = productTitle(product, me.language as Lang);
  if (currency === 'STARS') {
    const link = await createStarsLink(deps, invoice, product, me.language as Lang);
    return invoiceView({ ...invoice, invoiceLink: link }, { order, productTitle: title });
  }
  return invoiceView(invoice, { order, treasury: deps.config.ton.treasury, productTitle: title });
}

/** Decrements stock atomically; the CHECK (stock >= 0) and the WHERE make overselling impossible. */
export async function reserveStock(tx: Tx, product: Product): Promise<void> {
  if (product.stock == null) return;
  const n = await tx.$executeRawUnsafe(`UPDATE "Product" SET stock = stock - 1 WHERE id = $1 AND stock > 0`, product.id);
  if (n === 0) throw new DomainError(AppCodes.SOLD_OUT, 'CONFLICT', 'Sold out.');
}

export async function releaseStock(tx: Tx, productId: number): Promise<void> {
  await tx.$executeRawUnsafe(`UPDATE "Product" SET stock = stock + 1 WHERE id = $1 AND stock IS NOT NULL`, productId);
}

export async function ordersOf(deps: AppDeps, me: Participant) {
  const lang = me.language as Lang;
  const now = deps.clock.now();
  const orders = await deps.prisma.order.findMany({
    where: { participantId: me.id },
    orderBy: { id: 'desc' },
    take: 100,
    include: { product: true, invoice: true, boost: true, item: true },
  });
  return {
    orders: orders.map((o) => ({
      id: o.id,
      status: o.status,
      currency: o.currency,
      price: o.price.toString(),
      createdAt: o.createdAt.toISOString(),
      fulfilledAt: o.fulfilledAt?.toISOString() ?? null,
      product: { id: o.product.id, kind: o.product.kind, title: pick(o.product.title, lang), imageUrl: o.product.imageUrl },
      invoice: o.invoice ? { id: o.invoice.id, status: o.invoice.status } : null,
    })),
    purchased: orders
      .filter((o) => o.status === 'FULFILLED')
      .map((o) => ({
        orderId: o.id,
        kind: o.product.kind,
        title: pick(o.product.title, lang),
        imageUrl: o.product.imageUrl,
        points: o.product.kind === 'POINTS_PACK' ? o.product.pointsAmount?.toString() ?? null : null,
        boost: o.boost
          ? { multiplierBps: o.boost.multiplierBps, startsAt: o.boost.startsAt.toISOString(), endsAt: o.boost.endsAt.toISOString(), active: o.boost.startsAt <= now && o.boost.endsAt > now }
          : null,
        item: o.item && !o.item.revokedAt ? { id: o.item.id, data: o.item.data } : null,
        acquiredAt: (o.fulfilledAt ?? o.createdAt).toISOString(),
      })),
  };
}
