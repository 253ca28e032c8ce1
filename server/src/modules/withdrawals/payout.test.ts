import { randomBytes } from 'node:crypto';
import { toNano } from '@ton/core';
import { Blockchain, type SandboxContract, type TreasuryContract } from '@ton/sandbox';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { useHarness } from '../../test/harness.ts';
import { readComment } from '../../lib/ton/gateway.ts';
import { sandboxGateway } from '../../test/ton.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';
import { hotWalletSender } from './hot-wallet.ts';
import { runPayouts, type PayoutSender, type PayoutTick } from './payout.ts';

const TON = 1_000_000_000n;
const h = useHarness({ ADMIN_TELEGRAM_IDS: '9300,9301', WITHDRAW_FEE_NANO: String(TON / 100n), WITHDRAW_SECOND_APPROVAL_NANO: String(5n * TON) });
const [ownerA, ownerB] = [{ telegramId: 9300 }, { telegramId: 9301 }];
const pat = { telegramId: 8801, firstName: 'Pat' };

let chain: Blockchain;
let sender: ReturnType<typeof hotWalletSender>;
let seed: Buffer;
let funder: SandboxContract<TreasuryContract>;
let recipient: SandboxContract<TreasuryContract>;
let tick = Math.floor(Date.now() / 1000);

beforeAll(async () => {
  chain = await Blockchain.create();
  seed = randomBytes(32);
  sender = hotWalletSender(sandboxGateway(chain), seed);
  funder = await chain.treasury('funder');
  await funder.send({ to: sender.address, value: toNano('1000'), bounce: false });
  recipient = await chain.treasury('participant-wallet');
});
beforeEach(() => {
  tick += 3600;
  chain.now = tick;
  h.clock.set(new Date(tick * 1000));
});
const advance = (seconds: number) => {
  tick += seconds;
  chain.now = tick;
  h.clock.advance({ seconds });
};

async function approved(amount: bigint) {
  await h.as(ownerA).profile.me();
  await h.as(ownerB).profile.me();
  await h.as(pat).profile.me();
  const p = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(pat.telegramId) } });
  await h.deps.prisma.wallet.upsert({ where: { participantId: p.id }, create: { participantId: p.id, address: recipient.address.toRawString(), chain: '-3', publicKey: 'ab'.repeat(32) }, update: {} });
  await inTx(h.deps.prisma, (tx) =>
    transfer(tx, { key: `prize:${amount}:${tick}`, debit: { system: SystemAccount.ISSUANCE }, credit: { participantId: p.id }, currency: 'TON', amount: amount + TON / 100n, kind: 'AWARD' }),
  );
  const w = await h.as(pat).withdrawals.request({ amount: String(amount) });
  await h.as(ownerA).admin.withdrawals.approve({ id: w.id });
  if (amount > 5n * TON) await h.as(ownerB).admin.withdrawals.approve({ id: w.id });
  return w;
}

// The receiving wallet pays a little gas, so it gets slightly less than sent; twice would be double.
const expectReceivedOnce = (delta: bigint, amount: bigint) => {
  expect(delta).toBeLessThanOrEqual(amount);
  expect(delta).toBeGreaterThan(amount - toNano('0.001'));
};

const system = async (code: string) => (await h.deps.prisma.account.aggregate({ where: { code, currency: 'TON' }, _sum: { balance: true } }))._sum.balance ?? 0n;
const status = async (id: number) => (await h.deps.prisma.withdrawal.findUniqueOrThrow({ where: { id } })).status;

/** The hot wallet with every send lost before it reaches the chain (the API answered an error). */
const losing = (error = 'down'): PayoutSender => ({ ...sender, send: async () => { throw new Error(error); } });

/** Passes of the job, each a few minutes after the last, until a payout that never lands has used its attempts. */
async function useUpAttempts(s: PayoutSender) {
  for (let i = 0; i < 3; i++) {
    await runPayouts(h.deps, s);
    advance(200);
  }
}

describe('payouts on chain (sandbox TVM, WalletV5R1 hot wallet)', () => {
  it('request → two approvals → payout → confirmed: the wallet receives it once and the ledger balances', async () => {
    const w = await approved(7n * TON);
    const before = await recipient.getBalance();
    expect((await runPayouts(h.deps, sender)).sent).toEqual([w.id]);
    expect(await status(w.id)).toBe('SENDING');
    expect((await runPayouts(h.deps, sender)).completed).toEqual([w.id]);
    expect(await status(w.id)).toBe('COMPLETED');
    expectReceivedOnce((await recipient.getBalance()) - before, 7n * TON);
    // The participant's wallet shows what it is, with the query id that finds it again.
    const { queryId } = await h.deps.prisma.withdrawal.findUniqueOrThrow({ where: { id: w.id } });
    const [arrived] = await sandboxGateway(chain).getTransactions(recipient.address, { limit: 1 });
    expect(readComment(arrived.inMessage!.body)).toBe(`Withdrawal #${w.id} q:${queryId}`);
    expect((await runPayouts(h.deps, sender))).toEqual({ completed: [], failed: [], sent: [], resent: [] });
    const ton = (await h.as(pat).ledger.balances()).find((b) => b.currency === 'TON')!.amount;
    expect(ton).toBe('0');
    // The holds were posted: the amount left to payouts, the fee to the community's fees, nothing stays held.
    expect([await system(SystemAccount.PAYOUTS), await system(SystemAccount.FEES), await system(SystemAccount.HOLD)]).toEqual([7n * TON, TON / 100n, 0n]);
    const { items } = await h.as(pat).withdrawals.list();
    expect(items[0]).toMatchObject({ status: 'COMPLETED', payoutTxHash: expect.stringMatching(/^[0-9a-f]{64}$/), completedAt: h.clock.now().toISOString() });
    const actions = (await h.deps.prisma.auditLog.findMany({ where: { subjectType: 'withdrawal', subjectId: String(w.id) }, orderBy: { id: 'asc' } })).map((a) => a.action);
    expect(actions).toEqual(['withdrawal.requested', 'withdrawal.approval', 'withdrawal.approval', 'withdrawal.approved', 'withdrawal.sending', 'withdrawal.completed']);
    const done = await h.deps.prisma.auditLog.findFirstOrThrow({ where: { action: 'withdrawal.completed', subjectId: String(w.id) } });
    expect(done.data).toEqual({ hash: items[0].payoutTxHash });
    const sending = await h.deps.prisma.auditLog.findFirstOrThrow({ where: { action: 'withdrawal.sending', subjectId: String(w.id) } });
    expect(sending.data).toMatchObject({ attempt: 1, seqno: expect.any(Number), validUntil: expect.any(Number) });
    await h.drain();
    expect(h.telegram.callsOf('sendMessage').filter((c) => c.params.chat_id === pat.telegramId).map((c) => c.params.text)).toContain(
      'Your withdrawal of 7 TON is complete. It was sent to your wallet.',
    );
    await h.expectLedgerBalanced();
  });

  it('a worker killed between send and confirm pays once: after restart it looks on chain first', async () => {
    const w = await approved(TON);
    const before = await recipient.getBalance();
    await runPayouts(h.deps, sender);
    // "Restart": a fresh pass knows only what the database says (SENDING). It must not send again.
    let sends = 0;
    const watching: PayoutSender = { ...sender, send: async (p) => (sends++, sender.send(p)) };
    advance(3600);
    const res = await runPayouts(h.deps, watching);
    expect(res.completed).toEqual([w.id]);
    expect(sends).toBe(0);
    expectReceivedOnce((await recipient.getBalance()) - before, TON);
    await h.expectLedgerBalanced();
  });

  it('a send lost before it reached the chain is sent again only once its valid_until has passed, and holds the queue till then', async () => {
    const w = await approved(TON);
    const next = await approved(TON / 2n);
    const before = await recipient.getBalance();
    const lost = losing('connection reset');
    expect((await runPayouts(h.deps, lost)).sent).toEqual([w.id]);
    expect((await h.deps.prisma.auditLog.findFirstOrThrow({ where: { action: 'withdrawal.send_error', subjectId: String(w.id) } })).data).toEqual({ error: 'connection reset' });
    // Still within valid_until: the message might yet land, so nothing new is sent, nor the next one.
    advance(30);
    expect(await runPayouts(h.deps, sender)).toEqual({ resent: [], completed: [], sent: [], failed: [] });
    // valid_until (60 s) and the chain clock's margin (30 s) to the second: not yet at 90 s, sent anew after.
    advance(60);
    expect(await runPayouts(h.deps, sender)).toMatchObject({ resent: [], completed: [] });
    advance(1);
    // Resent: still the only one in flight, the next waits.
    expect(await runPayouts(h.deps, sender)).toMatchObject({ resent: [w.id], sent: [] });
    expect(await status(next.id)).toBe('APPROVED');
    expect(await runPayouts(h.deps, sender)).toMatchObject({ completed: [w.id], sent: [next.id] });
    expectReceivedOnce((await recipient.getBalance()) - before, TON + TON / 2n);
    await h.expectLedgerBalanced();
  });

  it('gives up after repeated failures and returns the funds', async () => {
    const w = await approved(TON);
    const lost = losing();
    await useUpAttempts(lost);
    expect((await runPayouts(h.deps, lost)).failed).toEqual([w.id]);
    expect(await status(w.id)).toBe('FAILED');
    const ton = (await h.as(pat).ledger.balances()).find((b) => b.currency === 'TON')!.amount;
    expect(ton).toBe(String(TON + TON / 100n));
    const back = (await h.as(pat).ledger.history()).items.filter((i) => i.kind === 'WITHDRAWAL_FAILED');
    expect(back.map((i) => [i.direction, i.amount]).sort()).toEqual([['in', String(TON / 100n)], ['in', String(TON)]]);
    expect((await h.deps.prisma.withdrawal.findUniqueOrThrow({ where: { id: w.id } })).failReason).toBe('the payout was not confirmed on chain after several attempts');
    expect((await h.deps.prisma.auditLog.findFirstOrThrow({ where: { action: 'withdrawal.failed', subjectType: 'withdrawal', subjectId: String(w.id) } })).data).toEqual({
      reason: 'the payout was not confirmed on chain after several attempts',
    });
    await h.drain();
    expect(h.telegram.callsOf('sendMessage').filter((c) => c.params.chat_id === pat.telegramId).map((c) => c.params.text)).toContain(
      'Your withdrawal of 1 TON failed. The funds are back on your balance.',
    );
    await h.expectLedgerBalanced();
  });

  it('pays approved requests one at a time, in order', async () => {
    const a = await approved(TON);
    const b = await approved(2n * TON);
    expect((await runPayouts(h.deps, sender)).sent).toEqual([a.id]);
    expect(await runPayouts(h.deps, sender)).toMatchObject({ completed: [a.id], sent: [b.id] });
    expect((await runPayouts(h.deps, sender)).completed).toEqual([b.id]);
    // On chain: the hot wallet paid the participant's wallet 1 TON, then 2 TON, each once.
    const received = (await sandboxGateway(chain).getTransactions(recipient.address, { limit: 20 }))
      .filter((t) => t.inMessage?.info.type === 'internal' && t.inMessage.info.src.equals(sender.address) && t.now >= tick)
      .reverse()
      .map((t) => (t.inMessage!.info as { value: { coins: bigint } }).value.coins);
    expect(received).toEqual([TON, 2n * TON]);
    await h.drain();
    const told = h.telegram.callsOf('sendMessage').filter((c) => c.params.chat_id === pat.telegramId).map((c) => c.params.text);
    expect(told.filter((t) => /^Your withdrawal of (1|2) TON is complete/.test(t))).toHaveLength(2);
    expect([await system(SystemAccount.PAYOUTS), await system(SystemAccount.FEES), await system(SystemAccount.HOLD)]).toEqual([3n * TON, 2n * (TON / 100n), 0n]);
    await h.expectLedgerBalanced();
  });
});

/**
 * Two passes of the payout job side by side (a lapsed job lease, or two processes with JOBS on). The late
 * one is held in its sender until the other pass is done: at `seqno` (it has read the withdrawal and is on
 * its way to the chain when the other's payout lands), or after `find` (both looked on chain and saw the same).
 */
async function twoPasses(inner: PayoutSender, holdAt: 'seqno' | 'find'): Promise<PayoutTick[]> {
  let reach!: () => void;
  let release!: () => void;
  const reached = new Promise<void>((r) => (reach = r));
  const gate = new Promise<void>((r) => (release = r));
  const late: PayoutSender =
    holdAt === 'seqno'
      ? { ...inner, seqno: async () => (reach(), await gate, inner.seqno()) }
      : { ...inner, find: async (q, since) => { const found = await inner.find(q, since); reach(); await gate; return found; } };
  const second = runPayouts(h.deps, late);
  await reached;
  const first = await runPayouts(h.deps, inner);
  release();
  return [first, await second];
}

describe('two passes of the payout job at once', () => {
  it('an approved payout read by both is sent once: the late pass finds it taken and sends nothing', async () => {
    const w = await approved(3n * TON);
    const before = await recipient.getBalance();
    const both = await twoPasses(sender, 'seqno');
    expectReceivedOnce((await recipient.getBalance()) - before, 3n * TON);
    expect(both.flatMap((t) => t.sent)).toEqual([w.id]);
    expect((await runPayouts(h.deps, sender)).completed).toEqual([w.id]);
    const actions = (await h.deps.prisma.auditLog.findMany({ where: { subjectType: 'withdrawal', subjectId: String(w.id) }, orderBy: { id: 'asc' } })).map((a) => a.action);
    expect(actions).toEqual(['withdrawal.requested', 'withdrawal.approval', 'withdrawal.approved', 'withdrawal.sending', 'withdrawal.completed']);
    expect(await h.deps.prisma.withdrawal.findUniqueOrThrow({ where: { id: w.id } })).toMatchObject({ status: 'COMPLETED', attempts: 1 });
    await h.expectLedgerBalanced();
  });

  it('a payout whose send was lost is sent anew once, though both passes found it missing after its valid_until', async () => {
    const w = await approved(2n * TON);
    const before = await recipient.getBalance();
    const lost = losing('connection reset');
    expect((await runPayouts(h.deps, lost)).sent).toEqual([w.id]);
    advance(200);
    const both = await twoPasses(sender, 'seqno');
    expectReceivedOnce((await recipient.getBalance()) - before, 2n * TON);
    expect(both.flatMap((t) => t.resent)).toEqual([w.id]);
    expect((await runPayouts(h.deps, sender)).completed).toEqual([w.id]);
    const actions = (await h.deps.prisma.auditLog.findMany({ where: { subjectType: 'withdrawal', subjectId: String(w.id) }, orderBy: { id: 'asc' } })).map((a) => a.action);
    expect(actions).toEqual(['withdrawal.requested', 'withdrawal.approval', 'withdrawal.approved', 'withdrawal.sending', 'withdrawal.send_error', 'withdrawal.resent', 'withdrawal.completed']);
    await h.expectLedgerBalanced();
  });
});

describe('a payout that scrolled out of the hot wallet\'s latest transactions', () => {
  it('is found behind more than a page of the wallet\'s other transactions after a restart, and not sent again', async () => {
    const w = await approved(TON);
    const before = await recipient.getBalance();
    expect((await runPayouts(h.deps, sender)).sent).toEqual([w.id]);
    // While the worker is away the wallet stays busy: more transactions than one page of the lookup.
    advance(5);
    for (let i = 0; i < 130; i++) await funder.send({ to: sender.address, value: toNano('0.01'), bounce: false });
    advance(3600);
    let sends = 0;
    const watching: PayoutSender = { ...sender, send: async (p) => (sends++, sender.send(p)) };
    // A lookup allowed one page cannot reach back to the send: it may have landed, so nothing is sent, however late.
    const narrow = hotWalletSender(sandboxGateway(chain), seed, -239, { maxPages: 1 });
    const blind: PayoutSender = { ...narrow, send: async (p) => (sends++, narrow.send(p)) };
    await expect(runPayouts(h.deps, blind)).rejects.toThrow(new RegExp(`withdrawal #${w.id}: .*PAYOUT_LOOKUP_PAGES`));
    expect(await status(w.id)).toBe('SENDING');
    // The default lookup pages back far enough, finds it and completes it.
    expect(await runPayouts(h.deps, watching)).toEqual({ completed: [w.id], failed: [], sent: [], resent: [] });
    expect(sends).toBe(0);
    expectReceivedOnce((await recipient.getBalance()) - before, TON);
    const actions = (await h.deps.prisma.auditLog.findMany({ where: { subjectType: 'withdrawal', subjectId: String(w.id) }, orderBy: { id: 'asc' } })).map((a) => a.action);
    expect(actions).toEqual(['withdrawal.requested', 'withdrawal.approval', 'withdrawal.approved', 'withdrawal.sending', 'withdrawal.completed']);
    await h.expectLedgerBalanced();
  }, 120_000);
});

describe('what else holds the hot wallet', () => {
  it('a return of unmatched TON in flight holds the payouts back; one already returned does not', async () => {
    const w = await approved(TON);
    const row = (hash: string, returnStatus: 'SENDING' | 'RETURNED') => ({
      hash, lt: 1n, amount: TON, outcome: 'TO_RETURN', txTime: h.clock.now(), returnStatus, returnQueryId: BigInt(`0x${hash.slice(0, 12)}`),
    });
    await h.deps.prisma.tonTransfer.create({ data: row('a1'.repeat(32), 'RETURNED') });
    await h.deps.prisma.tonTransfer.create({ data: row('b2'.repeat(32), 'SENDING') });
    expect(await runPayouts(h.deps, sender)).toEqual({ completed: [], failed: [], sent: [], resent: [] });
    expect(await status(w.id)).toBe('APPROVED');
    await h.deps.prisma.tonTransfer.update({ where: { hash: 'b2'.repeat(32) }, data: { returnStatus: 'RETURNED' } });
    expect((await runPayouts(h.deps, sender)).sent).toEqual([w.id]);
  });
});

describe('two passes that both decide the same payout', () => {
  it('both find it landed: it is completed, posted and told once', async () => {
    const w = await approved(TON);
    expect((await runPayouts(h.deps, sender)).sent).toEqual([w.id]);
    const both = await twoPasses(sender, 'find');
    expect(both.flatMap((t) => t.completed)).toEqual([w.id]);
    expect(await h.deps.prisma.auditLog.count({ where: { action: 'withdrawal.completed', subjectId: String(w.id) } })).toBe(1);
    await h.expectLedgerBalanced();
  });

  it('both give it up: it fails, and its funds come back, once', async () => {
    const w = await approved(TON);
    const lost = losing();
    await useUpAttempts(lost);
    const both = await twoPasses(lost, 'find');
    expect(both.flatMap((t) => t.failed)).toEqual([w.id]);
    expect(await h.deps.prisma.auditLog.count({ where: { action: 'withdrawal.failed', subjectId: String(w.id) } })).toBe(1);
    expect((await h.as(pat).ledger.balances()).find((b) => b.currency === 'TON')!.amount).toBe(String(TON + TON / 100n));
    await h.expectLedgerBalanced();
  });
});

