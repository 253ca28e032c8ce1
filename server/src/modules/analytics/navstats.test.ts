import { describe, expect, it } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { failure, useHarness } from '../../test/harness.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { hold, postPending, transfer, voidPending } from '../ledger/service.ts';

const h = useHarness({ ADMIN_TELEGRAM_IDS: '8800', ANALYTICS_TRACK_PER_MINUTE: '60' });
const owner = { telegramId: 8800, firstName: 'Owner' };
const DAY = 86_400_000;
const NOW = Date.parse('2026-11-24T12:00:00Z');
const iso = (t: number) => new Date(t).toISOString();
const dayOf = (t: number) => iso(t).slice(0, 10);
const dayStart = (t: number) => Math.floor(t / DAY) * DAY;

/** A small deterministic generator, so a failure can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T,>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}

const SCREENS = ['home', 'tasks', 'shop', 'collect', 'top', 'profile', 'wallet', 'orders'] as const;

describe('analytics.track', () => {
  it('stores a batch of screen views and refuses what is too big, badly named, out of time or too fast', async () => {
    h.clock.set(iso(NOW));
    const pia = { telegramId: 8801, firstName: 'Pia' };
    const me = await h.as(pia).profile.me();
    const ev = (screen: string, from?: string, at = NOW - 5_000) => ({ screen, ...(from ? { from } : {}), at: iso(at) });
    expect(await h.as(pia).analytics.track({ events: [ev('home'), ev('tasks', 'home')] })).toEqual({ recorded: 2 });
    const stored = await h.deps.prisma.screenView.findMany({ where: { participantId: me.id }, orderBy: { id: 'asc' } });
    expect(stored.map((s) => [s.screen, s.from, s.at.toISOString()])).toEqual([
      ['home', null, iso(NOW - 5_000)],
      ['tasks', 'home', iso(NOW - 5_000)],
    ]);

    const refused = async (events: unknown[]) => failure(h.as(pia).analytics.track({ events } as never));
    // Input refusals are BAD_REQUEST with the field named (the client sees appCode VALIDATION).
    expect(await refused(Array.from({ length: 51 }, () => ev('home')))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('must hold at most 50 events') });
    expect(await refused([])).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('events') });
    expect(await refused([ev('Home')])).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/"screen"[\s\S]*must be a short screen name/) });
    expect(await refused([ev('shop', 'x'.repeat(41))])).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/"from"[\s\S]*must be a short screen name/) });
    expect(await refused([{ screen: 'home', at: 'yesterday' }])).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('"at"') });
    // The whole batch is refused when one time is off: nothing of it is stored.
    expect(await refused([ev('home'), ev('shop', 'home', NOW + 2 * 60_000)])).toMatchObject({ code: 'BAD_REQUEST', appCode: 'OUT_OF_RANGE' });
    expect(await refused([ev('home', undefined, NOW - DAY - 1000)])).toMatchObject({ code: 'BAD_REQUEST', appCode: 'OUT_OF_RANGE' });
    // A device clock a little ahead is fine.
    expect(await h.as(pia).analytics.track({ events: [ev('shop', 'tasks', NOW + 30_000)] })).toEqual({ recorded: 1 });
    expect(await h.deps.prisma.screenView.count()).toBe(3);

    // 60 a minute: 3 sent, 50 more pass, 8 more would pass the bound, 7 do.
    expect(await h.as(pia).analytics.track({ events: Array.from({ length: 50 }, () => ev('home')) })).toEqual({ recorded: 50 });
    expect(await refused(Array.from({ length: 8 }, () => ev('home')))).toMatchObject({ code: 'TOO_MANY_REQUESTS', appCode: 'RATE_LIMITED' });
    expect(await h.as(pia).analytics.track({ events: Array.from({ length: 7 }, () => ev('home')) })).toEqual({ recorded: 7 });
    expect(await refused([ev('home')])).toMatchObject({ code: 'TOO_MANY_REQUESTS', appCode: 'RATE_LIMITED' });
    // Another participant has a bound of their own; a minute later Pia may send again.
    expect(await h.as({ telegramId: 8802, firstName: 'Quin' }).analytics.track({ events: [ev('home')] })).toEqual({ recorded: 1 });
    h.clock.set(iso(NOW + 61_000));
    expect(await h.as(pia).analytics.track({ events: [ev('home')] })).toEqual({ recorded: 1 });
    expect(await h.deps.prisma.screenView.count({ where: { participantId: me.id } })).toBe(61);

    // Admins only read; a participant may not.
    expect(await failure(h.as(pia).admin.analytics.navigation({ days: 7 }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(h.as(owner).admin.analytics.navigation({ days: 0 }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('days') });
  });

  it('deletes screen views older than ANALYTICS_KEEP_DAYS', async () => {
    const { pruneScreenViews } = await import('./navigation.ts');
    h.clock.set(iso(NOW));
    const me = await h.as({ telegramId: 8803, firstName: 'Old' }).profile.me();
    await h.deps.prisma.screenView.createMany({
      data: [NOW - 91 * DAY, NOW - 89 * DAY, NOW - DAY].map((t) => ({ participantId: me.id, screen: 'home', at: new Date(t) })),
    });
    expect(await pruneScreenViews(h.deps)).toBe(1);
    expect(await h.deps.prisma.screenView.count()).toBe(2);
  });
});

describe('admin.analytics on generated activity', () => {
  it('counts screens, paths, people, products and money exactly as the generated data says', async () => {
    const r = rng(20261124);
    const checkin = await h.task({ type: 'DAILY_CHECKIN', period: 'DAILY', reward: 10n });
    const productRows = await Promise.all(
      ['mug', 'cap', 'pin'].map((slug) =>
        h.deps.prisma.product.create({ data: { slug, kind: 'ITEM', title: { en: slug, ru: slug }, description: { en: slug, ru: slug } } }),
      ),
    );
    h.clock.set(iso(NOW - 60 * DAY));
    await h.as(owner).profile.me(); // joined long before every window

    type Person = { id: number; joined: number; views: { screen: string; from: string | null; at: number }[]; claims: number[]; orders: { productId: number; currency: 'STARS' | 'TON' | 'POINTS'; price: bigint; at: number }[]; inviter: number | null };
    const people: Person[] = [];
    for (let i = 0; i < 24; i++) {
      // Joined at a random time within the last 40 days (some before a 30-day window).
      const joined = NOW - Math.floor(r.next() * 40 * DAY);
      h.clock.set(iso(joined));
      const me = await h.as({ telegramId: 8900 + i, firstName: `P${i}` }).profile.me();
      const p: Person = { id: me.id, joined, views: [], claims: [], orders: [], inviter: null };
      people.push(p);
      // Sessions on a few days after joining: a run of screens, each with the one before.
      const sessions = r.int(5);
      for (let s = 0; s < sessions; s++) {
        let t = joined + (s === 0 ? 1000 : Math.floor(r.next() * (NOW - joined)));
        let prev: string | null = null;
        const batch: { screen: string; from?: string; at: string }[] = [];
        for (let k = 0, n = 1 + r.int(6); k < n && t < NOW; k++, t += 5_000) {
          const screen = r.pick(SCREENS);
          batch.push({ screen, ...(prev ? { from: prev } : {}), at: iso(t) });
          p.views.push({ screen, from: prev, at: t });
          prev = screen;
        }
        if (!batch.length) continue;
        h.clock.set(iso(Date.parse(batch[batch.length - 1].at) + 1000));
        await h.as({ telegramId: 8900 + i, firstName: `P${i}` }).analytics.track({ events: batch });
      }
      // Check-ins on some days after joining (one per UTC day).
      const claimDays = new Set<number>();
      for (let c = 0, n = r.int(4); c < n; c++) {
        const t = joined + Math.floor(r.next() * (NOW - joined));
        if (claimDays.has(dayStart(t))) continue;
        claimDays.add(dayStart(t));
        h.clock.set(iso(t));
        await h.as({ telegramId: 8900 + i, firstName: `P${i}` }).tasks.complete({ taskId: checkin.id });
        p.claims.push(t);
      }
      for (let o = 0, n = r.int(3); o < n; o++) {
        const at = joined + Math.floor(r.next() * (NOW - joined));
        const currency = r.pick(['STARS', 'TON', 'POINTS'] as const);
        const order = { productId: r.pick(productRows).id, currency, price: BigInt(1 + r.int(500)), at };
        await h.deps.prisma.order.create({ data: { participantId: p.id, productId: order.productId, currency, price: order.price, status: 'FULFILLED', createdAt: new Date(at), fulfilledAt: new Date(at) } });
        p.orders.push(order);
      }
      // An order that was never paid counts nowhere.
      if (r.next() < 0.3) await h.deps.prisma.order.create({ data: { participantId: p.id, productId: productRows[0].id, currency: 'STARS', price: 7n, status: 'PENDING', createdAt: new Date(joined) } });
      if (i > 0 && r.next() < 0.4) {
        p.inviter = people[r.int(i)].id;
        await h.deps.prisma.participant.update({ where: { id: p.id }, data: { invitedById: p.inviter } });
      }
    }
    h.clock.set(iso(NOW));
    const admin = h.as(owner).admin.analytics;
    const days = 30;
    const since = NOW - days * DAY;
    const views = people.flatMap((p) => p.views.map((v) => ({ ...v, pid: p.id })));

    // Navigation: counted again here from the generated views.
    const inWindow = views.filter((v) => v.at >= since);
    const screens = new Map<string, { views: number; who: Set<number> }>();
    const paths = new Map<string, number>();
    for (const v of inWindow) {
      const s = screens.get(v.screen) ?? { views: 0, who: new Set() };
      s.views++;
      s.who.add(v.pid);
      screens.set(v.screen, s);
      if (v.from) paths.set(`${v.from}>${v.screen}`, (paths.get(`${v.from}>${v.screen}`) ?? 0) + 1);
    }
    const nav = await admin.navigation({ days });
    expect(nav.screens).toEqual(
      [...screens].map(([screen, s]) => ({ screen, views: s.views, participants: s.who.size })).sort((a, b) => b.views - a.views || (a.screen < b.screen ? -1 : 1)),
    );
    expect(nav.transitions).toEqual(
      [...paths]
        .map(([k, count]) => ({ from: k.split('>')[0], to: k.split('>')[1], count }))
        .sort((a, b) => b.count - a.count || (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : 1)),
    );
    expect(nav.screens.length).toBeGreaterThan(3);

    // Products: fulfilled orders in the window, revenue per currency, buyers, shop viewers who bought.
    const orders = people.flatMap((p) => p.orders.map((o) => ({ ...o, pid: p.id }))).filter((o) => o.at >= since);
    const shopViewers = new Set(inWindow.filter((v) => v.screen === 'shop').map((v) => v.pid));
    const shopBuyers = [...shopViewers].filter((pid) => orders.some((o) => o.pid === pid)).length;
    const prod = await admin.products({ days });
    expect(prod.shop).toEqual({ viewers: shopViewers.size, buyers: shopBuyers, conversion: shopViewers.size ? shopBuyers / shopViewers.size : null });
    const expectedProducts = productRows
      .map((pr) => {
        const mine = orders.filter((o) => o.productId === pr.id);
        const buyers = new Set(mine.map((o) => o.pid)).size;
        const revenue = (['POINTS', 'STARS', 'TON'] as const)
          .map((currency) => ({ currency, amount: mine.filter((o) => o.currency === currency).reduce((s, o) => s + o.price, 0n) }))
          .filter((x) => mine.some((o) => o.currency === x.currency))
          .map((x) => ({ currency: x.currency, amount: x.amount.toString() }));
        return { productId: pr.id, slug: pr.slug, title: { en: pr.slug, ru: pr.slug }, sales: mine.length, buyers, conversion: shopViewers.size ? buyers / shopViewers.size : null, revenue };
      })
      .filter((p) => p.sales > 0)
      .sort((a, b) => b.sales - a.sales || a.productId - b.productId);
    expect(prod.products).toEqual(expectedProducts);
    expect(orders.length).toBeGreaterThan(0);

    // Participants: new and active per day, retention, funnel, LTV per signup week.
    const first = dayStart(NOW) - (days - 1) * DAY;
    const activity = people.flatMap((p) => [...p.views.map((v) => v.at), ...p.claims].map((t) => ({ pid: p.id, t })));
    const part = await admin.participants({ days });
    expect(part.daily).toEqual(
      Array.from({ length: days }, (_, i) => {
        const d = first + i * DAY;
        return {
          day: dayOf(d),
          new: people.filter((p) => p.joined >= d && p.joined < d + DAY).length,
          active: new Set(activity.filter((a) => a.t >= d && a.t < d + DAY).map((a) => a.pid)).size,
        };
      }),
    );
    const joiners = people.filter((p) => p.joined >= first);
    expect(part.retention).toEqual(
      [1, 7, 30].map((n) => {
        const eligible = joiners.filter((p) => dayStart(p.joined) + (n + 1) * DAY <= dayStart(NOW));
        const retained = eligible.filter((p) => activity.some((a) => a.pid === p.id && a.t >= dayStart(p.joined) + n * DAY && a.t < dayStart(p.joined) + (n + 1) * DAY));
        return { day: n, eligible: eligible.length, retained: retained.length };
      }),
    );
    expect(part.retention[0].eligible).toBeGreaterThan(0);
    expect(part.funnel).toEqual([
      { step: 'opened', count: joiners.length },
      { step: 'claimed', count: joiners.filter((p) => p.claims.length).length },
      { step: 'bought', count: joiners.filter((p) => p.orders.length).length },
      { step: 'invited', count: joiners.filter((p) => people.some((f) => f.inviter === p.id)).length },
    ]);
    const monday = (t: number) => dayStart(t) - ((new Date(t).getUTCDay() + 6) % 7) * DAY;
    const cohorts = new Map<string, Person[]>();
    for (const p of people.filter((p) => p.joined >= monday(first))) cohorts.set(dayOf(monday(p.joined)), [...(cohorts.get(dayOf(monday(p.joined))) ?? []), p]);
    expect(part.ltv).toEqual(
      [...cohorts]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([cohort, ps]) => ({
          cohort,
          size: ps.length,
          revenue: (['POINTS', 'STARS', 'TON'] as const).flatMap((currency) => {
            const all = ps.flatMap((p) => p.orders).filter((o) => o.currency === currency);
            if (!all.length) return [];
            const sum = all.reduce((s, o) => s + o.price, 0n);
            return [{ currency, amount: sum.toString(), perParticipant: (sum / BigInt(ps.length)).toString() }];
          }),
        })),
    );
  });

  it('sums inflows, outflows, fees and holds per day and currency from the ledger', async () => {
    h.clock.set(iso(NOW));
    const r = rng(7);
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await h.as({ telegramId: 8950 + i, firstName: `F${i}` }).profile.me()).id);
    type Move = { day: number; currency: 'STARS' | 'TON'; kind: 'in' | 'out' | 'fee' | 'hold' | 'post' | 'void'; amount: bigint };
    const moves: Move[] = [];
        let seq = 0;
    for (let k = 0; k < 40; k++) {
      const t = NOW - Math.floor(r.next() * 12 * DAY);
      const currency = r.pick(['STARS', 'TON'] as const);
      const pid = r.pick(ids);
      const amount = BigInt(10 + r.int(1000));
      const key = `gen:${++seq}`;
      await inTx(h.deps.prisma, async (tx) => {
        // Transfers are dated by the database and guarded against change; the test alone (as superuser) moves
        // them to the generated day, with the guard trigger off for this transaction.
        await tx.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`);
        const at = (id: bigint, t: number) => tx.transfer.update({ where: { id }, data: { createdAt: new Date(t) } });
        await at((await transfer(tx, { key, debit: { system: SystemAccount.EXTERNAL }, credit: { participantId: pid }, currency, amount, kind: 'TEST_IN' })).id, t);
        moves.push({ day: dayStart(t), currency, kind: 'in', amount });
        const what = r.pick(['out', 'fee', 'hold', 'none'] as const);
        const part = amount / 2n;
        if (what === 'out') {
          await at((await transfer(tx, { key: `${key}:out`, debit: { participantId: pid }, credit: { system: SystemAccount.EXTERNAL }, currency, amount: part, kind: 'TEST_OUT' })).id, t);
          moves.push({ day: dayStart(t), currency, kind: 'out', amount: part });
        } else if (what === 'fee') {
          await at((await transfer(tx, { key: `${key}:fee`, debit: { participantId: pid }, credit: { system: SystemAccount.FEES }, currency, amount: part, kind: 'TEST_FEE' })).id, t);
          moves.push({ day: dayStart(t), currency, kind: 'fee', amount: part });
        } else if (what === 'hold') {
          const held = await hold(tx, { key: `${key}:hold`, debit: { participantId: pid }, credit: { system: SystemAccount.HOLD }, currency, amount: part, kind: 'TEST_HOLD' });
          await at(held.id, t);
          moves.push({ day: dayStart(t), currency, kind: 'hold', amount: part });
          const later = Math.min(t + DAY, NOW);
          if (r.next() < 0.5) {
            await at((await postPending(tx, { key: `${key}:post`, pendingId: held.id, kind: 'TEST_PAYOUT', to: { system: SystemAccount.PAYOUTS } })).id, later);
            moves.push({ day: dayStart(later), currency, kind: 'post', amount: part });
          } else {
            await at((await voidPending(tx, { key: `${key}:void`, pendingId: held.id, kind: 'TEST_VOID' })).id, later);
            moves.push({ day: dayStart(later), currency, kind: 'void', amount: part });
          }
        }
      });
    }
    const days = 10;
    const first = dayStart(NOW) - (days - 1) * DAY;
    const keys = new Map<string, { inflows: bigint; outflows: bigint; fees: bigint; held: bigint; released: bigint }>();
    for (const m of moves.filter((m) => m.day >= first)) {
      const k = `${dayOf(m.day)} ${m.currency}`;
      const row = keys.get(k) ?? { inflows: 0n, outflows: 0n, fees: 0n, held: 0n, released: 0n };
      if (m.kind === 'in') row.inflows += m.amount;
      if (m.kind === 'out' || m.kind === 'post') row.outflows += m.amount;
      if (m.kind === 'fee') row.fees += m.amount;
      if (m.kind === 'hold') row.held += m.amount;
      if (m.kind === 'post' || m.kind === 'void') row.released += m.amount;
      keys.set(k, row);
    }
    const expected = [...keys]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => ({ day: k.split(' ')[0], currency: k.split(' ')[1], ...Object.fromEntries(Object.entries(v).map(([n, x]) => [n, x.toString()])) }));
    expect(await h.as(owner).admin.analytics.finance({ days })).toEqual({ days, rows: expected });
    await h.expectLedgerBalanced();
  });
});
