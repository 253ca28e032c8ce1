import type { Prisma as P } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { participantWhere } from '../payments/queries.ts';
import type { OrdersFilter, PurchasedFilter } from './schemas.ts';

type Title = { en: string; ru: string };
const who = (p: { telegramId: bigint; firstName: string; username: string | null }) => ({ telegramId: p.telegramId.toString(), name: p.firstName, username: p.username });

/** Every order, newest first and paged, with its invoice and what was delivered. */
export async function listOrders(deps: AppDeps, f: OrdersFilter) {
  const where: P.OrderWhereInput = { participant: participantWhere(f.participant), productId: f.product, status: f.status };
  const [rows, total] = await Promise.all([
    deps.prisma.order.findMany({
      where,
      orderBy: [{ [f.sort.by]: f.sort.dir }, { id: f.sort.dir }],
      skip: (f.page - 1) * f.limit,
      take: f.limit,
      include: {
        participant: { select: { telegramId: true, firstName: true, username: true } },
        product: { select: { id: true, kind: true, title: true } },
        invoice: { select: { id: true, status: true, currency: true, amount: true, paidAt: true } },
        boost: { select: { startsAt: true, endsAt: true } },
        item: { select: { revokedAt: true } },
      },
    }),
    deps.prisma.order.count({ where }),
  ]);
  const now = deps.clock.now();
  const items = rows.map((o) => ({
    id: o.id,
    status: o.status,
    currency: o.currency,
    price: o.price.toString(),
    createdAt: o.createdAt.toISOString(),
    fulfilledAt: o.fulfilledAt?.toISOString() ?? null,
    refundedAt: o.refundedAt?.toISOString() ?? null,
    participant: who(o.participant),
    product: { id: o.product.id, kind: o.product.kind, title: o.product.title as Title },
    invoice: o.invoice ? { id: o.invoice.id, status: o.invoice.status, currency: o.invoice.currency, amount: o.invoice.amount.toString(), paidAt: o.invoice.paidAt?.toISOString() ?? null } : null,
    delivery: delivery(o, now),
  }));
  return { items, total, page: f.page, limit: f.limit };
}

/** What the order handed over, as an admin asks it: delivered, active (a boost running), ended, taken back, or not yet. */
function delivery(o: { status: string; fulfilledAt: Date | null; boost: { startsAt: Date; endsAt: Date } | null; item: { revokedAt: Date | null } | null }, now: Date) {
  if (o.status === 'REFUNDED' || o.item?.revokedAt) return 'REVOKED' as const;
  if (!o.fulfilledAt) return 'PENDING' as const;
  if (o.boost) return o.boost.endsAt > now ? ('ACTIVE' as const) : ('ENDED' as const);
  return 'DELIVERED' as const;
}

/**
 * Purchased products (items kept, not taken back) and boosts still running, by participant and by product,
 * newest first and paged; `byProduct` counts them per product for the same filter.
 */
export async function listPurchased(deps: AppDeps, f: PurchasedFilter) {
  const now = deps.clock.now();
  const participant = participantWhere(f.participant);
  const itemWhere: P.PurchasedItemWhereInput = { revokedAt: null, participant, productId: f.product };
  const boostWhere: P.BoostWhereInput = { endsAt: { gt: now }, participant, ...(f.product ? { order: { productId: f.product } } : {}) };
  const [items, boosts] = await Promise.all([
    f.kind === 'BOOST' ? [] : deps.prisma.purchasedItem.findMany({ where: itemWhere, include: { participant: true, product: { select: { id: true, title: true } } } }),
    f.kind === 'ITEM' ? [] : deps.prisma.boost.findMany({ where: boostWhere, include: { participant: true, order: { select: { product: { select: { id: true, title: true } } } } } }),
  ]);
  const all = [
    ...items.map((i) => ({
      key: `item-${i.id}`,
      kind: 'ITEM' as const,
      participant: who(i.participant),
      product: { id: i.product.id, title: i.product.title as Title },
      orderId: i.orderId,
      since: i.createdAt.toISOString(),
      until: null as string | null,
      multiplierBps: null as number | null,
    })),
    ...boosts.map((b) => ({
      key: `boost-${b.id}`,
      kind: 'BOOST' as const,
      participant: who(b.participant),
      product: b.order ? { id: b.order.product.id, title: b.order.product.title as Title } : null,
      orderId: b.orderId,
      since: b.startsAt.toISOString(),
      until: b.endsAt.toISOString(),
      multiplierBps: b.multiplierBps,
    })),
  ].sort(purchasedOrder(f.sort));
  const byProduct = new Map<number, { productId: number; title: Title; count: number }>();
  for (const r of all) {
    if (!r.product) continue;
    const e = byProduct.get(r.product.id) ?? { productId: r.product.id, title: r.product.title, count: 0 };
    e.count++;
    byProduct.set(r.product.id, e);
  }
  const start = (f.page - 1) * f.limit;
  return { items: all.slice(start, start + f.limit), total: all.length, page: f.page, limit: f.limit, byProduct: [...byProduct.values()].sort((a, b) => b.count - a.count) };
}

type HeldRow = { key: string; kind: string; since: string; until: string | null; participant: { name: string }; product: { title: Title } | null };

/** The rows are two tables merged here, so the order is too: the column asked for, then the newest, then the key. */
function purchasedOrder(sort: PurchasedFilter['sort']) {
  const value = (r: HeldRow): string => {
    if (sort.by === 'participant') return r.participant.name.toLowerCase();
    if (sort.by === 'product') return (r.product?.title.en ?? '').toLowerCase();
    if (sort.by === 'kind') return r.kind;
    if (sort.by === 'until') return r.until ?? '';
    return r.since;
  };
  const sign = sort.dir === 'asc' ? 1 : -1;
  return (a: HeldRow, b: HeldRow) => {
    const x = value(a);
    const y = value(b);
    if (x !== y) return (x < y ? -1 : 1) * sign;
    if (a.since !== b.since) return a.since < b.since ? 1 : -1;
    return a.key < b.key ? 1 : -1;
  };
}
