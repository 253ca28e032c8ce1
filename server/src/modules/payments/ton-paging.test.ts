import { Address, internal, SendMode, toNano } from '@ton/core';
import { keyPairFromSeed } from '@ton/crypto';
import { Blockchain, type SandboxContract, type TreasuryContract } from '@ton/sandbox';
import { WalletContractV4, WalletContractV5R1 } from '@ton/ton';
import { createHash } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commentCell } from '../../lib/ton/gateway.ts';
import { sandboxGateway } from '../../test/ton.ts';
import { useServer } from '../../test/server-harness.ts';
import { watchTreasury } from './ton.ts';

// The watcher reads the treasury 50 transactions a page; these stories give it more than a page, and
// payers that are real wallet contracts (as TON Connect wallets are), not the sandbox's treasuries.
let chain: Blockchain;
let treasury: SandboxContract<TreasuryContract>;
let tipper: SandboxContract<TreasuryContract>;
const ready = (async () => {
  chain = await Blockchain.create();
  treasury = await chain.treasury('shop-treasury');
  tipper = await chain.treasury('tipper');
})();

const h = useServer({}, { ton: () => sandboxGateway(chain) });
beforeAll(async () => {
  await ready;
  (h.config.ton as { treasury?: string }).treasury = treasury.address.toRawString();
});
let tick = Math.floor(Date.now() / 1000);
beforeEach(async () => {
  tick += 3600;
  chain.now = tick;
  h.clock.set(new Date(tick * 1000));
  const [latest] = await sandboxGateway(chain).getTransactions(treasury.address, { limit: 1 });
  if (latest) await h.db.prisma.jobState.create({ data: { name: 'ton-watcher', data: { lt: latest.lt.toString(), hash: latest.hash().toString('hex') } } });
});

const buyer = { telegramId: 8301, firstName: 'Pavel' };
const watch = () => watchTreasury(h.running.deps, h.running.deps.ton!);

async function invoiceFor(priceTon: bigint) {
  const p = await h.db.prisma.product.create({
    data: { slug: `ton-${Math.random().toString(36).slice(2, 8)}`, kind: 'ITEM', title: { en: 'Badge', ru: 'Значок' }, description: { en: '', ru: '' }, prices: { create: [{ currency: 'TON', amount: priceTon }] } },
  });
  const res = await h.call(buyer, 'shop.buy', { productId: p.id, currency: 'TON' });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.result.data as { id: string; ton: { comment: string } };
}
const status = async (id: string) => (await h.call(buyer, 'payments.invoice', { id })).body.result.data.status;
/** The sandbox's gateway, counting the pages it is asked for. */
function counted() {
  const inner = sandboxGateway(chain);
  const c = { calls: 0, gateway: { ...inner, getTransactions: (...a: Parameters<typeof inner.getTransactions>) => (c.calls++, inner.getTransactions(...a)) } };
  return c;
}
/** A transfer without a reference: recorded for admins as UNKNOWN_REFERENCE, never credited. */
const tip = (i: number) => tipper.send({ to: treasury.address, value: toNano('0.01') + BigInt(i), body: commentCell(`thanks ${i}`), bounce: false });

describe('the TON watcher over more transactions than one page', () => {
  it('settles every transaction since its cursor once, across pages, oldest first, and then again only what is new', async () => {
    const first = await invoiceFor(toNano('1'));
    const middle = await invoiceFor(toNano('2'));
    const last = await invoiceFor(toNano('3'));
    // 121 transactions since the cursor (three pages): invoices at the oldest, in the second page and at the newest.
    await tipper.send({ to: treasury.address, value: toNano('1'), body: commentCell(first.ton.comment), bounce: false });
    for (let i = 0; i < 59; i++) await tip(i);
    await tipper.send({ to: treasury.address, value: toNano('2'), body: commentCell(middle.ton.comment), bounce: false });
    for (let i = 59; i < 118; i++) await tip(i);
    await tipper.send({ to: treasury.address, value: toNano('3'), body: commentCell(last.ton.comment), bounce: false });

    const run = await watch();
    expect(run.seen).toBe(121);
    expect(run.outcomes).toEqual(['PAID', ...Array(59).fill('UNKNOWN_REFERENCE'), 'PAID', ...Array(59).fill('UNKNOWN_REFERENCE'), 'PAID']);
    expect([await status(first.id), await status(middle.id), await status(last.id)]).toEqual(['PAID', 'PAID', 'PAID']);
    // Recorded oldest first, each once.
    const recorded = await h.db.prisma.tonTransfer.findMany({ orderBy: { lt: 'asc' } });
    expect(recorded).toHaveLength(121);
    expect(recorded.slice(1, 60).map((t) => t.comment)).toEqual(Array.from({ length: 59 }, (_, i) => `thanks ${i}`));

    // 70 more: the next run pages back to its cursor (two pages again) and settles only those.
    const later = await invoiceFor(toNano('1'));
    for (let i = 200; i < 269; i++) await tip(i);
    await tipper.send({ to: treasury.address, value: toNano('1'), body: commentCell(later.ton.comment), bounce: false });
    const next = await watch();
    expect(next.outcomes).toEqual([...Array(69).fill('UNKNOWN_REFERENCE'), 'PAID']);
    expect(await h.db.prisma.tonTransfer.count()).toBe(191);
    // Caught up, a pass reads one page and stops at its cursor: never the treasury's whole history again.
    const reads = counted();
    expect(await watchTreasury(h.running.deps, reads.gateway)).toEqual({ seen: 0, outcomes: [] });
    await tip(300);
    expect(await watchTreasury(h.running.deps, reads.gateway)).toEqual({ seen: 1, outcomes: ['UNKNOWN_REFERENCE'] });
    expect(reads.calls).toBe(2);
    await h.expectLedgerBalanced();
  }, 180_000);
});

describe('payers that are real wallet contracts', () => {
  for (const kind of ['WalletV4', 'WalletV5R1'] as const) {
    it(`settles an invoice paid from a deployed ${kind}, credits the excess to the payer and records the wallet as the source`, async () => {
      const keys = keyPairFromSeed(createHash('sha256').update(`payer:${kind}`).digest());
      const contract = kind === 'WalletV4' ? WalletContractV4.create({ workchain: 0, publicKey: keys.publicKey }) : WalletContractV5R1.create({ workchain: 0, publicKey: keys.publicKey });
      const wallet = chain.openContract(contract);
      // Funded, then deployed by its first signed transfer, as a wallet app does.
      await tipper.send({ to: contract.address, value: toNano('10'), bounce: false });
      const inv = await invoiceFor(toNano('1.5'));
      const seqno = await wallet.getSeqno();
      await wallet.sendTransfer({
        seqno,
        secretKey: keys.secretKey,
        timeout: chain.now! + 60, // valid_until by the chain's clock, which runs ahead of this machine's
        sendMode: SendMode.PAY_GAS_SEPARATELY | SendMode.IGNORE_ERRORS,
        messages: [internal({ to: treasury.address, value: toNano('2'), body: inv.ton.comment, bounce: false })],
      });
      expect(await wallet.getSeqno()).toBe(seqno + 1);

      expect((await watch()).outcomes).toEqual(['OVERPAID']);
      expect(await status(inv.id)).toBe('PAID');
      const recorded = await h.db.prisma.tonTransfer.findFirstOrThrow({ where: { invoiceId: inv.id } });
      expect(Address.parseRaw(recorded.source!).equals(contract.address)).toBe(true);
      expect(recorded.amount).toBe(toNano('2'));
      const ton = ((await h.call(buyer, 'ledger.balances')).body.result.data as { currency: string; amount: string }[]).find((b) => b.currency === 'TON')!.amount;
      expect(ton).toBe(String(toNano('0.5')));
      await h.expectLedgerBalanced();
    });
  }
});
