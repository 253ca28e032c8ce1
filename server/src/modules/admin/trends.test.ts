import { describe, expect, it } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { failure, useHarness } from '../../test/harness.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';
import { settleStarsPayment } from '../payments/stars.ts';
import { closeDialog, receive } from '../dialogs/service.ts';

const TON = 1_000_000_000n;
const h = useHarness({ ADMIN_TELEGRAM_IDS: '7600', WITHDRAW_MIN_NANO: String(TON / 10n), WITHDRAW_FEE_NANO: '0' });
const owner = { telegramId: 7600, firstName: 'Olga' };
const people = Array.from({ length: 9 }, (_, i) => ({ telegramId: 7610 + i, firstName: `P${i}` }));

const TODAY = Date.parse('2026-11-24T00:00:00Z');
const DAY = 86_400_000;
/** `daysAgo` days before today, at hh:mm UTC. */
const at = (daysAgo: number, hh = 10, mm = 0) => TODAY - daysAgo * DAY + (hh * 60 + mm) * 60_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** What the story did, by the day it happened: the expected series are tallied from this alone. */
type Done =
  | { kind: 'joined' | 'claimed' | 'viewed'; who: number; at: number }
  | { kind: 'withdrew' | 'conversation'; at: number }
  | { kind: 'paid'; currency: string; amount: bigint; at: number };

describe('overview trends', () => {
  it('draws each figure per day from what happened on that day', async () => {
    h.clock.set(new Date(at(40)));
    const ownerId = (await h.as(owner).profile.me()).id;
    h.telegram.on('createInvoiceLink', () => 'https://t.me/$inv');
    h.telegram.on('refundStarPayment', () => true);
    const checkin = await h.task({ type: 'DAILY_CHECKIN', period: 'DAILY', reward: 10n });
    const product = await h.deps.prisma.product.create({
      data: { slug: 'badge', kind: 'ITEM', title: { en: 'Badge', ru: 'Значок' }, description: { en: '', ru: '' }, prices: { create: [{ currency: 'STARS', amount: 25n }] } },
    });

    const done: Done[] = [];
    const steps: { at: number; run: () => Promise<unknown> }[] = [];
    const step = (ms: number, run: () => Promise<unknown>, d?: Done) => steps.push({ at: ms, run: async () => (await run(), d && done.push(d)) });
    const ids = new Map<number, number>();
    const pid = (i: number) => ids.get(i)!;

    // P0 and P1 join before a 14-day window, the others every other day inside it; each claims and looks around.
    people.forEach((p, i) => {
      const joined = 16 - 2 * i;
      step(at(joined, 9), async () => {
        ids.set(i, (await h.as(p).profile.me()).id);
        await h.deps.prisma.wallet.create({ data: { participantId: pid(i), address: `0:${String(i).repeat(64)}`, chain: '-3', publicKey: 'ab'.repeat(32) } });
        await inTx(h.deps.prisma, (tx) =>
          transfer(tx, { key: `prize-${i}`, debit: { system: SystemAccount.ISSUANCE }, credit: { participantId: pid(i) }, currency: 'TON', amount: 5n * TON, kind: 'AWARD' }),
        );
      }, { kind: 'joined', who: i, at: at(joined, 9) });
      for (let k = joined; k >= 0; k--) {
        if ((i + k) % 3 === 0) step(at(k, 10, i), () => h.as(p).tasks.complete({ taskId: checkin.id }), { kind: 'claimed', who: i, at: at(k, 10, i) });
        // Viewing and claiming on one day is one active participant.
        if ((i + k) % 4 === 1 || (i + k) % 6 === 0) {
          step(at(k, 11, i), () => h.as(p).analytics.track({ events: [{ screen: 'home', at: new Date(at(k, 11, i)).toISOString() }] }), { kind: 'viewed', who: i, at: at(k, 11, i) });
        }
      }
    });

    // Stars: paid the day after it was asked for; never paid; paid then refunded; paid today.
    const buy = (i: number, asked: number, paid: number | null, refunded?: number) => {
      let invoice = '';
      step(asked, async () => (invoice = (await h.as(people[i]).shop.buy({ productId: product.id, currency: 'STARS' })).id));
      if (paid === null) return;
      step(paid, () =>
        settleStarsPayment(h.deps, people[i].telegramId, { currency: 'XTR', total_amount: 25, invoice_payload: invoice, telegram_payment_charge_id: `charge-${i}-${asked}` }),
        refunded === undefined ? { kind: 'paid', currency: 'STARS', amount: 25n, at: paid } : undefined,
      );
      if (refunded !== undefined) step(refunded, () => h.as(owner).admin.payments.refund({ invoiceId: invoice, reason: 'Asked for it back' }));
    };
    buy(2, at(5, 23, 50), at(4, 0, 10));
    buy(3, at(3, 12), at(3, 12, 5));
    buy(4, at(2, 12), null);
    buy(5, at(1, 12), at(1, 12, 1), at(1, 15));
    buy(6, at(0, 8), at(0, 8, 2));
    buy(7, at(0, 8, 30), at(0, 8, 31));
    // TON paid by the watcher: two on one day are summed; one before the window is not counted.
    for (const [daysAgo, amount] of [[6, 2n * TON], [6, 3n * TON / 2n], [20, TON]] as const) {
      step(at(daysAgo, 14), () =>
        h.deps.prisma.invoice.create({
          data: { id: `ton-${daysAgo}-${amount}`, participantId: ownerId, purpose: 'product:1', currency: 'TON', amount, paidAmount: amount, status: 'PAID', expiresAt: new Date(at(daysAgo, 15)), paidAt: new Date(at(daysAgo, 14)), createdAt: new Date(at(daysAgo, 13)) },
        }),
        { kind: 'paid', currency: 'TON', amount, at: at(daysAgo, 14) },
      );
    }

    // Withdrawals asked for, one rejected afterwards: asked is asked.
    for (const [i, daysAgo] of [[3, 3], [4, 3], [5, 1], [7, 0], [0, 15]] as const) {
      step(at(daysAgo, 16), () => h.as(people[i]).withdrawals.request({ amount: String(TON) }), { kind: 'withdrew', at: at(daysAgo, 16) });
    }
    step(at(0, 17), async () => {
      const w = await h.deps.prisma.withdrawal.findFirstOrThrow({ where: { participantId: pid(7) } });
      await h.as(owner).admin.withdrawals.reject({ id: w.id, reason: 'Wrong address' });
    });

    // Conversations: a first message opens one, more messages do not, one after a close opens another.
    let message = 1;
    const write = (i: number, ms: number, opens: boolean) =>
      step(ms, () => receive(h.deps, pid(i), { telegramMessageId: message++, text: 'Hello' }), opens ? { kind: 'conversation', at: ms } : undefined);
    write(0, at(15, 18), true);
    write(2, at(10, 18), true);
    write(2, at(10, 19), false);
    step(at(9, 9), async () => {
      const d = await h.deps.prisma.dialog.findUniqueOrThrow({ where: { participantId: pid(2) } });
      await closeDialog(h.deps, (await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(owner.telegramId) } })), d.id);
    });
    write(2, at(7, 18), true);
    write(6, at(0, 9), true);
    write(6, at(0, 9, 30), false);

    steps.sort((a, b) => a.at - b.at);
    for (const s of steps) {
      h.clock.set(new Date(s.at));
      await s.run();
    }
    h.clock.set(new Date(at(0, 20)));

    // The expected series, tallied from the story's own log.
    const window = (days: number) => Array.from({ length: days }, (_, k) => dayOf(TODAY - (days - 1 - k) * DAY));
    const expected = (days: number) => {
      const on = (kind: Done['kind'], day: string) => done.filter((d) => d.kind === kind && dayOf(d.at) === day);
      return window(days).map((day) => ({
        day,
        new: on('joined', day).length,
        active: new Set([...on('claimed', day), ...on('viewed', day)].map((d) => (d as { who: number }).who)).size,
        claims: on('claimed', day).length,
        withdrawals: on('withdrew', day).length,
        dialogs: on('conversation', day).length,
        revenue: Object.fromEntries(
          ['STARS', 'TON'].map((c) => [c, String(on('paid', day).reduce((sum, d) => sum + ((d as { currency: string }).currency === c ? (d as { amount: bigint }).amount : 0n), 0n))]),
        ),
      }));
    };

    const trends = await h.as(owner).admin.overview.trends({ days: 14 });
    expect(trends.days).toBe(14);
    expect(trends.currencies).toEqual(['STARS', 'TON']);
    const want = expected(14);
    expect(trends.daily.map((d) => d.day)).toEqual(window(14));
    for (const series of ['new', 'active', 'claims', 'withdrawals', 'dialogs'] as const) {
      expect(trends.daily.map((d) => d[series]), series).toEqual(want.map((d) => d[series]));
    }
    for (const c of ['STARS', 'TON']) expect(trends.daily.map((d) => d.revenue[c]), c).toEqual(want.map((d) => d.revenue[c]));
    // Not a story of zeros: every series moved somewhere in the window.
    for (const series of ['new', 'active', 'claims', 'withdrawals', 'dialogs'] as const) expect(want.some((d) => d[series] > 0), series).toBe(true);
    expect(want.find((d) => d.day === '2026-11-18')!.revenue.TON).toBe(String((7n * TON) / 2n));

    // Today's point is today's figure.
    const o = await h.as(owner).admin.overview.get();
    expect(trends.daily.at(-1)).toMatchObject({ new: o.newToday, claims: o.claimsToday });

    // A shorter window is the same days' tail; a window without payments has no revenue lines.
    expect(await h.as(owner).admin.overview.trends({ days: 7 })).toEqual({ days: 7, currencies: ['STARS', 'TON'], daily: want.slice(-7) });
    h.clock.set(new Date(at(-60, 12)));
    const later = await h.as(owner).admin.overview.trends({ days: 7 });
    expect(later.currencies).toEqual([]);
    expect(later.daily.every((d) => d.new + d.active + d.claims + d.withdrawals + d.dialogs === 0 && Object.keys(d.revenue).length === 0)).toBe(true);
    expect(later.daily).toHaveLength(7);

    // Windows outside 7..90 days are refused in words (the wire shape says VALIDATION); participants outright.
    for (const days of [6, 91, 0]) {
      expect(await failure(h.as(owner).admin.overview.trends({ days }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('A trend covers 7 to 90 days.') });
    }
    expect(await failure(h.as(owner).admin.overview.trends({ days: 7.5 }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await failure(h.as(people[0]).admin.overview.trends({ days: 7 }))).toMatchObject({ code: 'FORBIDDEN' });
  }, 120_000);
});
