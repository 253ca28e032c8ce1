import type { AppDeps } from '../../context.ts';
import { DAY_MS, startOfDay, startOfWeek } from '../../lib/time.ts';

type Money = { currency: string; amount: string };
const sinceDays = (deps: AppDeps, days: number) => new Date(deps.clock.now().getTime() - days * DAY_MS);
const share = (part: number, whole: number) => (whole ? part / whole : null);

/** The shop screen's name in ScreenView: its viewers are the conversion's base. */
export const SHOP_SCREEN = 'shop';

/**
 * Per product over the last `days` days: orders fulfilled, revenue per currency, buyers; and the shop's
 * conversion: of the participants who opened the shop screen, how many bought (anything, or this product).
 */
export async function products(deps: AppDeps, days: number) {
  const since = sinceDays(deps, days);
  const [rows, [shop]] = await Promise.all([
    deps.db.sql.query<{ productId: number; slug: string; title: unknown; currency: string; sales: number; amount: bigint; buyers: number; viewers: number }>(
      `SELECT o."productId", p.slug, p.title, o.currency::text AS currency, count(*)::int AS sales, sum(o.price)::bigint AS amount,
              count(DISTINCT o."participantId")::int AS buyers
         FROM "Order" o JOIN "Product" p ON p.id = o."productId"
        WHERE o.status = 'FULFILLED' AND o."fulfilledAt" >= $1::timestamp(3)
        GROUP BY 1, 2, 3, 4`,
      [since],
    ),
    deps.db.sql.query<{ viewers: number; buyers: number }>(
      `WITH v AS (SELECT DISTINCT "participantId" AS id FROM "ScreenView" WHERE screen = $2 AND at >= $1::timestamp(3))
       SELECT (SELECT count(*) FROM v)::int AS viewers,
              (SELECT count(*) FROM v WHERE EXISTS (SELECT 1 FROM "Order" o WHERE o."participantId" = v.id AND o.status = 'FULFILLED' AND o."fulfilledAt" >= $1::timestamp(3)))::int AS buyers`,
      [since, SHOP_SCREEN],
    ),
  ]);
  // Buyers of a product across currencies are counted once.
  const buyers = new Map(
    (
      await deps.db.sql.query<{ productId: number; buyers: number }>(
        `SELECT "productId", count(DISTINCT "participantId")::int AS buyers FROM "Order"
          WHERE status = 'FULFILLED' AND "fulfilledAt" >= $1::timestamp(3) GROUP BY 1`,
        [since],
      )
    ).map((r) => [r.productId, r.buyers]),
  );
  const byProduct = new Map<number, { productId: number; slug: string; title: unknown; sales: number; buyers: number; conversion: number | null; revenue: Money[] }>();
  for (const r of rows) {
    let p = byProduct.get(r.productId);
    if (!p) {
      const b = buyers.get(r.productId) ?? 0;
      byProduct.set(r.productId, (p = { productId: r.productId, slug: r.slug, title: r.title, sales: 0, buyers: b, conversion: share(b, shop.viewers), revenue: [] }));
    }
    p.sales += r.sales;
    p.revenue.push({ currency: r.currency, amount: r.amount.toString() });
  }
  const list = [...byProduct.values()].sort((a, b) => b.sales - a.sales || a.productId - b.productId);
  for (const p of list) p.revenue.sort((a, b) => (a.currency < b.currency ? -1 : 1));
  return { days, shop: { viewers: shop.viewers, buyers: shop.buyers, conversion: share(shop.buyers, shop.viewers) }, products: list };
}

// A participant counts as active on a day they opened a screen or claimed a task (the overview's trend too).
export const ACTIVITY = `SELECT "participantId" AS pid, at AS t FROM "ScreenView" UNION ALL SELECT "participantId", "createdAt" FROM "TaskClaim"`;
const RETENTION_DAYS = [1, 7, 30] as const;

/**
 * Participants over the last `days` days: new and active per day, D1/D7/D30 retention of those who joined
 * in the window (of the joiners whose day N has ended, how many were active on day N after the day they
 * joined), the funnel opened → claimed a task → bought → invited, and per signup week the revenue per
 * currency their purchases brought (all time) and its mean per participant (LTV).
 */
export async function participants(deps: AppDeps, days: number) {
  const now = deps.clock.now();
  const first = new Date(startOfDay(now).getTime() - (days - 1) * DAY_MS);
  const today = startOfDay(now);
  const [daily, retention, [funnel], ltvRows, sizes] = await Promise.all([
    deps.db.sql.query<{ day: string; new: number; active: number }>(
      `WITH d AS (SELECT generate_series($1::timestamp(3), $2::timestamp(3), interval '1 day') AS day)
       SELECT to_char(d.day, 'YYYY-MM-DD') AS day,
              (SELECT count(*) FROM "Participant" p WHERE p."deletedAt" IS NULL AND p."createdAt" >= d.day AND p."createdAt" < d.day + interval '1 day')::int AS new,
              (SELECT count(DISTINCT a.pid) FROM (${ACTIVITY}) a WHERE a.t >= d.day AND a.t < d.day + interval '1 day')::int AS active
         FROM d ORDER BY d.day`,
      [first, today],
    ),
    deps.db.sql.query<{ n: number; eligible: number; retained: number }>(
      `WITH j AS (SELECT id, date_trunc('day', "createdAt") AS d0 FROM "Participant" WHERE "deletedAt" IS NULL AND "createdAt" >= $1::timestamp(3)),
            n AS (SELECT unnest($3::int[]) AS n)
       SELECT n.n, count(j.id)::int AS eligible,
              count(j.id) FILTER (WHERE EXISTS (SELECT 1 FROM (${ACTIVITY}) a WHERE a.pid = j.id AND a.t >= j.d0 + n.n * interval '1 day' AND a.t < j.d0 + (n.n + 1) * interval '1 day'))::int AS retained
         FROM n LEFT JOIN j ON j.d0 + (n.n + 1) * interval '1 day' <= $2::timestamp(3)
        GROUP BY n.n ORDER BY n.n`,
      [first, today, [...RETENTION_DAYS]],
    ),
    deps.db.sql.query<{ opened: number; claimed: number; bought: number; invited: number }>(
      `SELECT count(*)::int AS opened,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "TaskClaim" t WHERE t."participantId" = p.id))::int AS claimed,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "Order" o WHERE o."participantId" = p.id AND o.status = 'FULFILLED'))::int AS bought,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "Participant" f WHERE f."invitedById" = p.id))::int AS invited
         FROM "Participant" p WHERE p."deletedAt" IS NULL AND p."createdAt" >= $1::timestamp(3)`,
      [first],
    ),
    deps.db.sql.query<{ cohort: string; currency: string; amount: bigint }>(
      `SELECT to_char(date_trunc('week', p."createdAt"), 'YYYY-MM-DD') AS cohort, o.currency::text AS currency, sum(o.price)::bigint AS amount
         FROM "Participant" p JOIN "Order" o ON o."participantId" = p.id AND o.status = 'FULFILLED'
        WHERE p."deletedAt" IS NULL AND p."createdAt" >= $1::timestamp(3) GROUP BY 1, 2`,
      [startOfWeek(first)],
    ),
    deps.db.sql.query<{ cohort: string; size: number }>(
      `SELECT to_char(date_trunc('week', "createdAt"), 'YYYY-MM-DD') AS cohort, count(*)::int AS size
         FROM "Participant" WHERE "deletedAt" IS NULL AND "createdAt" >= $1::timestamp(3) GROUP BY 1 ORDER BY 1`,
      [startOfWeek(first)],
    ),
  ]);
  const ltv = sizes.map(({ cohort, size }) => ({
    cohort,
    size,
    revenue: ltvRows
      .filter((r) => r.cohort === cohort)
      .sort((a, b) => (a.currency < b.currency ? -1 : 1))
      .map((r) => ({ currency: r.currency, amount: r.amount.toString(), perParticipant: (BigInt(r.amount) / BigInt(size)).toString() })),
  }));
  return {
    days,
    daily,
    retention: retention.map((r) => ({ day: r.n, eligible: r.eligible, retained: r.retained })),
    funnel: (['opened', 'claimed', 'bought', 'invited'] as const).map((step) => ({ step, count: funnel[step] })),
    ltv,
  };
}

/**
 * Money per UTC day and currency over the last `days` days, from the ledger's system accounts: inflows
 * (from outside: Stars, TON), outflows (to outside: payouts, refunds, gifts sent), fees kept, amounts put
 * on hold and released from it (posted or voided). Days and currencies without a movement are left out.
 */
export async function finance(deps: AppDeps, days: number) {
  const first = new Date(startOfDay(deps.clock.now()).getTime() - (days - 1) * DAY_MS);
  const rows = await deps.db.sql.query<{ day: string; currency: string; inflows: bigint; outflows: bigint; fees: bigint; held: bigint; released: bigint }>(
    `SELECT to_char(date_trunc('day', t."createdAt"), 'YYYY-MM-DD') AS day, t.currency::text AS currency,
            coalesce(sum(t.amount) FILTER (WHERE d.code = 'external'), 0)::bigint AS inflows,
            coalesce(sum(t.amount) FILTER (WHERE c.code IN ('external', 'payouts')), 0)::bigint AS outflows,
            coalesce(sum(t.amount) FILTER (WHERE c.code = 'fees'), 0)::bigint AS fees,
            coalesce(sum(t.amount) FILTER (WHERE c.code = 'hold' AND t."pendingId" IS NULL), 0)::bigint AS held,
            coalesce(sum(t.amount) FILTER (WHERE d.code = 'hold'), 0)::bigint AS released
       FROM "Transfer" t JOIN "Account" d ON d.id = t."debitAccountId" JOIN "Account" c ON c.id = t."creditAccountId"
      WHERE t."createdAt" >= $1::timestamp(3) AND (d.code IN ('external', 'hold') OR c.code IN ('external', 'payouts', 'fees', 'hold'))
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [first],
  );
  return {
    days,
    rows: rows.map((r) => ({
      day: r.day,
      currency: r.currency,
      inflows: r.inflows.toString(),
      outflows: r.outflows.toString(),
      fees: r.fees.toString(),
      held: r.held.toString(),
      released: r.released.toString(),
    })),
  };
}
