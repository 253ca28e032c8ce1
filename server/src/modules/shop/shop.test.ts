import { describe, expect, it } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { failure, useHarness } from '../../test/harness.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';

const h = useHarness();
const ann = { telegramId: 8301, firstName: 'Ann' };

async function grantPoints(telegramId: number, amount: bigint) {
  await h.as({ telegramId }).profile.me();
  const p = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(telegramId) } });
  await inTx(h.deps.prisma, (tx) =>
    transfer(tx, { key: `grant:${telegramId}:${amount}`, debit: { system: SystemAccount.ISSUANCE }, credit: { participantId: p.id }, currency: 'POINTS', amount, kind: 'AWARD' }),
  );
}

const LEGACY = { priceStars: 'STARS', priceTon: 'TON', pricePoints: 'POINTS' } as const;
/** A product; `priceStars`/`priceTon`/`pricePoints` become its price rows. */
const product = ({ priceStars, priceTon, pricePoints, ...data }: Record<string, unknown>) =>
  h.deps.prisma.product.create({
    data: {
      slug: `p-${Math.random().toString(36).slice(2, 9)}`,
      kind: 'ITEM',
      title: { en: 'Mug', ru: 'Кружка' },
      description: { en: 'A mug', ru: 'Кружка' },
      prices: {
        create: Object.entries({ priceStars, priceTon, pricePoints })
          .filter(([, v]) => v != null)
          .map(([k, v]) => ({ currency: LEGACY[k as keyof typeof LEGACY], amount: v as bigint })),
      },
      ...data,
    } as never,
  });

const points = async (u: { telegramId: number }) => (await h.as(u).ledger.balances()).find((b) => b.currency === 'POINTS')!.amount;

describe('paying with points', () => {
  it('settles in one step: points leave, the order is fulfilled and the item is listed', async () => {
    await grantPoints(ann.telegramId, 1500n);
    const mug = await product({ pricePoints: 1000n });
    const inv = await h.as(ann).shop.buy({ productId: mug.id, currency: 'POINTS' });
    expect(inv).toMatchObject({ status: 'PAID', currency: 'POINTS', amount: '1000', orderStatus: 'FULFILLED', stars: null, ton: null });
    expect(await points(ann)).toBe('500');
    const { orders, purchased } = await h.as(ann).orders.list();
    expect(orders[0]).toMatchObject({ status: 'FULFILLED', price: '1000', product: { title: 'Mug' } });
    expect(purchased[0]).toMatchObject({ kind: 'ITEM', title: 'Mug', item: { id: expect.any(Number) } });
    await h.expectLedgerBalanced();
  });

  it('delivers a points pack and a boost', async () => {
    await grantPoints(ann.telegramId, 5000n);
    const pack = await product({ kind: 'POINTS_PACK', pricePoints: 100n, pointsAmount: 300n });
    const boost = await product({ kind: 'BOOST', pricePoints: 1000n, boostMultiplierBps: 15000, boostSeconds: 3600 });
    await h.as(ann).shop.buy({ productId: pack.id, currency: 'POINTS' });
    expect(await points(ann)).toBe('5200');
    await h.as(ann).shop.buy({ productId: boost.id, currency: 'POINTS' });
    const { purchased } = await h.as(ann).orders.list();
    expect(purchased.find((x) => x.kind === 'BOOST')!.boost).toMatchObject({ multiplierBps: 15000, active: true, endsAt: '2026-11-24T13:00:00.000Z' });
    await h.expectLedgerBalanced();
  });

  it('refuses without enough points and leaves nothing half-written', async () => {
    await grantPoints(ann.telegramId, 50n);
    const mug = await product({ pricePoints: 100n, stock: 3 });
    expect(await failure(h.as(ann).shop.buy({ productId: mug.id, currency: 'POINTS' }))).toMatchObject({ appCode: 'INSUFFICIENT_FUNDS' });
    expect((await h.deps.prisma.product.findUniqueOrThrow({ where: { id: mug.id } })).stock).toBe(3);
    expect(await h.deps.prisma.order.count()).toBe(0);
    expect(await h.deps.prisma.invoice.count()).toBe(0);
    expect(await points(ann)).toBe('50');
  });

  it('enforces the per-participant limit, stock, sale dates and accepted currencies', async () => {
    await grantPoints(ann.telegramId, 10_000n);
    const limited = await product({ pricePoints: 10n, perParticipantLimit: 1 });
    // The limit counts this person's live orders of this product only: not someone else's, not another
    // product's, not one that was cancelled.
    const ben = { telegramId: 8302, firstName: 'Ben' };
    await grantPoints(ben.telegramId, 100n);
    await h.as(ben).shop.buy({ productId: limited.id, currency: 'POINTS' });
    const other = await product({ pricePoints: 10n });
    await h.as(ann).shop.buy({ productId: other.id, currency: 'POINTS' });
    const annId = (await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(ann.telegramId) } })).id;
    await h.deps.prisma.order.create({ data: { participantId: annId, productId: limited.id, currency: 'POINTS', price: 10n, status: 'CANCELLED' } });
    await h.as(ann).shop.buy({ productId: limited.id, currency: 'POINTS' });
    expect(await failure(h.as(ann).shop.buy({ productId: limited.id, currency: 'POINTS' }))).toMatchObject({
      code: 'PRECONDITION_FAILED', appCode: 'LIMIT_REACHED', message: 'You have bought as many of these as one person may.',
    });
    const last = await product({ pricePoints: 10n, stock: 1 });
    await h.as(ann).shop.buy({ productId: last.id, currency: 'POINTS' });
    expect(await failure(h.as(ann).shop.buy({ productId: last.id, currency: 'POINTS' }))).toMatchObject({ appCode: 'SOLD_OUT', code: 'CONFLICT' });
    const later = await product({ pricePoints: 10n, startsAt: new Date('2027-01-01') });
    expect(await failure(h.as(ann).shop.buy({ productId: later.id, currency: 'POINTS' }))).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'PRODUCT_UNAVAILABLE', message: 'This product is not on sale now.' });
    const starsOnly = await product({ priceStars: 10n });
    expect(await failure(h.as(ann).shop.buy({ productId: starsOnly.id, currency: 'POINTS' }))).toMatchObject({ code: 'BAD_REQUEST', appCode: 'CURRENCY_NOT_ACCEPTED', message: 'This product cannot be bought with POINTS.' });
    expect(await failure(h.as(ann).shop.buy({ productId: starsOnly.id, currency: 'TON' }))).toMatchObject({ appCode: 'TON_UNAVAILABLE' });
    expect(await failure(h.as(ann).shop.buy({ productId: 424242, currency: 'POINTS' }))).toMatchObject({ code: 'NOT_FOUND', appCode: 'PRODUCT_NOT_FOUND', message: 'This product does not exist.' });
    const listing = await h.as(ann).shop.products();
    expect(listing.tonAvailable).toBe(false);
    expect(listing.products.find((p) => p.id === last.id)).toMatchObject({ soldOut: true, stockLeft: 0 });
    expect(listing.products.find((p) => p.id === limited.id)).toMatchObject({ limitReached: true, boughtCount: 1 });
    expect(listing.products.map((p) => p.id)).not.toContain(later.id);
  });

  it('lists products in the participant’s language with prices per currency', async () => {
    await product({ priceStars: 25n, pricePoints: 1000n });
    await h.as({ telegramId: 8302, language: 'ru' }).profile.me();
    const list = await h.as({ telegramId: 8302, language: 'ru' }).shop.products();
    expect(list.products[0]).toMatchObject({ title: 'Кружка', prices: [{ currency: 'STARS', amount: '25' }, { currency: 'POINTS', amount: '1000' }] });
  });
});

describe.runIf(!!process.env.DATABASE_URL)('concurrent buyers (PostgreSQL)', () => {
  it('50 buyers of the last 10 items: exactly 10 orders, stock never below zero, ledger balanced', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => 8400 + i);
    for (const id of ids) await grantPoints(id, 500n);
    const item = await product({ pricePoints: 100n, stock: 10 });
    const results = await Promise.allSettled(ids.map((id) => h.as({ telegramId: id }).shop.buy({ productId: item.id, currency: 'POINTS' })));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(ok).toHaveLength(10);
    expect(refused.every((r) => r.reason.cause?.appCode === 'SOLD_OUT')).toBe(true);
    expect((await h.deps.prisma.product.findUniqueOrThrow({ where: { id: item.id } })).stock).toBe(0);
    expect(await h.deps.prisma.order.count({ where: { productId: item.id, status: 'FULFILLED' } })).toBe(10);
    await h.expectLedgerBalanced();
  });

  it('one participant buying a limited product 20 times at once gets it once', async () => {
    await grantPoints(ann.telegramId, 10_000n);
    const item = await product({ pricePoints: 100n, perParticipantLimit: 1 });
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => h.as(ann).shop.buy({ productId: item.id, currency: 'POINTS' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await points(ann)).toBe('9900');
    await h.expectLedgerBalanced();
  });
});

describe('boosts', () => {
  it('a bought boost multiplies task rewards while it lasts', async () => {
    await grantPoints(ann.telegramId, 5000n);
    const boost = await product({ kind: 'BOOST', pricePoints: 1000n, boostMultiplierBps: 15000, boostSeconds: 3600 });
    const quiz = await h.task({ type: 'QUIZ', period: 'UNLIMITED', limitPerPeriod: 100, reward: 100n, config: { answers: ['a'] } });
    await h.as(ann).shop.buy({ productId: boost.id, currency: 'POINTS' });
    expect(await h.as(ann).tasks.complete({ taskId: quiz.id, answer: 'a' })).toMatchObject({ reward: '150' });
    h.clock.advance({ hours: 2 });
    expect(await h.as(ann).tasks.complete({ taskId: quiz.id, answer: 'a' })).toMatchObject({ reward: '100' });
  });
});

describe('boosts on one-off tasks', () => {
  it('multiply by the boost in force at the claim, not one that ended earlier today or starts later, for its owner only', async () => {
    const bob = { telegramId: 8302, firstName: 'Bob' };
    await Promise.all([h.as(ann).profile.me(), h.as(bob).profile.me()]);
    const annId = (await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(ann.telegramId) } })).id;
    const at = (hours: number) => new Date(h.clock.now().getTime() + hours * 3_600_000);
    await h.deps.prisma.boost.createMany({
      data: [
        { participantId: annId, multiplierBps: 30_000, startsAt: at(-3), endsAt: at(-1) },
        { participantId: annId, multiplierBps: 40_000, startsAt: at(1), endsAt: at(2) },
        { participantId: annId, multiplierBps: 12_000, startsAt: at(-1), endsAt: at(1) },
        { participantId: annId, multiplierBps: 15_000, startsAt: at(-1), endsAt: at(1) },
      ],
    });
    const quiz = () => h.task({ type: 'QUIZ', reward: 100n, config: { answers: ['a'] } });
    const [q1, q2, q3] = [await quiz(), await quiz(), await quiz()];
    // Sent together, so both are signed in by one statement.
    const first = await Promise.all([ann, bob].map((u) => h.as(u).tasks.complete({ taskId: q1.id, answer: 'a' })));
    expect(first.map((r) => r.reward)).toEqual(['150', '100']);
    h.clock.advance({ minutes: 90 });
    expect(await h.as(ann).tasks.complete({ taskId: q2.id, answer: 'a' })).toMatchObject({ reward: '400', balance: '550', level: 2, levelUp: true });
    h.clock.advance({ hours: 1 });
    // No boost left; 550 points are level 2, which pays 5% more.
    expect(await h.as(ann).tasks.complete({ taskId: q3.id, answer: 'a' })).toMatchObject({ reward: '105', balance: '655' });
    await h.expectLedgerBalanced();
  });
});

describe('purchase tasks', () => {
  it('a "make a purchase" task completes by itself with the first fulfilled order', async () => {
    await grantPoints(ann.telegramId, 500n);
    const task = await h.task({ type: 'PURCHASE', reward: 75n });
    expect(await failure(h.as(ann).tasks.complete({ taskId: task.id }))).toMatchObject({ appCode: 'TASK_NOT_VERIFIABLE' });
    const mug = await product({ pricePoints: 100n });
    await h.as(ann).shop.buy({ productId: mug.id, currency: 'POINTS' });
    // The task is paid by the worker after the purchase commits.
    await h.drain();
    expect((await h.as(ann).tasks.list()).find((t) => t.id === task.id)).toMatchObject({ state: 'claimed' });
    expect(await points(ann)).toBe(String(500 - 100 + 75));
    await h.expectLedgerBalanced();
  });
});
