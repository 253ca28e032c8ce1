import { describe, expect, it } from 'vitest';
import { useHarness } from '../test/harness.ts';
import { seedDemoData } from './demo.ts';

const h = useHarness();
const nia = { telegramId: 8901, firstName: 'Nia' };

describe('the demo community', () => {
  it('lets a newcomer’s first day buy something in the shop with points', async () => {
    await seedDemoData(h.deps.prisma, h.clock.now());
    const tasks = await h.as(nia).tasks.list();
    const task = (slug: string) => tasks.find((t) => t.slug === slug)!;

    // What a first day can do without a real Telegram chat to join: check in and answer the quiz.
    await h.as(nia).tasks.complete({ taskId: task('daily-checkin').id });
    await h.as(nia).tasks.complete({ taskId: task('quiz-ton').id, answer: 'Toncoin' });
    const points = BigInt((await h.as(nia).ledger.balances()).find((b) => b.currency === 'POINTS')!.amount);
    expect(points).toBe(150n);

    const { products } = await h.as(nia).shop.products();
    const affordable = products.filter((p) => p.prices.some((x) => x.currency === 'POINTS' && BigInt(x.amount) <= points));
    expect(affordable.map((p) => p.slug)).toEqual(['starter-boost']);
    expect(affordable[0]).toMatchObject({ kind: 'BOOST', delivers: { boostMultiplierBps: 15_000, boostSeconds: 10_800 } });

    const paid = await h.as(nia).shop.buy({ productId: affordable[0].id, currency: 'POINTS', idempotencyKey: 'first-day-boost' });
    expect(paid).toMatchObject({ status: 'PAID', orderStatus: 'FULFILLED' });
    // The boost pays off at once: the blog visit that day pays half as much again.
    const visit = task('visit-blog');
    await h.as(nia).tasks.start({ taskId: visit.id });
    h.clock.advance({ seconds: 16 });
    expect(await h.as(nia).tasks.complete({ taskId: visit.id })).toMatchObject({ reward: '45' });
    await h.expectLedgerBalanced();
  });

  it('puts the rest within reach of a few days of tasks', async () => {
    await seedDemoData(h.deps.prisma, h.clock.now());
    const { products } = await h.as(nia).shop.products();
    const pointPrices = products.flatMap((p) => p.prices.filter((x) => x.currency === 'POINTS').map((x) => [p.slug, Number(x.amount)] as const));
    expect(pointPrices).toEqual([['starter-boost', 150], ['boost-24h', 2000], ['sticker-pack', 600]]);
  });
});
