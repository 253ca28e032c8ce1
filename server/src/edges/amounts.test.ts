import { describe, expect, it } from 'vitest';
import { AMOUNT_LIMITS } from '../modules/ledger/currencies.ts';
import { useServer } from '../test/server-harness.ts';

// Each currency has its own ceiling on one amount: an award, a price, a listing or a withdrawal past it is
// refused at the edge with a sentence naming the limit and its unit, and nothing is written.
const s = useServer({ ADMIN_TELEGRAM_IDS: '9600' });
const owner = { telegramId: 9600, firstName: 'Owner' };
const refusal = (r: { status: number; body: any }) => ({ status: r.status, appCode: r.body.error?.data?.appCode, message: r.body.error?.message as string });
const over = (c: keyof typeof AMOUNT_LIMITS) => String(AMOUNT_LIMITS[c].max + 1n);
const award = (currency: string, amount: string) => ({ telegramId: String(owner.telegramId), currency, amount, reason: 'bounds check', idempotencyKey: `bounds-${currency}-${amount}` });

describe('amounts, bounded per currency', () => {
  it('takes an award at the limit and refuses one past it, for every currency, naming the unit', async () => {
    await s.call(owner, 'profile.me');
    for (const c of ['POINTS', 'STARS', 'TON'] as const) {
      const r = refusal(await s.call(owner, 'admin.ledger.award', award(c, over(c))));
      expect(r).toMatchObject({ status: 400, appCode: 'VALIDATION' });
      expect(r.message).toContain(`${AMOUNT_LIMITS[c].max.toLocaleString('en-US')} ${AMOUNT_LIMITS[c].unit}`);
    }
    expect(await s.call(owner, 'admin.ledger.award', award('STARS', String(AMOUNT_LIMITS.STARS.max)))).toMatchObject({ status: 200 });
    const balances = (await s.call(owner, 'ledger.balances')).body.result.data as { currency: string; amount: string }[];
    expect(Object.fromEntries(balances.map((b) => [b.currency, b.amount]))).toMatchObject({ POINTS: '0', STARS: String(AMOUNT_LIMITS.STARS.max), TON: '0' });
    await s.expectLedgerBalanced();
  });

  it('bounds prices by their own currency: a Stars price that would be fine in nanotons is still refused', async () => {
    await s.call(owner, 'profile.me');
    const product = (prices: unknown) => ({ slug: 'bounded', kind: 'ITEM', title: { en: 'Mug', ru: 'Кружка' }, description: { en: '', ru: '' }, prices });
    const starsPastLimit = refusal(await s.call(owner, 'admin.catalog.saveProduct', product([{ currency: 'STARS', amount: over('STARS') }])));
    expect(starsPastLimit).toMatchObject({ status: 400, appCode: 'VALIDATION' });
    expect(starsPastLimit.message).toContain('Stars');
    expect(refusal(await s.call(owner, 'admin.catalog.saveProduct', { ...product(undefined), priceTon: over('TON') }))).toMatchObject({ status: 400, appCode: 'VALIDATION' });
    expect(await s.call(owner, 'admin.catalog.saveProduct', product([{ currency: 'TON', amount: over('STARS') }]))).toMatchObject({ status: 200 });
    const saved = (await s.call(owner, 'admin.catalog.products')).body.result.data.filter((p: { slug: string }) => p.slug === 'bounded');
    expect(saved).toHaveLength(1);
  });

  it('refuses a withdrawal and a listing past their currency limit before anything is looked up', async () => {
    await s.call(owner, 'profile.me');
    expect(refusal(await s.call(owner, 'withdrawals.request', { amount: over('TON'), idempotencyKey: 'bounds-withdrawal-1' }))).toMatchObject({ status: 400, appCode: 'VALIDATION' });
    expect(refusal(await s.call(owner, 'market.list', { editionId: 1, currency: 'POINTS', price: over('POINTS'), idempotencyKey: 'bounds-listing-1' }, 'POST'))).toMatchObject({
      status: 400,
      appCode: 'VALIDATION',
    });
    expect((await s.call(owner, 'withdrawals.list')).body.result.data.items).toHaveLength(0);
  });
});
