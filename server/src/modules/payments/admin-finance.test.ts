import { describe, expect, it } from 'vitest';
import { failure, useHarness } from '../../test/harness.ts';
import { settleStarsPayment } from './stars.ts';
import { settleTonTransfer } from './ton.ts';

const h = useHarness({ ADMIN_TELEGRAM_IDS: '9700' });
const owner = { telegramId: 9700, firstName: 'Olga' };
const fay = { telegramId: 9701, firstName: 'Fay' };
const adam = { telegramId: 9702, firstName: 'Adam' };
const vera = { telegramId: 7400, firstName: 'Vera', username: 'vera_v' };
const ivan = { telegramId: 7401, firstName: 'Ivan' };

async function team() {
  await h.as(owner).profile.me();
  for (const [u, role] of [[fay, 'FINANCE'], [adam, 'ADMIN']] as const) {
    await h.as(u).profile.me();
    await h.as(owner).admin.participants.setRole({ telegramId: String(u.telegramId), role });
  }
}

let seq = 0;
const product = (kind: 'ITEM' | 'BOOST' = 'ITEM') =>
  h.deps.prisma.product.create({
    data: {
      slug: `adm-${++seq}`,
      kind,
      title: { en: `Thing ${seq}`, ru: `Вещь ${seq}` },
      description: { en: '', ru: '' },
      boostMultiplierBps: kind === 'BOOST' ? 15_000 : null,
      boostSeconds: kind === 'BOOST' ? 3600 : null,
      prices: { create: [{ currency: 'STARS', amount: 10n }, { currency: 'POINTS', amount: 100n }] },
    },
  });

async function paidStars(u: { telegramId: number; firstName: string }, productId: number, charge: string) {
  const inv = await h.as(u).shop.buy({ productId, currency: 'STARS' });
  await settleStarsPayment(h.deps, u.telegramId, { currency: 'XTR', total_amount: Number(inv.amount), invoice_payload: inv.id, telegram_payment_charge_id: charge });
  return inv;
}

const unmatchedTon = (hash: string, amount: bigint) =>
  settleTonTransfer(h.deps, { hash, lt: 1000n + BigInt(seq++), time: h.clock.now(), source: 'EQsender', amount, comment: 'hello', bounced: false, aborted: false });

describe('back office: invoices', () => {
  it('filters by status, currency, participant and dates, pages on the server, and keeps the old input working', async () => {
    await team();
    h.telegram.on('createInvoiceLink', () => 'https://t.me/$inv');
    h.telegram.on('refundStarPayment', () => true);
    const mug = await product();
    await h.as(vera).profile.me();
    await h.as(ivan).profile.me();
    const paid = await paidStars(vera, mug.id, 'ch-1');
    h.clock.set('2026-11-25T12:00:00Z');
    const pending = await h.as(vera).shop.buy({ productId: mug.id, currency: 'STARS' });
    h.clock.set('2026-11-26T12:00:00Z');
    const ivans = await paidStars(ivan, mug.id, 'ch-2');

    const all = await h.as(fay).admin.payments.invoices({});
    expect(all).toMatchObject({ total: 3, page: 1, limit: 50 });
    expect(all.items.map((i) => i.id)).toEqual([ivans.id, pending.id, paid.id]);
    expect(all.items[2]).toMatchObject({ status: 'PAID', currency: 'STARS', amount: '10', participant: { telegramId: '7400', name: 'Vera', username: 'vera_v' }, order: { status: 'FULFILLED', productTitle: mug.title } });
    expect((await h.as(fay).admin.payments.invoices({ status: 'PAID', currency: 'STARS', limit: 10 })).items.map((i) => i.id)).toEqual([ivans.id, paid.id]);
    expect((await h.as(fay).admin.payments.invoices({ currency: 'TON' })).total).toBe(0);
    expect((await h.as(fay).admin.payments.invoices({ participant: '@vera' })).items.map((i) => i.id)).toEqual([pending.id, paid.id]);
    expect((await h.as(fay).admin.payments.invoices({ participant: '7401' })).items.map((i) => i.id)).toEqual([ivans.id]);
    expect((await h.as(fay).admin.payments.invoices({ from: '2026-11-25T00:00:00Z', to: '2026-11-26T00:00:00Z' })).items.map((i) => i.id)).toEqual([pending.id]);
    expect((await h.as(fay).admin.payments.invoices({ id: paid.id })).items.map((i) => i.id)).toEqual([paid.id]);
    const page2 = await h.as(fay).admin.payments.invoices({ limit: 2, page: 2 });
    expect(page2).toMatchObject({ total: 3, page: 2 });
    expect(page2.items.map((i) => i.id)).toEqual([paid.id]);
    expect(await failure(h.as(fay).admin.payments.invoices({ from: 'yesterday' as never }))).toMatchObject({ code: 'BAD_REQUEST' });

    // A refund from the table: the invoice shows as refunded under the same filter.
    await h.as(fay).admin.payments.refund({ invoiceId: paid.id, reason: 'customer asked' });
    expect((await h.as(fay).admin.payments.invoices({ status: 'REFUNDED' })).items).toEqual([expect.objectContaining({ id: paid.id, refundedAt: expect.any(String) })]);
    await h.expectLedgerBalanced();
  });

  it("reads the bot's Stars balance from Telegram in its wire format", async () => {
    await team();
    h.telegram.starBalance = { amount: 1234, nanostar_amount: 500_000_000 };
    expect(await h.as(fay).admin.payments.starBalance()).toEqual({ amount: 1234, nanostarAmount: 500_000_000 });
    expect(h.telegram.callsOf('getMyStarBalance')).toHaveLength(1);
    h.telegram.fail('getMyStarBalance', { status: 502 });
    expect(await failure(h.as(fay).admin.payments.starBalance())).toMatchObject({ code: 'BAD_GATEWAY', appCode: 'PAYMENT_PROVIDER_FAILED' });
  });
});

describe('back office: incoming TON that matched nothing', () => {
  it('credits it to a chosen participant once, or marks it to return, audited', async () => {
    await team();
    await h.as(vera).profile.me();
    const a = 'a'.repeat(64);
    const b = 'b'.repeat(64);
    expect(await unmatchedTon(a, 2_500_000_000n)).toBe('UNKNOWN_REFERENCE');
    expect(await unmatchedTon(b, 1_000_000_000n)).toBe('UNKNOWN_REFERENCE');
    expect((await h.as(fay).admin.payments.tonTransfers({ outcome: 'UNKNOWN_REFERENCE' })).map((t) => t.hash).sort()).toEqual([a, b]);

    expect(await failure(h.as(fay).admin.payments.resolveTon({ id: a, action: 'credit' }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await failure(h.as(fay).admin.payments.resolveTon({ id: a, action: 'credit', telegramId: 1234567 }))).toMatchObject({
      code: 'NOT_FOUND', appCode: 'PARTICIPANT_NOT_FOUND', message: 'No participant with this Telegram id.',
    });
    expect(await failure(h.as(adam).admin.payments.resolveTon({ id: a, action: 'return' }))).toMatchObject({ code: 'FORBIDDEN' });

    expect(await h.as(fay).admin.payments.resolveTon({ id: a, action: 'credit', telegramId: vera.telegramId })).toMatchObject({ outcome: 'CREDITED' });
    expect((await h.as(vera).ledger.balances()).find((x) => x.currency === 'TON')!.amount).toBe('2500000000');
    // Twice, or the other way after the first: refused, nothing moves again.
    expect(await failure(h.as(fay).admin.payments.resolveTon({ id: a, action: 'credit', telegramId: vera.telegramId }))).toMatchObject({
      code: 'CONFLICT', appCode: 'TRANSFER_ALREADY_RESOLVED', message: 'This TON payment is not waiting to be resolved (it matched an invoice or was already resolved).',
    });
    expect(await failure(h.as(owner).admin.payments.resolveTon({ id: a, action: 'return' }))).toMatchObject({ code: 'CONFLICT', appCode: 'TRANSFER_ALREADY_RESOLVED' });
    // The watcher seeing the same transaction again changes nothing either.
    expect(await unmatchedTon(a, 2_500_000_000n)).toBe('CREDITED');
    expect((await h.as(vera).ledger.balances()).find((x) => x.currency === 'TON')!.amount).toBe('2500000000');

    expect(await h.as(fay).admin.payments.resolveTon({ id: b, action: 'return' })).toMatchObject({ outcome: 'TO_RETURN', transferId: null });
    expect((await h.as(fay).admin.payments.tonTransfers({ outcome: 'TO_RETURN' })).map((t) => t.hash)).toEqual([b]);
    expect(await failure(h.as(fay).admin.payments.resolveTon({ id: 'c'.repeat(64), action: 'return' }))).toMatchObject({ code: 'NOT_FOUND', message: 'No incoming TON transaction with this hash.' });
    expect(await failure(h.as(fay).admin.payments.resolveTon({ id: 'not-a-hash', action: 'return' }))).toMatchObject({ code: 'BAD_REQUEST' });

    // A third, credited to Ivan, who reads Russian.
    const third = 'd'.repeat(64);
    await h.as(ivan).profile.me();
    await h.deps.prisma.participant.update({ where: { telegramId: BigInt(ivan.telegramId) }, data: { language: 'ru' } });
    expect(await unmatchedTon(third, 300_000_000n)).toBe('UNKNOWN_REFERENCE');
    await h.as(fay).admin.payments.resolveTon({ id: third, action: 'credit', telegramId: ivan.telegramId });
    expect((await h.as(ivan).ledger.balances()).find((x) => x.currency === 'TON')!.amount).toBe('300000000');

    // What each row keeps: whom it was credited to, and a return only where one was asked for.
    const [veraId, ivanId, fayId] = await Promise.all([vera, ivan, fay].map(async (u) => (await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(u.telegramId) } })).id));
    const rows = await h.deps.prisma.tonTransfer.findMany({ where: { hash: { in: [a, b, third] } }, orderBy: { hash: 'asc' } });
    expect(rows.map((r) => [r.hash, r.outcome, r.participantId, r.returnStatus, r.returnQueryId === null])).toEqual([
      [a, 'CREDITED', veraId, null, true],
      [b, 'TO_RETURN', null, 'PENDING', false],
      [third, 'CREDITED', ivanId, null, true],
    ]);
    const credit = await h.deps.prisma.transfer.findUniqueOrThrow({ where: { idempotencyKey: `ton:${a}:in` } });
    expect(credit).toMatchObject({ kind: 'TON_PAYMENT', reference: `tx:${a}`, amount: 2_500_000_000n, meta: { source: 'EQsender', resolvedBy: fayId } });

    const audits = await h.deps.prisma.auditLog.findMany({ where: { action: { in: ['ton.credited', 'ton.to_return'] } }, orderBy: { id: 'asc' } });
    expect(audits.map((x) => [x.action, x.subjectId])).toEqual([['ton.credited', a], ['ton.to_return', b], ['ton.credited', third]]);
    expect(audits.map((x) => x.data)).toEqual([
      { amount: '2500000000', source: 'EQsender', participantId: veraId, transferId: credit.id.toString(), at: h.clock.now().toISOString() },
      { amount: '1000000000', source: 'EQsender', participantId: null, transferId: null, at: h.clock.now().toISOString() },
      expect.objectContaining({ participantId: ivanId }),
    ]);
    await h.drain();
    expect(h.telegram.callsOf('sendMessage').filter((c) => Number(c.params.chat_id) === vera.telegramId).map((c) => c.params.text)).toEqual([
      'An incoming payment was credited to your TON balance: 2.5 TON.',
    ]);
    expect(h.telegram.callsOf('sendMessage').filter((c) => Number(c.params.chat_id) === ivan.telegramId).map((c) => c.params.text)).toEqual([
      'На ваш баланс TON зачислен входящий платёж: 0.3 TON.',
    ]);
    await h.expectLedgerBalanced();
  });
});

describe('back office: orders and what was bought', () => {
  it('lists every order with its invoice and delivery, and purchased products and running boosts by participant and product', async () => {
    await team();
    h.telegram.on('createInvoiceLink', () => 'https://t.me/$inv');
    const mug = await product();
    const boost = await product('BOOST');
    await h.as(vera).profile.me();
    await h.as(ivan).profile.me();
    await h.as(owner).admin.ledger.award({ telegramId: String(ivan.telegramId), currency: 'POINTS', amount: '1000', reason: 'seed' });
    const o1 = await paidStars(vera, mug.id, 'c-1');
    const o2 = await h.as(vera).shop.buy({ productId: boost.id, currency: 'STARS' });
    await h.as(ivan).shop.buy({ productId: boost.id, currency: 'POINTS' });
    await h.as(ivan).shop.buy({ productId: mug.id, currency: 'POINTS' });
    // A purchase with points answers on the screen at once; only paying from outside is confirmed by message.
    await h.drain();
    expect(h.telegram.callsOf('sendMessage').filter((c) => /^(Payment received|Оплата получена)/.test(c.params.text)).map((c) => Number(c.params.chat_id))).toEqual([vera.telegramId]);

    const all = await h.as(fay).admin.orders.list({});
    expect(all.total).toBe(4);
    const veraOrders = await h.as(fay).admin.orders.list({ participant: 'vera' });
    expect(veraOrders.items.map((o) => [o.product.id, o.status, o.invoice?.status, o.delivery])).toEqual([
      [boost.id, 'PENDING', 'PENDING', 'PENDING'],
      [mug.id, 'FULFILLED', 'PAID', 'DELIVERED'],
    ]);
    expect(veraOrders.items[1].invoice).toMatchObject({ id: o1.id, currency: 'STARS', amount: '10' });
    expect(veraOrders.items[0].invoice!.id).toBe(o2.id);
    expect((await h.as(fay).admin.orders.list({ product: boost.id, status: 'FULFILLED' })).items.map((o) => [o.participant.telegramId, o.delivery])).toEqual([['7401', 'ACTIVE']]);
    expect((await h.as(fay).admin.orders.list({ limit: 3, page: 2 })).items).toHaveLength(1);

    const held = await h.as(fay).admin.orders.purchased({});
    expect(held.items.map((p) => [p.kind, p.participant.telegramId, p.product?.id]).sort()).toEqual([
      ['BOOST', '7401', boost.id],
      ['ITEM', '7400', mug.id],
      ['ITEM', '7401', mug.id],
    ]);
    // Sorted on the server across both kinds: by person (then newest), by kind; an unknown column is refused.
    const byPerson = await h.as(fay).admin.orders.purchased({ sort: { by: 'participant', dir: 'asc' } });
    expect(byPerson.items.map((p) => [p.participant.name, p.kind])).toEqual([['Ivan', 'ITEM'], ['Ivan', 'BOOST'], ['Vera', 'ITEM']]);
    expect((await h.as(fay).admin.orders.purchased({ sort: { by: 'kind', dir: 'asc' } })).items.map((p) => p.kind)).toEqual(['BOOST', 'ITEM', 'ITEM']);
    expect(await failure(h.as(fay).admin.orders.purchased({ sort: { by: 'phone' as 'kind', dir: 'asc' } }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(held.byProduct).toEqual([expect.objectContaining({ productId: mug.id, count: 2 }), expect.objectContaining({ productId: boost.id, count: 1 })]);
    expect((await h.as(fay).admin.orders.purchased({ participant: '7401', kind: 'BOOST' })).items).toEqual([
      expect.objectContaining({ kind: 'BOOST', multiplierBps: 15_000, until: '2026-11-24T13:00:00.000Z' }),
    ]);
    // An hour later the boost has run out and is no longer listed.
    h.clock.set('2026-11-24T13:00:01Z');
    expect((await h.as(fay).admin.orders.purchased({ product: boost.id })).total).toBe(0);
    expect((await h.as(fay).admin.orders.list({ product: boost.id, status: 'FULFILLED' })).items[0].delivery).toBe('ENDED');
    expect(await failure(h.as({ telegramId: 7402, firstName: 'Pat' }).admin.orders.list({}))).toMatchObject({ code: 'FORBIDDEN' });
  });
});
