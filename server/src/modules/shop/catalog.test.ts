import { describe, expect, it } from 'vitest';
import { failure, useHarness } from '../../test/harness.ts';

const h = useHarness({ ADMIN_TELEGRAM_IDS: '9800', TON_TREASURY_ADDRESS: `0:${'1'.repeat(64)}` });
const owner = { telegramId: 9800, firstName: 'Owner' };
const kate = { telegramId: 9801, firstName: 'Kate' };
const base = { kind: 'ITEM' as const, title: { en: 'Cap', ru: 'Кепка' }, description: { en: '', ru: '' } };

describe('product prices in the back office', () => {
  it('prices a product in any payment method, still takes the old per-currency fields, and shows both', async () => {
    expect((await h.as(owner).admin.catalog.paymentMethods()).map((m) => [m.currency, m.available])).toEqual([
      ['STARS', true],
      ['TON', true],
      ['POINTS', true],
    ]);
    // Another product's prices are never read or touched by saving this one's.
    const mug = await h.as(owner).admin.catalog.saveProduct({ ...base, slug: 'mug', prices: [{ currency: 'POINTS', amount: '40' }] });
    const cap = await h.as(owner).admin.catalog.saveProduct({ ...base, slug: 'cap', prices: [{ currency: 'TON', amount: '1500000000' }, { currency: 'POINTS', amount: '300' }] });
    expect(cap).toMatchObject({ priceTon: '1500000000', pricePoints: '300', priceStars: null, prices: [{ currency: 'TON', amount: '1500000000' }, { currency: 'POINTS', amount: '300' }] });
    expect((await h.as(kate).shop.products()).products.find((p) => p.slug === 'cap')!.prices).toEqual([
      { currency: 'TON', amount: '1500000000' },
      { currency: 'POINTS', amount: '300' },
    ]);

    // Old clients: a field sets its currency, null removes it, a missing one stays.
    const edited = await h.as(owner).admin.catalog.saveProduct({ ...base, id: cap.id, slug: 'cap', priceStars: '25', pricePoints: null });
    expect(edited.prices).toEqual([
      { currency: 'STARS', amount: '25' },
      { currency: 'TON', amount: '1500000000' },
    ]);
    const retoned = await h.as(owner).admin.catalog.saveProduct({ ...base, id: cap.id, slug: 'cap', priceTon: '2000000000' });
    expect(retoned.prices).toEqual([
      { currency: 'STARS', amount: '25' },
      { currency: 'TON', amount: '2000000000' },
    ]);
    // `prices` is the whole set.
    const only = await h.as(owner).admin.catalog.saveProduct({ ...base, id: cap.id, slug: 'cap', prices: [{ currency: 'POINTS', amount: '10' }] });
    expect(only.prices).toEqual([{ currency: 'POINTS', amount: '10' }]);
    expect((await h.as(owner).admin.catalog.products()).find((p) => p.slug === 'cap')).toMatchObject({ pricePoints: '10', priceTon: null, priceStars: null });
    expect(await failure(h.as(kate).shop.buy({ productId: cap.id, currency: 'TON' }))).toMatchObject({ appCode: 'CURRENCY_NOT_ACCEPTED' });
    expect((await h.as(owner).admin.catalog.products()).find((p) => p.id === mug.id)!.prices).toEqual([{ currency: 'POINTS', amount: '40' }]);
  });

  it('refuses a price of zero, two prices in one currency and an unknown currency, changing nothing', async () => {
    const cap = await h.as(owner).admin.catalog.saveProduct({ ...base, slug: 'cap', pricePoints: '300' });
    for (const bad of [
      { pricePoints: '0' },
      { prices: [{ currency: 'STARS' as const, amount: '0' }] },
      { prices: [{ currency: 'STARS' as const, amount: '5' }, { currency: 'STARS' as const, amount: '6' }] },
      { prices: [{ currency: 'USD', amount: '5' }] },
    ]) {
      expect(await failure(h.as(owner).admin.catalog.saveProduct({ ...base, id: cap.id, slug: 'cap', ...(bad as object) }))).toMatchObject({ code: 'BAD_REQUEST' });
    }
    expect((await h.as(owner).admin.catalog.products()).find((p) => p.id === cap.id)!.prices).toEqual([{ currency: 'POINTS', amount: '300' }]);
    expect(await failure(h.as(kate).admin.catalog.paymentMethods())).toMatchObject({ code: 'FORBIDDEN' });
  });
});
