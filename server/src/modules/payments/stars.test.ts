import { describe, expect, it } from 'vitest';
import { BotApiError } from '../../test/fake-bot-api.ts';
import { RACE } from '../../test/db.ts';
import { useServer } from '../../test/server-harness.ts';
import { DEMO_ATTRIBUTES } from '../../seed/demo.ts';
import { cancelInvoice } from './cancel.ts';
import { settleStarsPayment } from './stars.ts';

const h = useServer({ ADMIN_TELEGRAM_IDS: '9001' });
const buyer = { telegramId: 8101, firstName: 'Vera', language: 'en' };
const owner = { telegramId: 9001, firstName: 'Owner' };

let linkSeq = 0;
function scriptTelegram() {
  h.telegram.on('createInvoiceLink', () => `https://t.me/$invoice-${++linkSeq}`);
  h.telegram.on('answerPreCheckoutQuery', () => true);
  h.telegram.on('refundStarPayment', () => true);
}

async function pointsPack(stock: number | null = null) {
  return h.db.prisma.product.create({
    data: {
      slug: `pack-${Math.random().toString(36).slice(2, 8)}`,
      kind: 'POINTS_PACK',
      title: { en: '500 points', ru: '500 баллов' },
      description: { en: 'Top-up', ru: 'Пополнение' },
      prices: { create: [{ currency: 'STARS', amount: 50n }] },
      pointsAmount: 500n,
      stock,
    },
  });
}

const balances = async (u: typeof buyer) => {
  const r = await h.call(u, 'ledger.balances');
  return Object.fromEntries((r.body.result.data as { currency: string; amount: string }[]).map((b) => [b.currency, b.amount]));
};

function preCheckout(invoiceId: string, amount: number, from = buyer.telegramId, o: { currency?: string; lang?: string } = {}) {
  return {
    pre_checkout_query: {
      id: `pcq-${Math.random()}`, from: { id: from, is_bot: false, first_name: 'Vera', language_code: o.lang }, currency: o.currency ?? 'XTR', total_amount: amount, invoice_payload: invoiceId,
    },
  };
}

function paid(invoiceId: string, amount: number, charge: string, who: { telegramId: number; firstName: string } = buyer) {
  return {
    message: {
      message_id: 77,
      date: 1_795_000_000,
      chat: { id: who.telegramId, type: 'private', first_name: who.firstName },
      from: { id: who.telegramId, is_bot: false, first_name: who.firstName },
      successful_payment: { currency: 'XTR', total_amount: amount, invoice_payload: invoiceId, telegram_payment_charge_id: charge, provider_payment_charge_id: '' },
    },
  };
}

describe('Telegram Stars, end to end over the webhook', () => {
  it(`creates an XTR invoice link, re-validates pre-checkout, settles once however often Telegram repeats (${RACE}), and refunds`, async () => {
    scriptTelegram();
    const product = await pointsPack();
    const bought = await h.call(buyer, 'shop.buy', { productId: product.id, currency: 'STARS' });
    expect(bought.status).toBe(200);
    const inv = bought.body.result.data;
    expect(inv).toMatchObject({ status: 'PENDING', currency: 'STARS', amount: '50', stars: { invoiceLink: expect.stringContaining('t.me/$invoice') } });

    const [link] = h.telegram.callsOf('createInvoiceLink');
    expect(link.params).toMatchObject({ currency: 'XTR', payload: inv.id, prices: [{ amount: 50 }] });

    expect(await h.update(preCheckout(inv.id, 50))).toBe(200);
    expect(h.telegram.callsOf('answerPreCheckoutQuery').at(-1)!.params).toMatchObject({ ok: true });

    // Telegram delivers the same successful_payment three times, two of them at once.
    const update = paid(inv.id, 50, 'charge-1');
    expect(await h.update(update)).toBe(200);
    await Promise.all([h.update(update), h.update(update)]);
    // Each repeat was taken for what it is, a duplicate: the arrival and the payment are audited once,
    // and a fourth delivery says so (not "credited", which would mean money landed on the balance again).
    const audited = await h.db.prisma.auditLog.findMany({ where: { subjectType: 'invoice', subjectId: inv.id }, orderBy: { id: 'asc' } });
    expect(audited.map((a) => a.action).sort()).toEqual(['invoice.created', 'order.paid', 'stars.received']);
    expect(audited.find((a) => a.action === 'stars.received')!.data).toEqual({ charge: 'charge-1', amount: '50' });
    expect(await settleStarsPayment(h.running.deps, buyer.telegramId, update.message.successful_payment)).toBe('duplicate');
    expect(await h.db.prisma.auditLog.count({ where: { subjectType: 'invoice', subjectId: inv.id } })).toBe(3);

    const after = await h.call(buyer, 'payments.invoice', { id: inv.id });
    expect(after.body.result.data).toMatchObject({ status: 'PAID', paidAmount: '50', orderStatus: 'FULFILLED' });
    expect(await balances(buyer)).toMatchObject({ POINTS: '500', STARS: '0' });
    const orders = (await h.call(buyer, 'orders.list')).body.result.data;
    expect(orders.orders).toHaveLength(1);
    expect(orders.purchased[0]).toMatchObject({ kind: 'POINTS_PACK', points: '500' });
    await h.drain();
    const receipts = h.telegram.callsOf('sendMessage').filter((c) => String(c.params.text).includes('Payment received'));
    expect(receipts).toHaveLength(1);
    await h.expectLedgerBalanced();

    // Refund: the pack is taken back, Telegram is asked to return the Stars.
    const refund = await h.call(owner, 'admin.payments.refund', { invoiceId: inv.id, reason: 'customer asked' });
    expect(refund.status).toBe(200);
    expect(h.telegram.callsOf('refundStarPayment').at(-1)!.params).toMatchObject({ user_id: buyer.telegramId, telegram_payment_charge_id: 'charge-1' });
    expect((await h.call(buyer, 'payments.invoice', { id: inv.id })).body.result.data.status).toBe('REFUNDED');
    expect(await balances(buyer)).toMatchObject({ POINTS: '0', STARS: '0' });
    const again = await h.call(owner, 'admin.payments.refund', { invoiceId: inv.id, reason: 'twice' });
    expect(again.body.error.data.appCode).toBe('NOT_REFUNDABLE');
    await h.expectLedgerBalanced();
  });

  it('a Stars purchase waits for payment: the buyer is told what it is in their language, it lapses after the Stars invoice time, and it is recorded', async () => {
    scriptTelegram();
    const product = await pointsPack();
    const olga = { telegramId: 8102, firstName: 'Olga', language: 'ru' };
    const inv = (await h.call(olga, 'shop.buy', { productId: product.id, currency: 'STARS' })).body.result.data;
    expect(inv).toMatchObject({ status: 'PENDING', paidAt: null, productTitle: '500 баллов', orderStatus: 'PENDING' });
    const made = new Date(inv.createdAt).getTime();
    expect(new Date(inv.expiresAt).getTime() - made).toBe(h.config.stars.invoiceTtlMinutes * 60_000);
    // Nothing was taken from anyone: a Stars invoice settles when Telegram says it was paid.
    expect(await h.db.prisma.transfer.count({ where: { reference: { contains: inv.id } } })).toBe(0);
    const row = await h.db.prisma.invoice.findUniqueOrThrow({ where: { id: inv.id } });
    expect(row.purpose).toBe(`product:${product.slug}`);
    const created = await h.db.prisma.auditLog.findFirstOrThrow({ where: { action: 'invoice.created', subjectId: inv.id } });
    expect(created).toMatchObject({ subjectType: 'invoice', data: { productId: product.id, currency: 'STARS', amount: '50', orderId: inv.orderId } });
    // Only its buyer can read it.
    const peek = await h.call(buyer, 'payments.invoice', { id: inv.id });
    expect(peek.body.error.data).toMatchObject({ code: 'NOT_FOUND', appCode: 'INVOICE_NOT_FOUND' });
    expect(peek.body.error.message).toBe('Invoice not found.');

    // Unpaid past its time, it lapses: the order is cancelled and the item goes back on sale, audited.
    const limited = await pointsPack(2);
    const waiting = (await h.call(olga, 'shop.buy', { productId: limited.id, currency: 'STARS' })).body.result.data;
    expect((await h.db.prisma.product.findUniqueOrThrow({ where: { id: limited.id } })).stock).toBe(1);
    const { expireInvoices } = await import('./invoices.ts');
    expect(await expireInvoices(h.running.deps)).toBe(0);
    h.clock.advance({ minutes: h.config.stars.invoiceTtlMinutes });
    expect(await expireInvoices(h.running.deps)).toBe(2);
    expect((await h.call(olga, 'payments.invoice', { id: waiting.id })).body.result.data).toMatchObject({ status: 'EXPIRED', orderStatus: 'CANCELLED' });
    expect((await h.db.prisma.product.findUniqueOrThrow({ where: { id: limited.id } })).stock).toBe(2);
    expect(await h.db.prisma.auditLog.count({ where: { action: 'invoice.expired', subjectType: 'invoice', subjectId: { in: [inv.id, waiting.id] } } })).toBe(2);
  });

  it('refuses pre-checkout for an expired invoice, a changed amount or another payer', async () => {
    scriptTelegram();
    const product = await pointsPack();
    const inv = (await h.call(buyer, 'shop.buy', { productId: product.id, currency: 'STARS' })).body.result.data;

    await h.update(preCheckout(inv.id, 49));
    expect(h.telegram.callsOf('answerPreCheckoutQuery').at(-1)!.params).toMatchObject({ ok: false, error_message: expect.stringMatching(/amount has changed/) });
    await h.update(preCheckout(inv.id, 50, 4242));
    expect(h.telegram.callsOf('answerPreCheckoutQuery').at(-1)!.params).toMatchObject({ ok: false });

    h.clock.advance({ minutes: 16 });
    await h.update(preCheckout(inv.id, 50));
    expect(h.telegram.callsOf('answerPreCheckoutQuery').at(-1)!.params).toMatchObject({ ok: false, error_message: expect.stringMatching(/expired/) });
  });

  it('will not refund a points pack whose points were spent', async () => {
    scriptTelegram();
    const product = await pointsPack();
    const sink = await h.db.prisma.product.create({
      data: { slug: 'sink', kind: 'ITEM', title: { en: 'Thing', ru: 'Вещь' }, description: { en: '', ru: '' }, prices: { create: [{ currency: 'POINTS', amount: 400n }] } },
    });
    const inv = (await h.call(buyer, 'shop.buy', { productId: product.id, currency: 'STARS' })).body.result.data;
    await h.update(paid(inv.id, 50, 'charge-2'));
    expect((await h.call(buyer, 'shop.buy', { productId: sink.id, currency: 'POINTS' })).status).toBe(200);
    const refund = await h.call(owner, 'admin.payments.refund', { invoiceId: inv.id, reason: 'asked' });
    expect(refund.body.error.data).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'REFUND_NOT_POSSIBLE' });
    expect(refund.body.error.message).toBe('The points from this pack were already spent, so it cannot be refunded.');
    expect(h.telegram.callsOf('refundStarPayment')).toHaveLength(0);
    expect((await h.call(buyer, 'payments.invoice', { id: inv.id })).body.result.data.status).toBe('PAID');
    await h.expectLedgerBalanced();
  });

  it('answers 500 when settling fails, so Telegram delivers the payment again, and settles it then', async () => {
    scriptTelegram();
    const product = await pointsPack();
    const inv = (await h.call(buyer, 'shop.buy', { productId: product.id, currency: 'STARS' })).body.result.data;
    const prisma = h.db.prisma as unknown as { $transaction: (...a: unknown[]) => Promise<unknown> };
    const real = prisma.$transaction;
    prisma.$transaction = async () => {
      throw new Error('database is away');
    };
    try {
      expect(await h.update(paid(inv.id, 50, 'charge-9'))).toBe(500);
    } finally {
      prisma.$transaction = real;
    }
    expect((await h.call(buyer, 'payments.invoice', { id: inv.id })).body.result.data.status).toBe('PENDING');
    expect(await h.update(paid(inv.id, 50, 'charge-9'))).toBe(200);
    expect((await h.call(buyer, 'payments.invoice', { id: inv.id })).body.result.data.status).toBe('PAID');
    await h.expectLedgerBalanced();
  });

  it('refuses a webhook call without the right secret and acts on nothing', async () => {
    scriptTelegram();
    const product = await pointsPack();
    const inv = (await h.call(buyer, 'shop.buy', { productId: product.id, currency: 'STARS' })).body.result.data;
    expect(await h.update(paid(inv.id, 50, 'charge-3'), 'wrong')).toBe(401);
    expect(await h.update(paid(inv.id, 50, 'charge-3'), null)).toBe(401);
    expect((await h.call(buyer, 'payments.invoice', { id: inv.id })).body.result.data.status).toBe('PENDING');
  });

  it('cancels the invoice and frees the stock when Telegram cannot create the link', async () => {
    // Someone else's invoice, still waiting, is no business of this cancellation.
    scriptTelegram();
    const other = (await h.call({ telegramId: 8104, firstName: 'Ivo' }, 'shop.buy', { productId: (await pointsPack()).id, currency: 'STARS' })).body.result.data;
    h.telegram.on('createInvoiceLink', () => {
      throw new BotApiError(400, 'Bad Request: STARS_INVOICE_INVALID');
    });
    const product = await pointsPack(1);
    const res = await h.call(buyer, 'shop.buy', { productId: product.id, currency: 'STARS' });
    expect(res.status).toBe(502);
    expect(res.body.error.data.appCode).toBe('PAYMENT_PROVIDER_FAILED');
    expect((await h.db.prisma.product.findUniqueOrThrow({ where: { id: product.id } })).stock).toBe(1);
    const cancelled = await h.db.prisma.invoice.findFirstOrThrow({ where: { order: { productId: product.id } }, include: { order: true } });
    expect(cancelled).toMatchObject({ status: 'CANCELLED', order: { status: 'CANCELLED' } });
    expect(await h.db.prisma.auditLog.findFirstOrThrow({ where: { action: 'invoice.cancelled' } })).toMatchObject({
      subjectType: 'invoice', subjectId: cancelled.id, data: { reason: 'provider_failed' },
    });
    expect(await h.db.prisma.invoice.findUniqueOrThrow({ where: { id: other.id }, include: { order: true } })).toMatchObject({ status: 'PENDING', order: { status: 'PENDING' } });
  });

  it('pre-checkout answers in the payer’s language, to the second, and the payment is recorded with its charges', async () => {
    scriptTelegram();
    const olga = { telegramId: 8105, firstName: 'Olga', language: 'ru' };
    const product = await pointsPack();
    const inv = (await h.call(olga, 'shop.buy', { productId: product.id, currency: 'STARS' })).body.result.data;
    const ask = async (payload: string, extra: { currency?: string; lang?: string } = {}) => {
      await h.update(preCheckout(payload, 50, olga.telegramId, { lang: 'ru', ...extra }));
      return h.telegram.callsOf('answerPreCheckoutQuery').at(-1)!.params;
    };
    expect(await ask('nosuchinvoice')).toMatchObject({ ok: false, error_message: 'Счёт не найден.' });
    expect(await ask('nosuchinvoice', { lang: 'en' })).toMatchObject({ ok: false, error_message: 'Invoice not found.' });
    expect(await ask('nosuchinvoice', { lang: 'ru-ua' })).toMatchObject({ ok: false, error_message: 'Счёт не найден.' });
    // An invoice of Olga's that is to be paid in TON cannot be charged in Stars, whatever the amount.
    const ton = h.config.ton as { treasury?: string };
    ton.treasury = `0:${'7'.repeat(64)}`;
    try {
      const tonProduct = await h.db.prisma.product.create({
        data: { slug: `ton-${Math.random().toString(36).slice(2, 8)}`, kind: 'ITEM', title: { en: 'Badge', ru: 'Значок' }, description: { en: '', ru: '' }, prices: { create: [{ currency: 'TON', amount: 50n }] } },
      });
      const tonInv = (await h.call(olga, 'shop.buy', { productId: tonProduct.id, currency: 'TON' })).body.result.data;
      expect(await ask(tonInv.id)).toMatchObject({ ok: false, error_message: 'Сумма счёта изменилась. Начните покупку заново.' });
    } finally {
      ton.treasury = undefined;
    }
    expect(await ask(inv.id, { currency: 'USD' })).toMatchObject({ ok: false, error_message: 'Сумма счёта изменилась. Начните покупку заново.' });
    expect(await ask(inv.id)).toMatchObject({ ok: true });
    // At its expiry to the millisecond it is over.
    const row = await h.db.prisma.invoice.findUniqueOrThrow({ where: { id: inv.id } });
    h.clock.set(row.expiresAt);
    expect(await ask(inv.id)).toMatchObject({ ok: false, error_message: 'Счёт истёк. Начните покупку заново.' });
    h.clock.set(new Date(row.expiresAt.getTime() - 1000));

    const payment = { currency: 'XTR', total_amount: 50, invoice_payload: inv.id, telegram_payment_charge_id: 'charge-p', provider_payment_charge_id: 'prov-p' };
    expect(await settleStarsPayment(h.running.deps, 4242, payment)).toBe('unknown');
    expect(await settleStarsPayment(h.running.deps, olga.telegramId, payment)).toBe('settled');
    expect(await ask(inv.id)).toMatchObject({ ok: false, error_message: 'Этот счёт уже оплачен или отменён.' });
    expect(await h.db.prisma.invoice.findUniqueOrThrow({ where: { id: inv.id } })).toMatchObject({ status: 'PAID', telegramChargeId: 'charge-p', providerChargeId: 'prov-p' });
    const arrival = await h.db.prisma.transfer.findUniqueOrThrow({ where: { idempotencyKey: 'stars:charge-p:in' } });
    expect(arrival).toMatchObject({ kind: 'STARS_PAYMENT', reference: 'charge:charge-p', meta: { invoiceId: inv.id, provider: 'prov-p' } });
    expect(await h.db.prisma.auditLog.findFirstOrThrow({ where: { action: 'order.paid', subjectId: inv.id } })).toMatchObject({ data: { charge: 'charge-p' } });
    expect(await h.db.prisma.auditLog.findFirstOrThrow({ where: { action: 'stars.received', subjectId: inv.id } })).toMatchObject({ data: { charge: 'charge-p', amount: '50' } });
    await h.expectLedgerBalanced();
  });

  it('a refund takes back an item and cuts a boost short, each order marked refunded', async () => {
    scriptTelegram();
    const ida = { telegramId: 8106, firstName: 'Ida', language: 'en' };
    const make = (kind: 'ITEM' | 'BOOST', extra: object) =>
      h.db.prisma.product.create({
        data: { slug: `${kind.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}`, kind, title: { en: kind, ru: kind }, description: { en: '', ru: '' }, prices: { create: [{ currency: 'STARS', amount: 30n }] }, ...extra },
      });
    const badge = await make('ITEM', { itemData: { badge: 'gold' } });
    const boost = await make('BOOST', { boostMultiplierBps: 20_000, boostSeconds: 3600 });
    const payFor = async (productId: number, charge: string) => {
      const inv = (await h.call(ida, 'shop.buy', { productId, currency: 'STARS' })).body.result.data;
      await h.update(paid(inv.id, 30, charge, ida));
      return inv;
    };
    const itemInv = await payFor(badge.id, 'charge-item');
    const boostInv = await payFor(boost.id, 'charge-boost');
    const item = await h.db.prisma.purchasedItem.findFirstOrThrow({ where: { productId: badge.id } });
    expect(item).toMatchObject({ data: { badge: 'gold' }, revokedAt: null });
    const b = await h.db.prisma.boost.findFirstOrThrow({ where: { orderId: boostInv.orderId } });
    expect(b.endsAt.getTime() - b.startsAt.getTime()).toBe(3_600_000);

    h.clock.advance({ minutes: 10 });
    await h.call(owner, 'admin.payments.refund', { invoiceId: itemInv.id, reason: 'customer asked' });
    await h.call(owner, 'admin.payments.refund', { invoiceId: boostInv.id, reason: 'customer asked' });
    expect(await h.db.prisma.purchasedItem.findFirstOrThrow({ where: { productId: badge.id } })).toMatchObject({ revokedAt: h.clock.now() });
    expect((await h.db.prisma.boost.findFirstOrThrow({ where: { orderId: boostInv.orderId } })).endsAt).toEqual(h.clock.now());
    for (const inv of [itemInv, boostInv]) {
      expect(await h.db.prisma.order.findUniqueOrThrow({ where: { id: inv.orderId } })).toMatchObject({ status: 'REFUNDED', refundedAt: h.clock.now() });
    }
    await h.expectLedgerBalanced();
  });

  it('refunds only what was paid, audited, telling the buyer in their language; an unknown invoice is NOT_FOUND', async () => {
    scriptTelegram();
    const olga = { telegramId: 8103, firstName: 'Olga', language: 'ru' };
    const product = await pointsPack();
    const inv = (await h.call(olga, 'shop.buy', { productId: product.id, currency: 'STARS' })).body.result.data;
    const early = await h.call(owner, 'admin.payments.refund', { invoiceId: inv.id, reason: 'too early' });
    expect(early.body.error.data).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'NOT_REFUNDABLE' });
    expect(early.body.error.message).toBe('Only paid invoices of a method that supports refunds (Stars) can be refunded.');

    await h.update(paid(inv.id, 50, 'charge-olga', olga));
    const refund = await h.call(owner, 'admin.payments.refund', { invoiceId: inv.id, reason: 'customer asked' });
    expect(refund.body.result.data).toEqual({ id: inv.id, status: 'REFUNDED' });
    expect(await h.db.prisma.auditLog.findFirstOrThrow({ where: { action: 'invoice.refunded' } })).toMatchObject({
      subjectType: 'invoice', subjectId: inv.id, data: { reason: 'customer asked', charge: 'charge-olga' },
    });
    await h.drain();
    const told = h.telegram.callsOf('sendMessage').filter((c) => c.params.chat_id === olga.telegramId).map((c) => c.params.text);
    expect(told).toContain('Возврат выполнен: 500 баллов.');
    expect(await balances(olga)).toMatchObject({ POINTS: '0', STARS: '0' });

    const unknown = await h.call(owner, 'admin.payments.refund', { invoiceId: 'nosuchinvoice', reason: 'customer asked' });
    expect(unknown.body.error.data).toMatchObject({ code: 'NOT_FOUND', appCode: 'INVOICE_NOT_FOUND' });
    expect(unknown.body.error.message).toBe('Invoice not found.');
    await h.expectLedgerBalanced();
  });

  it('hands over each points pack bought, and a refund takes back exactly that pack, telling the buyer of each', async () => {
    scriptTelegram();
    const ivo = { telegramId: 8107, firstName: 'Ivo', language: 'en' };
    const product = await pointsPack();
    const a = (await h.call(ivo, 'shop.buy', { productId: product.id, currency: 'STARS' })).body.result.data;
    const b = (await h.call(ivo, 'shop.buy', { productId: product.id, currency: 'STARS' })).body.result.data;
    await h.update(paid(a.id, 50, 'charge-pack-a', ivo));
    await h.update(paid(b.id, 50, 'charge-pack-b', ivo));
    expect(await balances(ivo)).toMatchObject({ POINTS: '1000', STARS: '0' });
    const packs = async (kind: string) =>
      ((await h.call(ivo, 'ledger.history')).body.result.data.items as { kind: string; reference: string; amount: string }[]).filter((i) => i.kind === kind).map((i) => [i.reference, i.amount]).sort();
    expect(await packs('POINTS_PACK')).toEqual([[`order:${a.orderId}`, '500'], [`order:${b.orderId}`, '500']]);

    await h.call(owner, 'admin.payments.refund', { invoiceId: a.id, reason: 'customer asked' });
    expect(await balances(ivo)).toMatchObject({ POINTS: '500' });
    await h.call(owner, 'admin.payments.refund', { invoiceId: b.id, reason: 'customer asked' });
    expect(await balances(ivo)).toMatchObject({ POINTS: '0', STARS: '0' });
    expect(await packs('POINTS_PACK_REVERSAL')).toEqual([[`order:${a.orderId}`, '500'], [`order:${b.orderId}`, '500']]);
    await h.drain();
    const told = h.telegram.callsOf('sendMessage').filter((c) => c.params.chat_id === ivo.telegramId).map((c) => c.params.text);
    expect(told.filter((t) => t === 'Refund completed: 500 points.')).toHaveLength(2);
    expect(told.filter((t) => t === 'Payment received: 500 points (50 ⭐). Thank you!')).toHaveLength(2);
    await h.expectLedgerBalanced();
  });

  it('boosts bought one after another run one after another, whatever boosts others have; a refund revokes only its own item', async () => {
    scriptTelegram();
    const ida = { telegramId: 8108, firstName: 'Ida', language: 'en' };
    const ann = { telegramId: 8109, firstName: 'Ann', language: 'en' };
    const make = (kind: 'ITEM' | 'BOOST', extra: object) =>
      h.db.prisma.product.create({
        data: { slug: `${kind.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}`, kind, title: { en: kind, ru: kind }, description: { en: '', ru: '' }, prices: { create: [{ currency: 'STARS', amount: 30n }] }, ...extra },
      });
    const boost = await make('BOOST', { boostMultiplierBps: 20_000, boostSeconds: 3600 });
    const badge = await make('ITEM', { itemData: { badge: 'gold' } });
    let charge = 0;
    const buy = async (who: typeof ida, productId: number) => {
      const inv = (await h.call(who, 'shop.buy', { productId, currency: 'STARS' })).body.result.data;
      await h.update(paid(inv.id, 30, `charge-run-${++charge}`, who));
      return inv;
    };
    // Ann's boost runs for the next hours, and Ida had one that has ended: neither delays Ida's.
    await buy(ann, boost.id);
    await buy(ida, boost.id);
    h.clock.advance({ hours: 2 });
    await buy(ann, boost.id);
    const start = h.clock.now().getTime();
    const mine = [await buy(ida, boost.id), await buy(ida, boost.id), await buy(ida, boost.id)];
    const runs = await Promise.all(mine.map((inv) => h.db.prisma.boost.findFirstOrThrow({ where: { orderId: inv.orderId } })));
    const hour = 3_600_000;
    expect(runs.map((r) => [r.startsAt.getTime() - start, r.endsAt.getTime() - start])).toEqual([[0, hour], [hour, 2 * hour], [2 * hour, 3 * hour]]);

    const first = await buy(ida, badge.id);
    const second = await buy(ida, badge.id);
    const annsBadge = await buy(ann, badge.id);
    await h.call(owner, 'admin.payments.refund', { invoiceId: first.id, reason: 'customer asked' });
    const revoked = async (inv: { orderId: number }) => (await h.db.prisma.purchasedItem.findFirstOrThrow({ where: { orderId: inv.orderId } })).revokedAt;
    expect([await revoked(first), await revoked(second), await revoked(annsBadge)]).toEqual([h.clock.now(), null, null]);
    await h.expectLedgerBalanced();
  });

  it('settles a payment Telegram reports for an invoice that is not the payer\'s, or short of its amount, onto the payer\'s balance only', async () => {
    scriptTelegram();
    const ivo = { telegramId: 8110, firstName: 'Ivo', language: 'en' };
    const product = await pointsPack(5);
    const veras = (await h.call(buyer, 'shop.buy', { productId: product.id, currency: 'STARS' })).body.result.data;
    await h.call(ivo, 'profile.me');
    expect(await settleStarsPayment(h.running.deps, ivo.telegramId, { currency: 'XTR', total_amount: 50, invoice_payload: veras.id, telegram_payment_charge_id: 'charge-not-his' })).toBe('credited');
    expect(await balances(ivo)).toMatchObject({ STARS: '50', POINTS: '0' });
    expect(await settleStarsPayment(h.running.deps, buyer.telegramId, { currency: 'XTR', total_amount: 49, invoice_payload: veras.id, telegram_payment_charge_id: 'charge-short' })).toBe('credited');
    expect(await balances(buyer)).toMatchObject({ STARS: '49', POINTS: '0' });
    expect(await h.db.prisma.invoice.findUniqueOrThrow({ where: { id: veras.id } })).toMatchObject({ status: 'PENDING', paidAmount: 0n });
    // Its stock stays reserved once, for Vera's invoice alone.
    expect((await h.db.prisma.product.findUniqueOrThrow({ where: { id: product.id } })).stock).toBe(4);
    await h.expectLedgerBalanced();
  });

  it('a late word that the link failed does not cancel an invoice that was paid meanwhile', async () => {
    scriptTelegram();
    const product = await pointsPack(3);
    const inv = (await h.call(buyer, 'shop.buy', { productId: product.id, currency: 'STARS' })).body.result.data;
    await h.update(paid(inv.id, 50, 'charge-before-cancel'));
    await cancelInvoice(h.running.deps, inv.id, 'provider_failed');
    expect(await h.db.prisma.invoice.findUniqueOrThrow({ where: { id: inv.id }, include: { order: true } })).toMatchObject({ status: 'PAID', order: { status: 'FULFILLED' } });
    expect((await h.db.prisma.product.findUniqueOrThrow({ where: { id: product.id } })).stock).toBe(2);
    expect(await h.db.prisma.auditLog.count({ where: { action: 'invoice.cancelled' } })).toBe(0);
  });

  it('a drop bought with Stars hands over a numbered edition, and is not refunded (it may already be traded or on chain)', async () => {
    scriptTelegram();
    const call = async (u: { telegramId: number; firstName: string }, path: string, input?: unknown) => {
      const res = await h.call(u, path, input);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.result.data;
    };
    const c = await call(owner, 'admin.collectibles.createCollection', {
      slug: 'star-critters', title: { en: 'Critters', ru: 'Зверята' }, description: { en: 'Critters', ru: 'Зверята' }, supplyCap: 100, attributes: DEMO_ATTRIBUTES,
    });
    const d = await call(owner, 'admin.collectibles.createDrop', { collectionId: c.id, title: { en: 'Drop', ru: 'Дроп' }, supply: 5, startsAt: '2026-01-01T00:00:00.000Z', priceStars: '25' });
    const bought = await call(buyer, 'collectibles.buy', { dropId: d.id, currency: 'STARS' });
    const inv = await h.db.prisma.invoice.findFirstOrThrow({ where: { currency: 'STARS', order: { product: { dropId: d.id } } }, include: { order: true } });
    expect(bought).toMatchObject({ invoice: { id: inv.id, status: 'PENDING' }, editionId: null });
    await h.update(paid(inv.id, 25, 'charge-drop'));
    const edition = await h.db.prisma.edition.findUniqueOrThrow({ where: { orderId: inv.order!.id }, include: { owner: true } });
    expect(edition).toMatchObject({ dropId: d.id, number: expect.any(Number), owner: { telegramId: BigInt(buyer.telegramId) } });

    const refund = await h.call(owner, 'admin.payments.refund', { invoiceId: inv.id, reason: 'customer asked' });
    expect(refund.body.error.data).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'NOT_REFUNDABLE' });
    expect(refund.body.error.message).toBe('Collectibles from drops cannot be refunded.');
    expect(h.telegram.callsOf('refundStarPayment')).toHaveLength(0);
    expect(await h.db.prisma.invoice.findUniqueOrThrow({ where: { id: inv.id }, include: { order: true } })).toMatchObject({ status: 'PAID', order: { status: 'FULFILLED' } });
    await h.expectLedgerBalanced();
  });

  it('refuses a sold-out product with CONFLICT before any invoice is paid', async () => {
    scriptTelegram();
    const product = await pointsPack(0);
    const res = await h.call(buyer, 'shop.buy', { productId: product.id, currency: 'STARS' });
    expect(res.body.error.data).toMatchObject({ code: 'CONFLICT', appCode: 'SOLD_OUT' });
    expect(res.body.error.message).toBe('Sold out.');
    expect(await h.db.prisma.invoice.count({ where: { order: { productId: product.id } } })).toBe(0);
    expect(h.telegram.callsOf('createInvoiceLink')).toHaveLength(0);
  });
});
