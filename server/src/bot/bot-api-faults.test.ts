import { beforeEach, describe, expect, it } from 'vitest';
import { useServer } from '../test/server-harness.ts';

// A short Bot API timeout, so a call Telegram never answers is abandoned within the story.
const h = useServer({ TELEGRAM_TIMEOUT_SECONDS: '0.5' });
const buyer = { telegramId: 8301, firstName: 'Rita', language: 'en' };

const paid = (invoiceId: string, amount: number, charge: string) => ({
  message: {
    message_id: 91,
    date: 1_795_000_000,
    chat: { id: buyer.telegramId, type: 'private', first_name: 'Rita' },
    from: { id: buyer.telegramId, is_bot: false, first_name: 'Rita' },
    successful_payment: { currency: 'XTR', total_amount: amount, invoice_payload: invoiceId, telegram_payment_charge_id: charge, provider_payment_charge_id: '' },
  },
});

const isReceipt = (c: { params: Record<string, unknown> }) => /Payment received/.test(String(c.params.text));
const receiptsSent = () => h.telegram.acceptedOf('sendMessage').filter(isReceipt);
const receiptTries = () => h.telegram.callsOf('sendMessage').filter(isReceipt);
const points = async () => (await h.call(buyer, 'ledger.balances')).body.result.data.find((b: { currency: string }) => b.currency === 'POINTS')?.amount;

async function buyPack() {
  h.telegram.on('createInvoiceLink', () => 'https://t.me/$invoice-faults');
  const pack = await h.db.prisma.product.create({
    data: { slug: 'pack', kind: 'POINTS_PACK', title: { en: '500 points', ru: '500 баллов' }, description: { en: '', ru: '' }, prices: { create: [{ currency: 'STARS', amount: 50n }] }, pointsAmount: 500n },
  });
  const res = await h.call(buyer, 'shop.buy', { productId: pack.id, currency: 'STARS' });
  expect(res.status).toBe(200);
  return res.body.result.data as { id: string };
}

describe('the Bot API failing while a Stars payment is followed up', () => {
  beforeEach(() => {
    h.telegram.accepted.length = 0;
  });

  it('settles at once and delivers the receipt exactly once after a run of 429s and 502s', async () => {
    const inv = await buyPack();
    h.telegram.fail(
      'sendMessage',
      // A short 429 is waited out by the auto-retry plug-in within the attempt; the 502 after it ends the attempt.
      { status: 429, retryAfter: 1 },
      { status: 502 },
      // A long 429 is not waited for: the outbox tries again after its own back-off.
      { status: 429, retryAfter: 30 },
      { status: 502 },
    );
    expect(await h.update(paid(inv.id, 50, 'charge-faults-1'))).toBe(200);
    expect(await points()).toBe('500');

    const outcomes = [];
    for (let i = 0; i < 6 && receiptsSent().length === 0; i++) outcomes.push(await h.drain({ retryNow: true }));
    // The first run also pays what was bought; the receipt alone is retried after it.
    expect(outcomes).toEqual([
      { done: 1, retry: 1, failed: 0, lost: 0 },
      { done: 0, retry: 1, failed: 0, lost: 0 },
      { done: 0, retry: 1, failed: 0, lost: 0 },
      { done: 1, retry: 0, failed: 0, lost: 0 },
    ]);
    expect(receiptTries()).toHaveLength(5);
    expect(receiptsSent()).toHaveLength(1);
    const event = await h.db.prisma.outboxEvent.findFirstOrThrow({ where: { type: 'participant.notify' } });
    expect(event).toMatchObject({ status: 'DONE', attempts: 4 });

    // Nothing left to send: another run and the same payment delivered again change nothing.
    expect(await h.update(paid(inv.id, 50, 'charge-faults-1'))).toBe(200);
    await h.drain({ retryNow: true });
    expect(receiptsSent()).toHaveLength(1);
    expect(await points()).toBe('500');
    await h.expectLedgerBalanced();
  });

  it('never makes a request wait on Telegram: the payment answers 200 while sends hang', async () => {
    const inv = await buyPack();
    h.telegram.fail('sendMessage', 'hang');
    expect(await h.update(paid(inv.id, 50, 'charge-faults-2'))).toBe(200);
    expect(await points()).toBe('500');
    expect(receiptTries()).toHaveLength(0);
    // The worker, not the request, waits out the timeout.
    expect(await h.drain({ retryNow: true })).toMatchObject({ retry: 1 });
    expect(receiptsSent()).toHaveLength(0);
    await h.expectLedgerBalanced();
  });

  it('retries a send that timed out, and sends once, because Telegram never accepted the first', async () => {
    const inv = await buyPack();
    h.telegram.fail('sendMessage', 'hang');
    expect(await h.update(paid(inv.id, 50, 'charge-faults-3'))).toBe(200);

    expect(await h.drain()).toMatchObject({ retry: 1 });
    expect(receiptTries()).toHaveLength(1);
    expect(receiptsSent()).toHaveLength(0);
    const waiting = await h.db.prisma.outboxEvent.findFirstOrThrow({ where: { type: 'participant.notify' } });
    expect(waiting).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(waiting.lastError).toMatch(/sendMessage/);

    expect(await h.drain({ retryNow: true })).toMatchObject({ done: 1, retry: 0 });
    expect(receiptTries()).toHaveLength(2);
    expect(receiptsSent()).toHaveLength(1);
    await h.drain({ retryNow: true });
    expect(receiptsSent()).toHaveLength(1);
    await h.expectLedgerBalanced();
  });

  it('gives up on a call a participant is waiting for after the timeout, with a stable code', async () => {
    h.telegram.fail('createInvoiceLink', 'hang');
    const pack = await h.db.prisma.product.create({
      data: { slug: 'pack', kind: 'POINTS_PACK', title: { en: '500 points', ru: '500 баллов' }, description: { en: '', ru: '' }, prices: { create: [{ currency: 'STARS', amount: 50n }] }, pointsAmount: 500n },
    });
    const res = await h.call(buyer, 'shop.buy', { productId: pack.id, currency: 'STARS' });
    expect(res.status).toBe(502);
    expect(res.body.error.data).toMatchObject({ appCode: 'PAYMENT_PROVIDER_FAILED' });
    expect(h.telegram.acceptedOf('createInvoiceLink')).toHaveLength(0);
    // Telegram answers again: the next purchase goes through.
    h.telegram.on('createInvoiceLink', () => 'https://t.me/$invoice-again');
    expect((await h.call(buyer, 'shop.buy', { productId: pack.id, currency: 'STARS' })).status).toBe(200);
  });
});
