import type { Currency, Participant, Product } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { oneAtATime } from '../../db/one-at-a-time.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { shortId } from '../../lib/ids.ts';
import { audit } from '../audit/service.ts';
import type { Lang } from '../../lib/localized.ts';
import { pick } from '../../lib/localized.ts';
import { forgetKey, once, type Idem } from '../idempotency/service.ts';
import { availableMethod, paymentOptions } from '../payments/methods/index.ts';
import { reserveStock } from '../payments/fulfilment.ts';
import { settleInvoice } from '../payments/settle.ts';
import { invoiceView, type InvoiceView } from '../payments/views.ts';
import { payablePrices, priceOf, productTitle, withPrices } from './views.ts';

const ACTIVE_ORDER = ['PENDING', 'FULFILLED'] as const;

function isOnSale(p: Product, now: Date) {
  return p.active && (!p.startsAt || p.startsAt <= now) && (!p.endsAt || p.endsAt > now);
}

export async function listProducts(deps: AppDeps, me: Participant) {
  const now = deps.clock.now();
  const lang = me.language as Lang;
  // Drops are sold from their own screen.
  const products = (
    await deps.prisma.product.findMany({ where: { kind: { not: 'COLLECTIBLE' } }, include: withPrices, orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] })
  ).filter((p) => isOnSale(p, now));
  const bought = await deps.prisma.order.groupBy({
    by: ['productId'],
    where: { participantId: me.id, status: { in: [...ACTIVE_ORDER] } },
    _count: { _all: true },
  });
  const counts = new Map(bought.map((b) => [b.productId, b._count._all]));
  const options = paymentOptions(deps.config);
  const ton = options.find((o) => o.currency === 'TON');
  return {
    /** Each way to pay and whether it works in this community now. */
    paymentOptions: options,
    tonAvailable: ton?.available ?? false,
    tonNotice: ton?.notice ?? null,
    products: products.map((p) => {
      const boughtCount = counts.get(p.id) ?? 0;
      return {
        id: p.id,
        slug: p.slug,
        kind: p.kind,
        title: pick(p.title, lang),
        description: pick(p.description, lang),
        imageUrl: p.imageUrl,
        prices: payablePrices(p, deps.config),
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
 * Starts a purchase: reserves the stock, opens an order and its invoice in the chosen method, and lets
 * the method start the payment (points settle here, in the same transaction; Stars get an invoice link;
 * TON gets what TON Connect needs). Stock and per-participant limits hold under concurrent buyers. With
 * an idempotency key, a retry answers with the same invoice and opens nothing new.
 */
export async function buy(deps: AppDeps, me: Participant, productId: number, currency: Currency, idem?: Idem): Promise<InvoiceView> {
  const now = deps.clock.now();
  const method = availableMethod(currency, deps.config);
  const { value: opened } = await oneAtATime(`participant:${me.id}`, () => inTx(deps.prisma, (tx) =>
    once(tx, me.id, idem, async () => {
      // One participant's purchases run one at a time, so the per-participant limit cannot be raced.
      // NO KEY UPDATE: rows that refer to the participant (the idempotency key just written, orders) take
      // KEY SHARE on it, and FOR UPDATE would make two such purchases deadlock upgrading their own.
      await tx.$queryRawUnsafe(`SELECT id FROM "Participant" WHERE id = $1 FOR NO KEY UPDATE`, me.id);
      const product = await tx.product.findUnique({ where: { id: productId }, include: withPrices });
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
      const id = shortId();
      const invoice = await tx.invoice.create({
        data: {
          id,
          participantId: me.id,
          purpose: `product:${product.slug}`,
          currency,
          amount: price,
          expiresAt: new Date(now.getTime() + method.invoiceTtlMinutes(deps.config) * 60_000),
          createdAt: now,
          ...method.invoiceFields(id),
        },
      });
      const order = await tx.order.create({ data: { participantId: me.id, productId, invoiceId: id, currency, price, createdAt: now } });
      await audit(tx, {
        actorId: me.id,
        action: 'invoice.created',
        subjectType: 'invoice',
        subjectId: id,
        data: { productId, currency, amount: price, orderId: order.id },
      });
      if (method.settlesAtOnce) {
        await settleInvoice(tx, deps, { invoiceId: id, payerId: me.id, currency, payKey: `order:${order.id}:pay` });
      }
      // Last: every buyer of the product waits for its row, so it stays locked only for the end of the transaction.
      await reserveStock(tx, product);
      return invoiceView(await tx.invoice.findUniqueOrThrow({ where: { id } }), deps.config, {
        order: await tx.order.findUniqueOrThrow({ where: { id: order.id } }),
        productTitle: productTitle(product, me.language as Lang),
      });
    }),
  ));
  // Also on a retry: the method's start is safe to repeat and finishes what a failed first call left.
  const inv = await deps.prisma.invoice.findUniqueOrThrow({ where: { id: opened.id }, include: { order: { include: { product: true } } } });
  let started;
  try {
    started = await method.start(deps, inv, inv.order!.product, me.language as Lang);
  } catch (e) {
    // The method undid the invoice; the same key may try again.
    await forgetKey(deps.prisma, me.id, idem);
    throw e;
  }
  return invoiceView(started, deps.config, { order: inv.order, productTitle: opened.productTitle ?? undefined });
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
