import { Address, toNano } from '@ton/core';
import { Blockchain, type SandboxContract, type TreasuryContract } from '@ton/sandbox';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commentCell } from '../../lib/ton/gateway.ts';
import { sandboxGateway } from '../../test/ton.ts';
import { useServer } from '../../test/server-harness.ts';
import { watchTreasury } from './ton.ts';

let chain: Blockchain;
let treasury: SandboxContract<TreasuryContract>;
let payer: SandboxContract<TreasuryContract>;
let treasuryAddress = '';

// The treasury's address must be known before the server starts (config), so create the chain first.
const ready = (async () => {
  chain = await Blockchain.create();
  treasury = await chain.treasury('shop-treasury');
  payer = await chain.treasury('participant-wallet');
  treasuryAddress = treasury.address.toString();
})();

const h = useServer({}, { ton: () => sandboxGateway(chain) });
beforeAll(async () => {
  await ready;
  // The config was parsed before the chain existed; point it at the sandbox treasury.
  (h.config.ton as { treasury?: string }).treasury = Address.parse(treasuryAddress).toRawString();
});
// Chain time only moves forward; each test starts an hour after the last one.
let tick = Math.floor(Date.now() / 1000);
beforeEach(async () => {
  tick += 3600;
  chain.now = tick;
  h.clock.set(new Date(tick * 1000));
  // The chain outlives each test's fresh database: start the watcher caught up with its history.
  const [latest] = await sandboxGateway(chain).getTransactions(treasury.address, { limit: 1 });
  if (latest) {
    await h.db.prisma.jobState.create({ data: { name: 'ton-watcher', data: { lt: latest.lt.toString(), hash: latest.hash().toString('hex') } } });
  }
});

const buyer = { telegramId: 8201, firstName: 'Timur' };
const watch = (opts = {}) => watchTreasury(h.running.deps, h.running.deps.ton!, opts);

async function product(priceTon: bigint, stock: number | null = null) {
  return h.db.prisma.product.create({
    data: {
      slug: `ton-${Math.random().toString(36).slice(2, 8)}`,
      kind: 'ITEM',
      title: { en: 'Badge', ru: 'Значок' },
      description: { en: 'A badge', ru: 'Значок' },
      prices: { create: [{ currency: 'TON', amount: priceTon }] },
      stock,
    },
  });
}

async function invoiceFor(priceTon: bigint) {
  const p = await product(priceTon);
  const res = await h.call(buyer, 'shop.buy', { productId: p.id, currency: 'TON' });
  expect(res.status).toBe(200);
  return res.body.result.data;
}

const pay = (value: bigint, comment?: string) =>
  payer.send({ to: treasury.address, value, body: comment === undefined ? undefined : commentCell(comment), bounce: false });

const tonBalance = async () =>
  ((await h.call(buyer, 'ledger.balances')).body.result.data as { currency: string; amount: string }[]).find((b) => b.currency === 'TON')!.amount;
const invoice = async (id: string) => (await h.call(buyer, 'payments.invoice', { id })).body.result.data;

describe('TON payments through the treasury watcher (sandbox TVM)', () => {
  it('returns what TON Connect needs: treasury address, amount in nanotons and a comment payload', async () => {
    const inv = await invoiceFor(toNano('1'));
    expect(inv.ton).toMatchObject({ address: Address.parse(treasuryAddress).toRawString(), amount: '1000000000', comment: `inv:${inv.id}` });
    expect(commentCell(`inv:${inv.id}`).toBoc().toString('base64')).toBe(inv.ton.payload);
  });

  it('settles an exact payment once, however often the watcher runs', async () => {
    const inv = await invoiceFor(toNano('1'));
    await pay(toNano('1'), inv.ton.comment);
    expect((await watch()).outcomes).toEqual(['PAID']);
    expect((await watch()).outcomes).toEqual([]);
    // Even with the cursor lost (the whole history is read again), a transaction seen before changes nothing.
    await h.db.prisma.jobState.deleteMany({ where: { name: 'ton-watcher' } });
    expect((await watch()).outcomes).toContain('PAID');
    expect(await invoice(inv.id)).toMatchObject({ status: 'PAID', orderStatus: 'FULFILLED', paidAmount: '1000000000' });
    expect(await tonBalance()).toBe('0');
    expect(await h.db.prisma.tonTransfer.count({ where: { invoiceId: inv.id } })).toBe(1);
    expect(await h.db.prisma.transfer.count({ where: { kind: 'TON_PAYMENT' } })).toBe(1);
    // What admins and the ledger keep of it: the payer, the invoice, the source wallet and the transaction.
    const me = await h.db.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(buyer.telegramId) } });
    const row = await h.db.prisma.tonTransfer.findFirstOrThrow({ where: { invoiceId: inv.id } });
    expect(row).toMatchObject({ participantId: me.id, outcome: 'PAID', aborted: false, amount: toNano('1'), comment: inv.ton.comment, txTime: h.clock.now() });
    expect(Address.parse(row.source!).equals(payer.address)).toBe(true);
    const history = ((await h.call(buyer, 'ledger.history')).body.result.data as { items: { kind: string; reference: string | null }[] }).items;
    expect(history.map((i) => [i.kind, i.reference])).toEqual([
      ['PURCHASE', `order:${(await h.db.prisma.order.findFirstOrThrow({ where: { invoiceId: inv.id } })).id}`],
      ['TON_PAYMENT', `tx:${row.hash}`],
    ]);
    const arrival = await h.db.prisma.transfer.findFirstOrThrow({ where: { kind: 'TON_PAYMENT' } });
    expect(arrival.meta).toMatchObject({ invoiceId: inv.id, source: row.source });
    expect((await h.db.prisma.auditLog.findFirstOrThrow({ where: { action: 'ton.paid', subjectId: row.hash } })).data).toEqual({
      amount: String(toNano('1')), comment: inv.ton.comment, invoiceId: inv.id,
    });
    expect((await h.db.prisma.auditLog.findFirstOrThrow({ where: { action: 'order.paid', subjectId: inv.id } })).data).toMatchObject({ tx: row.hash, currency: 'TON' });
    await h.drain();
    expect(h.telegram.callsOf('sendMessage').filter((c) => c.params.chat_id === buyer.telegramId && /^Payment received: Badge \(1 TON\)/.test(c.params.text))).toHaveLength(1);
    await h.expectLedgerBalanced();
  });

  it('does nothing while no treasury is configured, and settles once one is', async () => {
    const ton = h.config.ton as { treasury?: string };
    const configured = ton.treasury;
    const inv = await invoiceFor(toNano('1'));
    await pay(toNano('1'), inv.ton.comment);
    ton.treasury = undefined;
    try {
      expect(await watch()).toEqual({ seen: 0, outcomes: [] });
    } finally {
      ton.treasury = configured;
    }
    expect(await watch()).toEqual({ seen: 1, outcomes: ['PAID'] });
  });

  it('reads a reference with spaces or a line break around it, as some wallets send it', async () => {
    const inv = await invoiceFor(toNano('1'));
    await pay(toNano('1'), `  ${inv.ton.comment}\n`);
    expect((await watch()).outcomes).toEqual(['PAID']);
    expect(await invoice(inv.id)).toMatchObject({ status: 'PAID' });
  });

  it('waits TON_CONFIRMATION_SECONDS before settling, and records the time the chain gave the payment', async () => {
    const cfg = h.config.ton as { confirmationSeconds: number };
    cfg.confirmationSeconds = 30;
    try {
      const inv = await invoiceFor(toNano('1'));
      await pay(toNano('1'), inv.ton.comment);
      const paidAt = new Date(tick * 1000);
      expect(await watch()).toEqual({ seen: 0, outcomes: [] });
      h.clock.advance({ seconds: 29 });
      expect(await watch()).toEqual({ seen: 0, outcomes: [] });
      expect(await invoice(inv.id)).toMatchObject({ status: 'PENDING' });
      h.clock.advance({ seconds: 1 });
      expect(await watch()).toEqual({ seen: 1, outcomes: ['PAID'] });
      expect((await h.db.prisma.tonTransfer.findFirstOrThrow({ where: { invoiceId: inv.id } })).txTime).toEqual(paidAt);
    } finally {
      cfg.confirmationSeconds = 0;
    }
  });

  it('credits no one for TON naming an invoice that is to be paid in Stars', async () => {
    const p = await h.db.prisma.product.create({
      data: { slug: `stars-${tick}`, kind: 'ITEM', title: { en: 'Star badge', ru: 'Звёздный значок' }, description: { en: '', ru: '' }, prices: { create: [{ currency: 'STARS', amount: 50n }] } },
    });
    const stars = (await h.call(buyer, 'shop.buy', { productId: p.id, currency: 'STARS' })).body.result.data as { id: string };
    await pay(toNano('1'), `inv:${stars.id}`);
    expect((await watch()).outcomes).toEqual(['UNKNOWN_REFERENCE']);
    expect(await tonBalance()).toBe('0');
    // Admins see whose invoice it named, to credit or return it by hand.
    const me = await h.db.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(buyer.telegramId) } });
    expect(await h.db.prisma.tonTransfer.findFirstOrThrow({ where: { comment: `inv:${stars.id}` } })).toMatchObject({ participantId: me.id, invoiceId: stars.id, outcome: 'UNKNOWN_REFERENCE' });
    expect(await invoice(stars.id)).toMatchObject({ status: 'PENDING' });
    await h.expectLedgerBalanced();
  });

  it('keeps a running total of what arrived for an invoice, also after it was paid, and takes its stock once', async () => {
    const p = await product(toNano('1'), 3);
    const inv = (await h.call(buyer, 'shop.buy', { productId: p.id, currency: 'TON' })).body.result.data;
    const stock = async () => (await h.db.prisma.product.findUniqueOrThrow({ where: { id: p.id } })).stock;
    expect(await stock()).toBe(2);
    await pay(toNano('1'), inv.ton.comment);
    await pay(toNano('0.25'), inv.ton.comment);
    expect((await watch()).outcomes).toEqual(['PAID', 'LATE']);
    expect(await invoice(inv.id)).toMatchObject({ status: 'PAID', paidAmount: String(toNano('1.25')) });
    expect(await stock()).toBe(2);
    expect(await tonBalance()).toBe(String(toNano('0.25')));
    await h.expectLedgerBalanced();
  });

  it('marks a short payment UNDERPAID, keeps it on the TON balance, and completes on a top-up', async () => {
    const inv = await invoiceFor(toNano('1'));
    await pay(toNano('0.4'), inv.ton.comment);
    expect((await watch()).outcomes).toEqual(['UNDERPAID']);
    expect(await invoice(inv.id)).toMatchObject({ status: 'UNDERPAID', paidAmount: '400000000' });
    expect(await tonBalance()).toBe('400000000');
    await pay(toNano('0.2'), inv.ton.comment);
    expect((await watch()).outcomes).toEqual(['UNDERPAID']);
    await h.drain();
    // Each short payment is told once.
    const told = h.telegram.callsOf('sendMessage').filter((c) => c.params.chat_id === buyer.telegramId && /^Received/.test(c.params.text)).map((c) => c.params.text);
    expect(told).toEqual([
      'Received 0.4 TON of 1 TON. The amount is on your TON balance; the invoice is not fully paid.',
      'Received 0.2 TON of 1 TON. The amount is on your TON balance; the invoice is not fully paid.',
    ]);
    await pay(toNano('0.4'), inv.ton.comment);
    expect((await watch()).outcomes).toEqual(['PAID']);
    expect(await invoice(inv.id)).toMatchObject({ status: 'PAID', orderStatus: 'FULFILLED' });
    expect(await tonBalance()).toBe('0');
    await h.expectLedgerBalanced();
  });

  it('credits an over-payment excess to the payer', async () => {
    const inv = await invoiceFor(toNano('1'));
    await pay(toNano('1.5'), inv.ton.comment);
    expect((await watch()).outcomes).toEqual(['OVERPAID']);
    expect(await invoice(inv.id)).toMatchObject({ status: 'PAID' });
    expect(await tonBalance()).toBe('500000000');
    await h.expectLedgerBalanced();
  });

  it('records payments with an unknown or missing reference for admins, crediting no one', async () => {
    await h.call(buyer, 'profile.me');
    await pay(toNano('2'), 'inv:doesnotexist');
    await pay(toNano('0.3'));
    await pay(toNano('0.2'), 'hello');
    expect((await watch()).outcomes).toEqual(['UNKNOWN_REFERENCE', 'UNKNOWN_REFERENCE', 'UNKNOWN_REFERENCE']);
    const seen = await h.db.prisma.tonTransfer.findMany({ orderBy: { lt: 'asc' } });
    expect(seen.map((s) => [s.amount, s.comment])).toEqual([
      [toNano('2'), 'inv:doesnotexist'],
      [toNano('0.3'), null],
      [toNano('0.2'), 'hello'],
    ]);
    expect(await tonBalance()).toBe('0');
    await h.expectLedgerBalanced();
  });

  it('does not count a bounce of the treasury’s own message as a payment', async () => {
    const inv = await invoiceFor(toNano('1'));
    // The treasury sends to an account that does not exist; the bounce comes back to it.
    const nowhere = Address.parse('0:' + '1'.repeat(64));
    const res = await treasury.send({ to: nowhere, value: toNano('1'), bounce: true, body: commentCell(`inv:${inv.id}`) });
    expect(res.transactions.some((t) => t.inMessage?.info.type === 'internal' && t.inMessage.info.bounced)).toBe(true);
    const outcomes = (await watch()).outcomes;
    expect(outcomes).toContain('BOUNCED');
    expect(outcomes).not.toContain('PAID');
    expect(await h.db.prisma.tonTransfer.findFirstOrThrow({ where: { outcome: 'BOUNCED' } })).toMatchObject({ aborted: true, participantId: null });
    expect(await invoice(inv.id)).toMatchObject({ status: 'PENDING' });
    await h.expectLedgerBalanced();
  });

  it('resumes after a restart from where it stopped, without missing or double-counting', async () => {
    const a = await invoiceFor(toNano('1'));
    const b = await invoiceFor(toNano('2'));
    const c = await invoiceFor(toNano('3'));
    await pay(toNano('1'), a.ton.comment);
    await pay(toNano('2'), b.ton.comment);
    // The watcher settles one transaction and "crashes".
    expect((await watch({ maxSettle: 1 })).outcomes).toEqual(['PAID']);
    await pay(toNano('3'), c.ton.comment);
    // A fresh run picks up the rest, in order.
    expect((await watch()).outcomes).toEqual(['PAID', 'PAID']);
    for (const inv of [a, b, c]) expect((await invoice(inv.id)).status).toBe('PAID');
    expect(await h.db.prisma.tonTransfer.count()).toBe(3);
    // Each order's payment is announced to what follows purchases, and to the buyer, once.
    expect(await h.db.prisma.outboxEvent.count({ where: { type: 'purchase.paid' } })).toBe(3);
    await h.drain();
    expect(h.telegram.callsOf('sendMessage').filter((c) => c.params.chat_id === buyer.telegramId && /^Payment received: Badge \((1|2|3) TON\)/.test(c.params.text))).toHaveLength(3);
    await h.expectLedgerBalanced();
  });

  it('pays an expired invoice if stock is still there, and keeps the money on the balance if not', async () => {
    const p = await product(toNano('1'), 1);
    const first = (await h.call(buyer, 'shop.buy', { productId: p.id, currency: 'TON' })).body.result.data;
    h.clock.advance({ minutes: 31 });
    tick += 31 * 60;
    chain.now = tick;
    const { expireInvoices } = await import('./invoices.ts');
    expect(await expireInvoices(h.running.deps)).toBe(1);
    expect((await h.db.prisma.product.findUniqueOrThrow({ where: { id: p.id } })).stock).toBe(1);
    // Part of it arrives late: on the balance, and the invoice stays expired.
    await pay(toNano('0.5'), first.ton.comment);
    expect((await watch()).outcomes).toEqual(['UNDERPAID']);
    expect(await invoice(first.id)).toMatchObject({ status: 'EXPIRED', paidAmount: String(toNano('0.5')) });
    // Someone else takes the last item; then the late payment arrives.
    const other = { telegramId: 8202, firstName: 'Other' };
    expect((await h.call(other, 'shop.buy', { productId: p.id, currency: 'TON' })).status).toBe(200);
    await pay(toNano('1'), first.ton.comment);
    expect((await watch()).outcomes).toEqual(['LATE']);
    expect(await tonBalance()).toBe('1500000000');
    expect(await invoice(first.id)).toMatchObject({ status: 'EXPIRED', paidAmount: String(toNano('1.5')) });
    await h.expectLedgerBalanced();
  });
});
