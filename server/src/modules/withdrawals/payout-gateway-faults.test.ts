import { randomBytes } from 'node:crypto';
import { toNano } from '@ton/core';
import { Blockchain, type SandboxContract, type TreasuryContract } from '@ton/sandbox';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { useHarness } from '../../test/harness.ts';
import { flakyGateway, sandboxGateway, type FlakyGateway } from '../../test/ton.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';
import { hotWalletSender } from './hot-wallet.ts';
import { runPayouts, type PayoutSender } from './payout.ts';

const TON = 1_000_000_000n;
const h = useHarness({ ADMIN_TELEGRAM_IDS: '9310', WITHDRAW_FEE_NANO: String(TON / 100n) });
const owner = { telegramId: 9310 };
const pat = { telegramId: 8811, firstName: 'Pat' };

let chain: Blockchain;
let gateway: FlakyGateway;
let sender: PayoutSender;
let sends = 0;
let recipient: SandboxContract<TreasuryContract>;
let tick = Math.floor(Date.now() / 1000);

beforeAll(async () => {
  chain = await Blockchain.create();
  gateway = flakyGateway(sandboxGateway(chain));
  const wallet = hotWalletSender(gateway, randomBytes(32));
  sender = { ...wallet, send: (p) => (sends++, wallet.send(p)) };
  const funder = await chain.treasury('funder');
  await funder.send({ to: wallet.address, value: toNano('1000'), bounce: false });
  recipient = await chain.treasury('participant-wallet');
});
beforeEach(() => {
  tick += 3600;
  chain.now = tick;
  h.clock.set(new Date(tick * 1000));
  sends = 0;
});
const advance = (seconds: number) => {
  tick += seconds;
  chain.now = tick;
  h.clock.advance({ seconds });
};

async function approved(amount: bigint) {
  await h.as(owner).profile.me();
  await h.as(pat).profile.me();
  const p = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(pat.telegramId) } });
  await h.deps.prisma.wallet.upsert({ where: { participantId: p.id }, create: { participantId: p.id, address: recipient.address.toRawString(), chain: '-3', publicKey: 'ab'.repeat(32) }, update: {} });
  await inTx(h.deps.prisma, (tx) =>
    transfer(tx, { key: `prize:${amount}:${tick}`, debit: { system: SystemAccount.ISSUANCE }, credit: { participantId: p.id }, currency: 'TON', amount: amount + TON / 100n, kind: 'AWARD' }),
  );
  const w = await h.as(pat).withdrawals.request({ amount: String(amount) });
  await h.as(owner).admin.withdrawals.approve({ id: w.id });
  return w;
}

// The receiving wallet pays a little gas, so it gets slightly less than sent; twice would be double.
const expectReceivedOnce = (delta: bigint, amount: bigint) => {
  expect(delta).toBeLessThanOrEqual(amount);
  expect(delta).toBeGreaterThan(amount - toNano('0.001'));
};
const actions = async (id: number) =>
  (await h.deps.prisma.auditLog.findMany({ where: { subjectType: 'withdrawal', subjectId: String(id) }, orderBy: { id: 'asc' } })).map((a) => a.action);
const tonBalance = async () => (await h.as(pat).ledger.balances()).find((b) => b.currency === 'TON')!.amount;

describe('payouts while the TON gateway fails', () => {
  it('a send the chain took but whose answer was lost is found on chain and not sent again', async () => {
    const w = await approved(2n * TON);
    const before = await recipient.getBalance();
    gateway.fail(1, 'answer-lost', ['sendExternal']);
    expect((await runPayouts(h.deps, sender)).sent).toEqual([w.id]);
    // The gateway times out while the worker looks: that pass fails and changes nothing.
    advance(3600);
    gateway.fail(1, 'timeout', ['getTransactions']);
    await expect(runPayouts(h.deps, sender)).rejects.toThrow(/timeout/);
    expect((await runPayouts(h.deps, sender)).completed).toEqual([w.id]);
    expect(sends).toBe(1);
    expectReceivedOnce((await recipient.getBalance()) - before, 2n * TON);
    expect(await actions(w.id)).toEqual(['withdrawal.requested', 'withdrawal.approval', 'withdrawal.approved', 'withdrawal.sending', 'withdrawal.send_error', 'withdrawal.completed']);
    expect(await tonBalance()).toBe('0');
    await h.expectLedgerBalanced();
  });

  it('a send that never reached the chain is looked up, then sent anew once its validity passed, and pays once', async () => {
    const w = await approved(TON);
    const before = await recipient.getBalance();
    gateway.fail(1, 'throw', ['sendExternal']);
    expect((await runPayouts(h.deps, sender)).sent).toEqual([w.id]);
    // Still within valid_until: the worker looks on chain and waits, sending nothing.
    expect(await runPayouts(h.deps, sender)).toEqual({ completed: [], failed: [], sent: [], resent: [] });
    advance(3600);
    expect((await runPayouts(h.deps, sender)).resent).toEqual([w.id]);
    expect((await runPayouts(h.deps, sender)).completed).toEqual([w.id]);
    expect(await runPayouts(h.deps, sender)).toEqual({ completed: [], failed: [], sent: [], resent: [] });
    expect(sends).toBe(2);
    expectReceivedOnce((await recipient.getBalance()) - before, TON);
    expect(await actions(w.id)).toEqual([
      'withdrawal.requested',
      'withdrawal.approval',
      'withdrawal.approved',
      'withdrawal.sending',
      'withdrawal.send_error',
      'withdrawal.resent',
      'withdrawal.completed',
    ]);
    expect(await tonBalance()).toBe('0');
    await h.expectLedgerBalanced();
  });
});
