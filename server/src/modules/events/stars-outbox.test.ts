import { describe, expect, it } from 'vitest';
import { useServer } from '../../test/server-harness.ts';
import { eventHandlers } from '../../jobs/event-handlers.ts';
import { handler, handlerRegistry, type EventHandler } from './handlers.ts';

const h = useServer({ ADMIN_TELEGRAM_IDS: '9001' });
const buyer = { telegramId: 8201, firstName: 'Vera', language: 'en' };

/** The real handlers, with the purchase task's failing the first time (the database went away, say). */
function purchaseFailsOnce() {
  const real = eventHandlers();
  const purchase = real.get('purchase.paid') as EventHandler<'purchase.paid'>;
  let failed = false;
  return handlerRegistry([
    ...[...real.values()].filter((x) => x.type !== 'purchase.paid'),
    handler('purchase.paid', async (deps, payload, event) => {
      if (!failed) {
        failed = true;
        throw new Error('Connection terminated unexpectedly');
      }
      await purchase.handle(deps, payload, event);
    }),
  ]);
}

const paid = (invoiceId: string, amount: number, charge: string) => ({
  message: {
    message_id: 77,
    date: 1_795_000_000,
    chat: { id: buyer.telegramId, type: 'private', first_name: 'Vera' },
    from: { id: buyer.telegramId, is_bot: false, first_name: 'Vera' },
    successful_payment: { currency: 'XTR', total_amount: amount, invoice_payload: invoiceId, telegram_payment_charge_id: charge, provider_payment_charge_id: '' },
  },
});

describe('a Stars payment whose follow-up work fails at first', () => {
  it('answers Telegram 200 once, then pays the purchase task exactly once and sends one receipt', async () => {
    h.telegram.on('createInvoiceLink', () => 'https://t.me/$invoice-1');
    const task = await h.db.prisma.task.create({
      data: { slug: 'first-purchase', type: 'PURCHASE', title: { en: 'Buy', ru: 'Купите' }, description: { en: '', ru: '' }, reward: 75n },
    });
    const pack = await h.db.prisma.product.create({
      data: { slug: 'pack', kind: 'POINTS_PACK', title: { en: '500 points', ru: '500 баллов' }, description: { en: '', ru: '' }, prices: { create: [{ currency: 'STARS', amount: 50n }] }, pointsAmount: 500n },
    });
    const inv = (await h.call(buyer, 'shop.buy', { productId: pack.id, currency: 'STARS' })).body.result.data;

    // Telegram is unreachable for the receipt, and the purchase task's first run fails: neither is the
    // payment's business, so Telegram hears 200 at once and does not deliver it again.
    h.telegram.down = true;
    expect(await h.update(paid(inv.id, 50, 'charge-9'))).toBe(200);
    expect(await h.drain({ handlers: purchaseFailsOnce() })).toMatchObject({ done: 0, retry: 2 });
    const points = async () => (await h.call(buyer, 'ledger.balances')).body.result.data.find((b: { currency: string }) => b.currency === 'POINTS').amount;
    expect(await points()).toBe('500');

    h.telegram.down = false;
    h.telegram.calls.length = 0;
    expect(await h.drain({ retryNow: true })).toMatchObject({ done: 2, retry: 0 });
    expect(await points()).toBe('575');
    const tasks = (await h.call(buyer, 'tasks.list')).body.result.data;
    expect(tasks.find((t: { id: number }) => t.id === task.id)).toMatchObject({ state: 'claimed' });
    expect(h.telegram.callsOf('sendMessage').filter((c) => /Payment received/.test(String(c.params.text)))).toHaveLength(1);

    // The payment delivered again, and the task handler run again (a worker stopped before marking it
    // done): still one claim, one reward.
    expect(await h.update(paid(inv.id, 50, 'charge-9'))).toBe(200);
    await h.db.prisma.outboxEvent.updateMany({ where: { type: 'purchase.paid' }, data: { status: 'PENDING' } });
    await h.drain({ retryNow: true });
    expect(await h.db.prisma.taskClaim.count({ where: { taskId: task.id } })).toBe(1);
    expect(await points()).toBe('575');
    expect(await h.db.prisma.outboxEvent.count()).toBe(2);
    await h.expectLedgerBalanced();
  });
});
