import { describe, expect, it } from 'vitest';
import { failure, useHarness } from '../../test/harness.ts';
import { settleStarsPayment } from '../payments/stars.ts';

const h = useHarness({ ADMIN_TELEGRAM_IDS: '9600' });
const owner = { telegramId: 9600, firstName: 'Olga' };
const fay = { telegramId: 9601, firstName: 'Fay', username: 'fay_fin' };
const adam = { telegramId: 9602, firstName: 'Adam' };

async function team() {
  await h.as(owner).profile.me();
  for (const [u, role] of [[fay, 'FINANCE'], [adam, 'ADMIN']] as const) {
    await h.as(u).profile.me();
    await h.as(owner).admin.participants.setRole({ telegramId: String(u.telegramId), role });
  }
}

let seq = 0;
async function starsProduct(price: bigint, kind: 'ITEM' | 'POINTS_PACK' = 'ITEM') {
  return h.deps.prisma.product.create({
    data: {
      slug: `fin-${++seq}`,
      kind,
      title: { en: `Thing ${seq}`, ru: `Вещь ${seq}` },
      description: { en: '', ru: '' },
      pointsAmount: kind === 'POINTS_PACK' ? 100n : null,
      prices: { create: [{ currency: 'STARS', amount: price }, { currency: 'POINTS', amount: price * 10n }] },
    },
  });
}

/** Buys with Stars through Telegram's flow as the bot sees it (invoice link, then successful_payment). */
async function buyWithStars(u: { telegramId: number; firstName: string }, productId: number, charge: string) {
  const inv = await h.as(u).shop.buy({ productId, currency: 'STARS' });
  const amount = Number(inv.amount);
  await settleStarsPayment(h.deps, u.telegramId, { currency: 'XTR', total_amount: amount, invoice_payload: inv.id, telegram_payment_charge_id: charge });
  return inv;
}

const balance = async (u: { telegramId: number }, c: 'POINTS' | 'STARS' | 'TON') => (await h.as(u).ledger.balances()).find((b) => b.currency === c)!.amount;

describe('finance: the ledger per currency', () => {
  it('reports issued, revenue and adjustments equal to what the generated activity adds up to', async () => {
    await team();
    h.telegram.on('createInvoiceLink', () => 'https://t.me/$inv');
    const buyers = Array.from({ length: 7 }, (_, i) => ({ telegramId: 7100 + i, firstName: `Buyer${i}` }));
    let awarded = 0n;
    let starsRevenue = 0n;
    let pointsSpent = 0n;
    let adjustedPoints = 0n;
    const products = [await starsProduct(5n), await starsProduct(12n), await starsProduct(30n)];
    for (const [i, b] of buyers.entries()) {
      const prize = BigInt(100 * (i + 1));
      await h.as(b).profile.me();
      await h.as(owner).admin.ledger.award({ telegramId: String(b.telegramId), currency: 'POINTS', amount: String(prize), reason: 'season prize', idempotencyKey: `prize-${i}-key` });
      awarded += prize;
      const p = products[i % products.length];
      const price = (await h.deps.prisma.productPrice.findFirstOrThrow({ where: { productId: p.id, currency: 'STARS' } })).amount;
      await buyWithStars(b, p.id, `charge-${i}`);
      starsRevenue += price;
      if (i % 2 === 0) {
        const credit = BigInt(7 * (i + 1));
        await h.as(fay).admin.ledger.adjust({ telegramId: b.telegramId, currency: 'POINTS', direction: 'credit', amount: String(credit), reason: 'goodwill', idempotencyKey: `adj-credit-${i}` });
        adjustedPoints += credit;
      } else {
        await h.as(fay).admin.ledger.adjust({ telegramId: b.telegramId, currency: 'POINTS', direction: 'debit', amount: '3', reason: 'double prize', idempotencyKey: `adj-debit-${i}` });
        adjustedPoints -= 3n;
      }
      if (i === 3) {
        // One buyer spends points on a product: that leaves circulation (the points method's sink).
        await h.as(b).shop.buy({ productId: products[0].id, currency: 'POINTS' });
        pointsSpent += 50n;
      }
    }
    const summary = await h.as(fay).admin.ledger.summary();
    const byCurrency = Object.fromEntries(summary.map((s) => [s.currency, s]));
    expect(byCurrency.POINTS).toMatchObject({
      issued: awarded.toString(),
      adjustments: adjustedPoints.toString(),
      sunk: pointsSpent.toString(),
      participants: (awarded + adjustedPoints - pointsSpent).toString(),
      holds: '0',
      payouts: '0',
    });
    expect(byCurrency.STARS).toMatchObject({ revenue: starsRevenue.toString(), received: starsRevenue.toString(), participants: '0', issued: '0' });
    expect(byCurrency.TON).toMatchObject({ issued: '0', revenue: '0', participants: '0' });
    await h.expectLedgerBalanced();
  });
});

describe('finance: participants\' accounts', () => {
  it('finds a participant by name, @username or Telegram id, and pages and sorts on the server', async () => {
    await team();
    for (let i = 0; i < 12; i++) {
      const u = { telegramId: 7200 + i, firstName: i === 4 ? 'Zoë' : `Member${String(i).padStart(2, '0')}`, username: i === 4 ? 'zoe_100%' : undefined };
      await h.as(u).profile.me();
      await h.as(owner).admin.ledger.award({ telegramId: String(u.telegramId), currency: 'POINTS', amount: String(10 * (i + 1)), reason: 'seed', idempotencyKey: `seed-${i}-key` });
    }
    const first = await h.as(fay).admin.ledger.accounts({ currency: 'POINTS', limit: 5, sort: { by: 'balance', dir: 'desc' } });
    // The team of three has accounts too, at zero.
    expect(first.total).toBe(15);
    expect(first.items.map((a) => a.balance)).toEqual(['120', '110', '100', '90', '80']);
    const third = await h.as(fay).admin.ledger.accounts({ currency: 'POINTS', limit: 5, page: 3, sort: { by: 'balance', dir: 'desc' } });
    expect(third.items.map((a) => a.balance)).toEqual(['20', '10', '0', '0', '0']);
    const past = await h.as(fay).admin.ledger.accounts({ currency: 'POINTS', limit: 5, page: 9 });
    expect(past).toMatchObject({ items: [], total: 15 });

    const byName = await h.as(fay).admin.ledger.accounts({ search: 'zoë', currency: 'POINTS' });
    expect(byName.items).toEqual([expect.objectContaining({ name: 'Zoë', username: 'zoe_100%', telegramId: '7204', balance: '50', held: '0' })]);
    // % is a character to find, not a wildcard.
    expect((await h.as(fay).admin.ledger.accounts({ search: '@zoe_100%' })).items.map((a) => a.currency).sort()).toEqual(['POINTS', 'STARS', 'TON']);
    expect((await h.as(fay).admin.ledger.accounts({ search: '100%x' })).total).toBe(0);
    expect((await h.as(fay).admin.ledger.accounts({ search: '7204', currency: 'POINTS' })).items.map((a) => a.name)).toEqual(['Zoë']);
    const byNameAsc = await h.as(fay).admin.ledger.accounts({ search: 'member', currency: 'POINTS', sort: { by: 'name', dir: 'asc' }, limit: 3 });
    expect(byNameAsc.items.map((a) => a.name)).toEqual(['Member00', 'Member01', 'Member02']);

    expect(await failure(h.as(fay).admin.ledger.accounts({ limit: 500 }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await failure(h.as(fay).admin.ledger.accounts({ search: 'x\u0000' }))).toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('finance: adjusting a balance by hand', () => {
  it('credits and debits through the ledger, once per key, audited, and tells the participant', async () => {
    await team();
    const pia = { telegramId: 7300, firstName: 'Pia', language: 'ru' };
    await h.as(pia).profile.me();
    const credit = { telegramId: String(pia.telegramId), currency: 'STARS' as const, direction: 'credit' as const, amount: '40', reason: 'Compensation for a failed delivery', idempotencyKey: 'adjust-0001' };
    const done = await h.as(fay).admin.ledger.adjust(credit);
    expect(done).toMatchObject({ created: true, balance: '40' });
    // A retry (a double click, a lost answer) changes nothing.
    expect(await h.as(fay).admin.ledger.adjust(credit)).toMatchObject({ created: false, transferId: done.transferId, balance: '40' });
    expect(await balance(pia, 'STARS')).toBe('40');
    // The same key with other details is refused, not applied.
    expect(await failure(h.as(fay).admin.ledger.adjust({ ...credit, amount: '41' }))).toMatchObject({ code: 'CONFLICT', appCode: 'IDEMPOTENCY_MISMATCH' });
    expect(await failure(h.as(fay).admin.ledger.adjust({ ...credit, direction: 'debit' }))).toMatchObject({ code: 'CONFLICT', appCode: 'IDEMPOTENCY_MISMATCH' });

    await h.as(fay).admin.ledger.adjust({ ...credit, direction: 'debit', amount: '15', reason: 'Credited twice', idempotencyKey: 'adjust-0002' });
    expect(await balance(pia, 'STARS')).toBe('25');
    // Below zero is refused by the ledger's guard, and nothing is written.
    expect(await failure(h.as(fay).admin.ledger.adjust({ ...credit, direction: 'debit', amount: '26', idempotencyKey: 'adjust-0003' }))).toMatchObject({ code: 'BAD_REQUEST', appCode: 'INSUFFICIENT_FUNDS' });
    expect(await balance(pia, 'STARS')).toBe('25');
    expect(await h.deps.prisma.transfer.count({ where: { idempotencyKey: 'adjust:adjust-0003' } })).toBe(0);

    const audits = await h.deps.prisma.auditLog.findMany({ where: { action: 'ledger.adjust' }, orderBy: { id: 'asc' } });
    const fayId = (await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(fay.telegramId) } })).id;
    expect(audits.map((a) => [a.actorId, (a.data as any).direction, (a.data as any).amount, (a.data as any).reason])).toEqual([
      [fayId, 'credit', '40', 'Compensation for a failed delivery'],
      [fayId, 'debit', '15', 'Credited twice'],
    ]);
    const history = await h.as(pia).ledger.history();
    expect(history.items.map((t) => [t.kind, t.direction, t.amount])).toEqual([['ADJUSTMENT_DEBIT', 'out', '15'], ['ADJUSTMENT_CREDIT', 'in', '40']]);

    await h.drain();
    const told = h.telegram.callsOf('sendMessage').filter((c) => Number(c.params.chat_id) === pia.telegramId).map((c) => c.params.text);
    expect(told).toEqual(['На ваш баланс зачислено 40 ⭐. Причина: Compensation for a failed delivery', 'С вашего баланса списано 15 ⭐. Причина: Credited twice']);
    expect(await h.as(fay).admin.ledger.audit()).toMatchObject({ drifted: [], negative: 0 });
    await h.expectLedgerBalanced();
  });

  it('refuses what is not a correction: an unknown participant, bad amounts, a missing reason, a role without the right', async () => {
    await team();
    const base = { telegramId: 7301, currency: 'POINTS' as const, direction: 'credit' as const, amount: '5', reason: 'Because', idempotencyKey: 'adjust-x-01' };
    expect(await failure(h.as(fay).admin.ledger.adjust(base))).toMatchObject({ code: 'NOT_FOUND', appCode: 'PARTICIPANT_NOT_FOUND' });
    await h.as({ telegramId: 7301, firstName: 'Rex' }).profile.me();
    for (const amount of ['0', '-5', '1.5', '99999999999999999999999']) {
      expect(await failure(h.as(fay).admin.ledger.adjust({ ...base, amount })), amount).toMatchObject({ code: 'BAD_REQUEST' });
    }
    // Above the currency's own limit (1,000,000 Stars).
    expect(await failure(h.as(fay).admin.ledger.adjust({ ...base, currency: 'STARS', amount: '1000001' }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await failure(h.as(fay).admin.ledger.adjust({ ...base, reason: ' ' }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await failure(h.as(fay).admin.ledger.adjust({ ...base, idempotencyKey: 'short' }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await failure(h.as(adam).admin.ledger.adjust(base))).toMatchObject({ code: 'FORBIDDEN', appCode: 'FORBIDDEN' });
    expect(await balance({ telegramId: 7301 }, 'POINTS')).toBe('0');
    expect(await h.deps.prisma.auditLog.count({ where: { action: 'ledger.adjust' } })).toBe(0);
  });
});
