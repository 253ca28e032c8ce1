import { describe, expect, it } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { DEMO_ATTRIBUTES } from '../../seed/demo.ts';
import { failure, useHarness } from '../../test/harness.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';

const TON = 1_000_000_000n;
const h = useHarness({ ADMIN_TELEGRAM_IDS: '9700', WITHDRAW_MIN_NANO: String(TON / 10n), WITHDRAW_FEE_NANO: String(TON / 100n) });
const owner = { telegramId: 9700, firstName: 'Owner' };
const ann = { telegramId: 9701, firstName: 'Ann' };
const ben = { telegramId: 9702, firstName: 'Ben' };

async function grant(u: { telegramId: number }, currency: 'POINTS' | 'TON', amount: bigint) {
  await h.as(u).profile.me();
  const p = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(u.telegramId) } });
  await inTx(h.deps.prisma, (tx) =>
    transfer(tx, { key: `grant:${u.telegramId}:${currency}:${Math.random()}`, debit: { system: SystemAccount.ISSUANCE }, credit: { participantId: p.id }, currency, amount, kind: 'AWARD' }),
  );
  return p;
}
const balance = async (u: { telegramId: number }, currency = 'POINTS') => (await h.as(u).ledger.balances()).find((b) => b.currency === currency)!.amount;

const mug = (prices: { currency: 'POINTS' | 'STARS'; amount: bigint }[], stock: number | null = null) =>
  h.deps.prisma.product.create({
    data: { slug: `mug-${Math.random().toString(36).slice(2, 8)}`, kind: 'ITEM', title: { en: 'Mug', ru: 'Кружка' }, description: { en: '', ru: '' }, stock, prices: { create: prices } },
  });

async function openDrop() {
  await h.as(owner).profile.me();
  const c = await h.as(owner).admin.collectibles.createCollection({
    slug: `c-${Math.random().toString(36).slice(2, 7)}`,
    title: { en: 'Critters', ru: 'Зверята' },
    description: { en: '', ru: '' },
    supplyCap: 100,
    attributes: DEMO_ATTRIBUTES,
  });
  return h.as(owner).admin.collectibles.createDrop({ collectionId: c.id, title: { en: 'Drop', ru: 'Дроп' }, supply: 10, startsAt: '2026-11-01T00:00:00.000Z', pricePoints: '100' });
}

describe('idempotency keys', () => {
  it('a retried shop.buy answers with the same order and invoice and charges once', async () => {
    await grant(ann, 'POINTS', 1000n);
    const p = await mug([{ currency: 'POINTS', amount: 300n }], 5);
    const first = await h.as(ann).shop.buy({ productId: p.id, currency: 'POINTS', idempotencyKey: 'tap-1' });
    const again = await h.as(ann).shop.buy({ productId: p.id, currency: 'POINTS', idempotencyKey: 'tap-1' });
    expect(again).toEqual(first);
    expect(first).toMatchObject({ status: 'PAID', orderStatus: 'FULFILLED' });
    expect(await h.deps.prisma.order.count()).toBe(1);
    expect((await h.deps.prisma.product.findUniqueOrThrow({ where: { id: p.id } })).stock).toBe(4);
    expect(await balance(ann)).toBe('700');
    // A new key is a new purchase.
    await h.as(ann).shop.buy({ productId: p.id, currency: 'POINTS', idempotencyKey: 'tap-2' });
    expect(await h.deps.prisma.order.count()).toBe(2);
    await h.expectLedgerBalanced();
  });

  it('a retried Stars purchase reuses its invoice and link; a key whose link failed can be tried again', async () => {
    await h.as(ann).profile.me();
    const p = await mug([{ currency: 'STARS', amount: 50n }], 1);
    h.telegram.fail('createInvoiceLink', { status: 502 }); // Telegram is away
    expect(await failure(h.as(ann).shop.buy({ productId: p.id, currency: 'STARS', idempotencyKey: 'stars-1' }))).toMatchObject({ appCode: 'PAYMENT_PROVIDER_FAILED' });
    let links = 0;
    h.telegram.on('createInvoiceLink', () => `https://t.me/$invoice-${++links}`);
    const first = await h.as(ann).shop.buy({ productId: p.id, currency: 'STARS', idempotencyKey: 'stars-1' });
    const again = await h.as(ann).shop.buy({ productId: p.id, currency: 'STARS', idempotencyKey: 'stars-1' });
    expect(again).toEqual(first);
    expect(first).toMatchObject({ status: 'PENDING', stars: { invoiceLink: 'https://t.me/$invoice-1' } });
    expect(links).toBe(1);
    expect(await h.deps.prisma.order.count({ where: { status: 'PENDING' } })).toBe(1);
  });

  it('refuses the same key with another input or procedure, and keeps keys of different participants apart', async () => {
    await grant(ann, 'POINTS', 1000n);
    await grant(ben, 'POINTS', 1000n);
    const a = await mug([{ currency: 'POINTS', amount: 100n }]);
    const b = await mug([{ currency: 'POINTS', amount: 200n }]);
    await h.as(ann).shop.buy({ productId: a.id, currency: 'POINTS', idempotencyKey: 'k' });
    const other = await failure(h.as(ann).shop.buy({ productId: b.id, currency: 'POINTS', idempotencyKey: 'k' }));
    expect(other).toMatchObject({ code: 'CONFLICT', appCode: 'IDEMPOTENCY_KEY_REUSED' });
    const d = await openDrop();
    expect(await failure(h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS', idempotencyKey: 'k' }))).toMatchObject({ appCode: 'IDEMPOTENCY_KEY_REUSED' });
    // Ben's "k" is his own.
    expect(await h.as(ben).shop.buy({ productId: b.id, currency: 'POINTS', idempotencyKey: 'k' })).toMatchObject({ status: 'PAID', amount: '200' });
    expect(await balance(ann)).toBe('900');
    expect(await balance(ben)).toBe('800');
    expect(await failure(h.as(ann).shop.buy({ productId: a.id, currency: 'POINTS', idempotencyKey: 'x'.repeat(65) }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('idempotencyKey') });
    expect(await failure(h.as(ann).shop.buy({ productId: a.id, currency: 'POINTS', idempotencyKey: '' }))).toMatchObject({ code: 'BAD_REQUEST' });
    await h.expectLedgerBalanced();
  });

  it('a refusal keeps no answer: the same key works once the reason is gone', async () => {
    await grant(ann, 'POINTS', 50n);
    const p = await mug([{ currency: 'POINTS', amount: 100n }]);
    expect(await failure(h.as(ann).shop.buy({ productId: p.id, currency: 'POINTS', idempotencyKey: 'later' }))).toMatchObject({ appCode: 'INSUFFICIENT_FUNDS' });
    await grant(ann, 'POINTS', 50n);
    expect(await h.as(ann).shop.buy({ productId: p.id, currency: 'POINTS', idempotencyKey: 'later' })).toMatchObject({ status: 'PAID' });
    expect(await balance(ann)).toBe('0');
    await h.expectLedgerBalanced();
  });

  it('collectibles.buy, gift, market.list and market.buy each happen once per key', async () => {
    const d = await openDrop();
    await grant(ann, 'POINTS', 1000n);
    await grant(ben, 'POINTS', 1000n);
    const bought = await h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS', idempotencyKey: 'drop-1' });
    expect(await h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS', idempotencyKey: 'drop-1' })).toEqual(bought);
    expect(await h.deps.prisma.edition.count()).toBe(1);
    expect(await balance(ann)).toBe('900');

    const listed = await h.as(ann).market.list({ editionId: bought.editionId!, currency: 'POINTS', price: '400', idempotencyKey: 'list-1' });
    expect(await h.as(ann).market.list({ editionId: bought.editionId!, currency: 'POINTS', price: '400', idempotencyKey: 'list-1' })).toEqual(listed);
    expect(await h.deps.prisma.listing.count()).toBe(1);

    const sold = await h.as(ben).market.buy({ listingId: listed.id, idempotencyKey: 'buy-1' });
    expect(await h.as(ben).market.buy({ listingId: listed.id, idempotencyKey: 'buy-1' })).toEqual(sold);
    expect(await balance(ben)).toBe('600');
    // The seller's message follows the commit: the worker sends it, once, however often the key came back.
    await h.drain();
    // A sale's message carries the edition's art: a photo with the text as its caption.
    const sales = h.telegram.callsOf('sendPhoto').filter((c) => String(c.params.caption).startsWith('Sold:'));
    expect(sales).toHaveLength(1);

    await h.as(ann).profile.me();
    const gift = await h.as(ben).collectibles.gift({ editionId: bought.editionId!, toTelegramId: ann.telegramId, idempotencyKey: 'gift-1' });
    expect(await h.as(ben).collectibles.gift({ editionId: bought.editionId!, toTelegramId: ann.telegramId, idempotencyKey: 'gift-1' })).toEqual(gift);
    expect(await h.deps.prisma.editionTransfer.count({ where: { kind: 'GIFT' } })).toBe(1);
    await h.drain();
    expect(h.telegram.callsOf('sendPhoto').filter((c) => String(c.params.caption).includes('sent you a collectible'))).toHaveLength(1);
    // Ann owns it again; the same key for another gift is refused, not replayed.
    expect(await failure(h.as(ben).collectibles.gift({ editionId: bought.editionId!, toTelegramId: owner.telegramId, idempotencyKey: 'gift-1' }))).toMatchObject({
      appCode: 'IDEMPOTENCY_KEY_REUSED',
    });
    await h.expectLedgerBalanced();
  });

  it('withdrawals.request holds once per key', async () => {
    const p = await grant(ann, 'TON', 5n * TON);
    await h.deps.prisma.wallet.create({ data: { participantId: p.id, address: `0:${'a'.repeat(64)}`, chain: '-3', publicKey: 'ab'.repeat(32) } });
    const w = await h.as(ann).withdrawals.request({ amount: String(TON), idempotencyKey: 'wd-1' });
    expect(await h.as(ann).withdrawals.request({ amount: String(TON), idempotencyKey: 'wd-1' })).toEqual(w);
    expect(await h.deps.prisma.withdrawal.count()).toBe(1);
    expect(await balance(ann, 'TON')).toBe(String(4n * TON - TON / 100n));
    expect(await failure(h.as(ann).withdrawals.request({ amount: String(2n * TON), idempotencyKey: 'wd-1' }))).toMatchObject({ appCode: 'IDEMPOTENCY_KEY_REUSED' });
    await h.expectLedgerBalanced();
  });
});

describe.runIf(!!process.env.DATABASE_URL)('concurrent duplicates (PostgreSQL)', () => {
  it('ten shop.buy calls with one key at once: one order, ten identical answers', async () => {
    await grant(ann, 'POINTS', 1000n);
    const p = await mug([{ currency: 'POINTS', amount: 100n }], 5);
    const answers = await Promise.all(Array.from({ length: 10 }, () => h.as(ann).shop.buy({ productId: p.id, currency: 'POINTS', idempotencyKey: 'race' })));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(await h.deps.prisma.order.count()).toBe(1);
    expect((await h.deps.prisma.product.findUniqueOrThrow({ where: { id: p.id } })).stock).toBe(4);
    expect(await balance(ann)).toBe('900');
    await h.expectLedgerBalanced();
  });

  it('market.buy and withdrawals.request raced with one key each: one effect, identical answers', async () => {
    const d = await openDrop();
    await grant(ann, 'POINTS', 1000n);
    await grant(ben, 'POINTS', 1000n);
    const { editionId } = await h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS' });
    const listing = await h.as(ann).market.list({ editionId: editionId!, currency: 'POINTS', price: '300' });
    const buys = await Promise.all(Array.from({ length: 8 }, () => h.as(ben).market.buy({ listingId: listing.id, idempotencyKey: 'b' })));
    expect(new Set(buys.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(await balance(ben)).toBe('700');

    const p = await grant(ben, 'TON', 5n * TON);
    await h.deps.prisma.wallet.create({ data: { participantId: p.id, address: `0:${'b'.repeat(64)}`, chain: '-3', publicKey: 'cd'.repeat(32) } });
    const ws = await Promise.all(Array.from({ length: 8 }, () => h.as(ben).withdrawals.request({ amount: String(TON), idempotencyKey: 'w' })));
    expect(new Set(ws.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(await h.deps.prisma.withdrawal.count()).toBe(1);
    await h.expectLedgerBalanced();
  });
});
