import { randomBytes } from 'node:crypto';
import { Address, internal, SendMode, toNano } from '@ton/core';
import { keyPairFromSeed, type KeyPair } from '@ton/crypto';
import { WalletContractV5R1 } from '@ton/ton';
import { Blockchain, type SandboxContract, type TreasuryContract } from '@ton/sandbox';
import { Treasury, treasuryCode } from '@app/contracts/treasury';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { failure, useHarness } from '../../test/harness.ts';
import { commentCell } from '../../lib/ton/gateway.ts';
import { sandboxGateway } from '../../test/ton.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';
import { hotWalletSender } from '../withdrawals/hot-wallet.ts';
import { runPayouts, type PayoutSender } from '../withdrawals/payout.ts';
import { treasurySender } from '../withdrawals/treasury-sender.ts';
import { watchTreasury } from './ton.ts';
import { runTonReturns } from './ton-return.ts';

const TON = 1_000_000_000n;
const h = useHarness({ ADMIN_TELEGRAM_IDS: '9450', WITHDRAW_FEE_NANO: '0' });
const owner = { telegramId: 9450, firstName: 'Olga' };
const fay = { telegramId: 9451, firstName: 'Fay' };
const adam = { telegramId: 9452, firstName: 'Adam' };
const pat = { telegramId: 8861, firstName: 'Pat' };

let chain: Blockchain;
let hot: ReturnType<typeof hotWalletSender>;
/** Where payments arrive (the watcher reads it) and what sends returns from it; each describe sets both. */
let watched: Address;
let sender: PayoutSender;
let sends = 0;
/** A stranger's own WalletV5R1: it pays without an invoice and should get its TON back. */
let stranger: SandboxContract<WalletContractV5R1>;
let strangerKeys: KeyPair;
let tick = Math.floor(Date.now() / 1000);

const counting = (s: PayoutSender): PayoutSender => ({ ...s, send: (p) => (sends++, s.send(p)) });

beforeAll(async () => {
  chain = await Blockchain.create();
  chain.now = tick;
  hot = hotWalletSender(sandboxGateway(chain), randomBytes(32));
  const funder = await chain.treasury('funder');
  await funder.send({ to: hot.address, value: toNano('1000'), bounce: false });
  // Deployed, as a hot wallet in use is: an account without code takes payments as aborted transactions.
  await hot.sendInternal(funder.address, toNano('0.01'), commentCell('hello'), tick + 60);
  strangerKeys = keyPairFromSeed(randomBytes(32));
  stranger = chain.openContract(WalletContractV5R1.create({ workchain: 0, publicKey: strangerKeys.publicKey }));
  await funder.send({ to: stranger.address, value: toNano('100'), bounce: false });
  h.deps.ton = sandboxGateway(chain);
});
beforeEach(async () => {
  tick += 3600;
  chain.now = tick;
  h.clock.set(new Date(tick * 1000));
  sends = 0;
  (h.config.ton as { treasury?: string }).treasury = watched.toRawString();
  // The chain outlives each test's fresh database: the watcher starts caught up with its history.
  const [latest] = await sandboxGateway(chain).getTransactions(watched, { limit: 1 });
  if (latest) await h.deps.prisma.jobState.create({ data: { name: 'ton-watcher', data: { lt: latest.lt.toString(), hash: latest.hash().toString('hex') } } });
  await h.as(owner).profile.me();
  for (const [u, role] of [[fay, 'FINANCE'], [adam, 'ADMIN']] as const) {
    await h.as(u).profile.me();
    await h.as(owner).admin.participants.setRole({ telegramId: String(u.telegramId), role });
  }
});
const advance = (seconds: number) => {
  tick += seconds;
  chain.now = tick;
  h.clock.advance({ seconds });
};

/** The stranger pays the treasury with a comment that names no invoice; the watcher records it. Its hash. */
async function unmatched(amount: bigint): Promise<string> {
  await stranger.sendTransfer({
    seqno: await stranger.getSeqno(),
    secretKey: strangerKeys.secretKey,
    sendMode: SendMode.PAY_GAS_SEPARATELY,
    // The chain's clock runs ahead of the machine's here.
    timeout: tick + 60,
    messages: [internal({ to: watched, value: amount, body: 'for the coffee', bounce: false })],
  });
  await watchTreasury(h.deps, h.deps.ton!);
  const row = await h.deps.prisma.tonTransfer.findFirstOrThrow({ where: { source: stranger.address.toRawString() }, orderBy: { lt: 'desc' } });
  expect(row).toMatchObject({ outcome: 'UNKNOWN_REFERENCE', amount });
  return row.hash;
}

const row = async (hash: string) => (await h.as(fay).admin.payments.tonTransfers({ outcome: 'TO_RETURN' })).find((r) => r.hash === hash)!;
const actions = async (hash: string) =>
  (await h.deps.prisma.auditLog.findMany({ where: { subjectType: 'ton-tx', subjectId: hash }, orderBy: { id: 'asc' } })).map((a) => a.action);
// The receiving wallet pays a little gas for the incoming message; twice would be double.
const expectReceivedOnce = (delta: bigint, amount: bigint) => {
  expect(delta).toBeLessThanOrEqual(amount);
  expect(delta).toBeGreaterThan(amount - toNano('0.001'));
};
const idle = { returned: [], failed: [], sent: [], resent: [] };
/** Other business on the wallet: tiny transfers in from elsewhere, more than a page of the lookup. */
const busy = async (address: Address, n: number) => {
  const other = await chain.treasury('funder');
  for (let i = 0; i < n; i++) await other.send({ to: address, value: toNano('0.01'), bounce: false });
};
const tonFigures = async () => (await h.as(fay).admin.ledger.summary()).find((s) => s.currency === 'TON')!;

describe('returning unmatched TON from the hot wallet (sandbox TVM)', () => {
  beforeAll(() => {
    watched = hot.address;
    sender = counting(hot);
  });

  it('the admin chooses return, the worker sends it back once, and the row shows RETURNED with the outgoing hash', async () => {
    const hash = await unmatched(3n * TON);
    const figures = await tonFigures();
    expect(await h.as(fay).admin.payments.resolveTon({ id: hash, action: 'return' })).toMatchObject({ outcome: 'TO_RETURN' });
    expect(await row(hash)).toMatchObject({ returnStatus: 'PENDING', returnSentAt: null, returnTxHash: null, source: stranger.address.toRawString() });
    const before = await stranger.getBalance();

    expect((await runTonReturns(h.deps, sender)).sent).toEqual([hash]);
    expect(await row(hash)).toMatchObject({ returnStatus: 'SENDING', returnAttempts: 1, returnSentAt: h.clock.now().toISOString(), returnTxHash: null });
    advance(10);
    expect((await runTonReturns(h.deps, sender)).returned).toEqual([hash]);
    // The job again, and again later: nothing more leaves.
    expect(await runTonReturns(h.deps, sender)).toEqual(idle);
    advance(3600);
    expect(await runTonReturns(h.deps, sender)).toEqual(idle);
    expect(sends).toBe(1);

    expectReceivedOnce((await stranger.getBalance()) - before, 3n * TON);
    const done = await row(hash);
    expect(done).toMatchObject({ outcome: 'TO_RETURN', returnStatus: 'RETURNED', returnFailReason: null, returnedAt: expect.any(String) });
    // The recorded hash is the hot wallet's transaction that paid the stranger the amount.
    const out = (await sandboxGateway(chain).getTransactions(hot.address, { limit: 20 })).find((t) => t.hash().toString('hex') === done.returnTxHash)!;
    const paid = [...out.outMessages.values()].map((m) => m.info).find((i) => i.type === 'internal')!;
    expect(paid.dest.equals(stranger.address)).toBe(true);
    expect(paid.type === 'internal' && paid.value.coins).toBe(3n * TON);
    expect(await actions(hash)).toEqual(['ton.unknown_reference', 'ton.to_return', 'ton.return_sending', 'ton.returned']);
    // The watcher reading the hot wallet again takes the return for no payment.
    expect((await watchTreasury(h.deps, h.deps.ton!)).outcomes).toEqual([]);
    // Never booked, so returning it moves no ledger balance.
    expect(await tonFigures()).toEqual(figures);
    await h.expectLedgerBalanced();
  });

  it('two passes of the job at once send it once', async () => {
    const hash = await unmatched(TON);
    await h.as(fay).admin.payments.resolveTon({ id: hash, action: 'return' });
    const before = await stranger.getBalance();
    const [a, b] = await Promise.all([runTonReturns(h.deps, sender), runTonReturns(h.deps, sender)]);
    expect([...a.sent, ...b.sent]).toEqual([hash]);
    expect([...a.returned, ...b.returned, ...(await runTonReturns(h.deps, sender)).returned]).toEqual([hash]);
    expect(sends).toBe(1);
    expectReceivedOnce((await stranger.getBalance()) - before, TON);
    expect(await actions(hash)).toEqual(['ton.unknown_reference', 'ton.to_return', 'ton.return_sending', 'ton.returned']);
  });

  it('a worker killed between recording and sending does not send twice: it waits out valid_until, then sends once', async () => {
    const hash = await unmatched(2n * TON);
    await h.as(fay).admin.payments.resolveTon({ id: hash, action: 'return' });
    const before = await stranger.getBalance();
    // The process dies on its way to the chain: the record is committed, the send never happens.
    let reached!: () => void;
    const atSend = new Promise<void>((r) => (reached = r));
    const dying: PayoutSender = { ...sender, send: () => (reached(), new Promise<void>(() => {})) };
    void runTonReturns(h.deps, dying);
    await atSend;
    expect(await row(hash)).toMatchObject({ returnStatus: 'SENDING', returnAttempts: 1 });

    // Restarted: it looks on chain, finds nothing, and sends nothing while the message could still land.
    advance(30);
    expect(await runTonReturns(h.deps, sender)).toEqual(idle);
    advance(120);
    expect((await runTonReturns(h.deps, sender)).resent).toEqual([hash]);
    expect((await runTonReturns(h.deps, sender)).returned).toEqual([hash]);
    expect(await runTonReturns(h.deps, sender)).toEqual(idle);
    expect(sends).toBe(1);
    expectReceivedOnce((await stranger.getBalance()) - before, 2n * TON);
    expect(await actions(hash)).toEqual(['ton.unknown_reference', 'ton.to_return', 'ton.return_sending', 'ton.return_resent', 'ton.returned']);
  });

  it('a worker killed right after the send finds it on chain after restart and sends nothing', async () => {
    const hash = await unmatched(TON);
    await h.as(fay).admin.payments.resolveTon({ id: hash, action: 'return' });
    const before = await stranger.getBalance();
    let sent!: () => void;
    const afterSend = new Promise<void>((r) => (sent = r));
    const dying: PayoutSender = { ...sender, send: async (p) => (await sender.send(p), sent(), new Promise<void>(() => {})) };
    void runTonReturns(h.deps, dying);
    await afterSend;
    advance(3600);
    expect((await runTonReturns(h.deps, sender)).returned).toEqual([hash]);
    expect(sends).toBe(1);
    expectReceivedOnce((await stranger.getBalance()) - before, TON);
  });

  it('gives up after sends never seen on chain, shows why, and an admin retry sends it once', async () => {
    const hash = await unmatched(TON);
    await h.as(fay).admin.payments.resolveTon({ id: hash, action: 'return' });
    const before = await stranger.getBalance();
    const down: PayoutSender = { ...sender, send: async () => { throw new Error('502 Bad Gateway'); } };
    for (let i = 0; i < 3; i++) {
      await runTonReturns(h.deps, down);
      advance(200);
    }
    expect((await runTonReturns(h.deps, down)).failed).toEqual([hash]);
    expect(await row(hash)).toMatchObject({ returnStatus: 'FAILED', returnAttempts: 3, returnFailReason: 'NOT_CONFIRMED', returnTxHash: null });
    expect(await runTonReturns(h.deps, sender)).toEqual(idle);

    expect(await failure(h.as(adam).admin.payments.retryTonReturn({ id: hash }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await h.as(fay).admin.payments.retryTonReturn({ id: hash })).toEqual({ id: hash, returnStatus: 'PENDING' });
    expect(await row(hash)).toMatchObject({ returnStatus: 'PENDING', returnFailReason: null });
    expect((await runTonReturns(h.deps, sender)).sent).toEqual([hash]);
    expect((await runTonReturns(h.deps, sender)).returned).toEqual([hash]);
    expect(sends).toBe(1);
    expectReceivedOnce((await stranger.getBalance()) - before, TON);
    expect(await actions(hash)).toEqual([
      'ton.unknown_reference',
      'ton.to_return',
      'ton.return_sending',
      'ton.return_send_error',
      'ton.return_resent',
      'ton.return_send_error',
      'ton.return_resent',
      'ton.return_send_error',
      'ton.return_failed',
      'ton.return_retry',
      'ton.return_sending',
      'ton.returned',
    ]);
  });

  it('a return that landed while the worker was away is found behind more than a page of the wallet\'s other transactions, and not sent again', async () => {
    const hash = await unmatched(TON);
    await h.as(fay).admin.payments.resolveTon({ id: hash, action: 'return' });
    const before = await stranger.getBalance();
    expect((await runTonReturns(h.deps, sender)).sent).toEqual([hash]);
    advance(5);
    await busy(hot.address, 130);
    advance(3600);
    expect(await runTonReturns(h.deps, sender)).toEqual({ ...idle, returned: [hash] });
    expect(sends).toBe(1);
    expectReceivedOnce((await stranger.getBalance()) - before, TON);
    expect(await actions(hash)).toEqual(['ton.unknown_reference', 'ton.to_return', 'ton.return_sending', 'ton.returned']);
  }, 120_000);

  it('returns and payouts share the hot wallet one message at a time', async () => {
    await h.as(pat).profile.me();
    const p = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(pat.telegramId) } });
    const patWallet = await chain.treasury('pat-wallet');
    await h.deps.prisma.wallet.create({ data: { participantId: p.id, address: patWallet.address.toRawString(), chain: '-3', publicKey: 'ab'.repeat(32) } });
    await inTx(h.deps.prisma, (tx) => transfer(tx, { key: `prize:${tick}`, debit: { system: SystemAccount.ISSUANCE }, credit: { participantId: p.id }, currency: 'TON', amount: TON, kind: 'AWARD' }));
    const w = await h.as(pat).withdrawals.request({ amount: String(TON) });
    await h.as(owner).admin.withdrawals.approve({ id: w.id });
    const hash = await unmatched(TON);
    await h.as(fay).admin.payments.resolveTon({ id: hash, action: 'return' });

    // The payout leaves first; the return waits while it is in flight, then the payout waits for the return.
    expect((await runPayouts(h.deps, sender)).sent).toEqual([w.id]);
    expect(await runTonReturns(h.deps, sender)).toEqual(idle);
    expect((await runPayouts(h.deps, sender)).completed).toEqual([w.id]);
    expect((await runTonReturns(h.deps, sender)).sent).toEqual([hash]);
    expect((await runTonReturns(h.deps, sender)).returned).toEqual([hash]);
    expect(sends).toBe(2);
    await h.expectLedgerBalanced();
  });

  it('refuses what is not a return waiting for it, by stable codes', async () => {
    const hash = await unmatched(TON);
    expect(await failure(h.as(fay).admin.payments.retryTonReturn({ id: hash }))).toMatchObject({ code: 'CONFLICT', appCode: 'TON_RETURN_NOT_RETRYABLE' });
    await h.as(fay).admin.payments.resolveTon({ id: hash, action: 'return' });
    expect(await failure(h.as(fay).admin.payments.resolveTon({ id: hash, action: 'return' }))).toMatchObject({ code: 'CONFLICT', appCode: 'TRANSFER_ALREADY_RESOLVED' });
    expect(await failure(h.as(fay).admin.payments.resolveTon({ id: hash, action: 'credit', telegramId: fay.telegramId }))).toMatchObject({ code: 'CONFLICT', appCode: 'TRANSFER_ALREADY_RESOLVED' });
    // Waiting to be sent, or sent: nothing to retry.
    expect(await failure(h.as(fay).admin.payments.retryTonReturn({ id: hash }))).toMatchObject({ code: 'CONFLICT', appCode: 'TON_RETURN_NOT_RETRYABLE' });
    await runTonReturns(h.deps, sender);
    await runTonReturns(h.deps, sender);
    expect((await row(hash)).returnStatus).toBe('RETURNED');
    expect(await failure(h.as(fay).admin.payments.retryTonReturn({ id: hash }))).toMatchObject({ code: 'CONFLICT', appCode: 'TON_RETURN_NOT_RETRYABLE' });
    expect(await failure(h.as(fay).admin.payments.retryTonReturn({ id: 'c'.repeat(64) }))).toMatchObject({ code: 'NOT_FOUND', appCode: 'NOT_FOUND' });
    expect(await failure(h.as(fay).admin.payments.resolveTon({ id: 'c'.repeat(64), action: 'return' }))).toMatchObject({ code: 'NOT_FOUND', appCode: 'NOT_FOUND' });
    expect(await failure(h.as(fay).admin.payments.retryTonReturn({ id: 'not-a-hash' }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await failure(h.as(pat).admin.payments.retryTonReturn({ id: hash }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(sends).toBe(1);
  });

  it('a transfer marked to return before returns were sent waits for an admin to start it', async () => {
    const hash = await unmatched(TON);
    // As the migration leaves such rows: TO_RETURN without a return status.
    await h.deps.prisma.tonTransfer.update({ where: { hash }, data: { outcome: 'TO_RETURN' } });
    expect(await runTonReturns(h.deps, sender)).toEqual(idle);
    expect(await row(hash)).toMatchObject({ returnStatus: null });
    await h.as(fay).admin.payments.retryTonReturn({ id: hash });
    expect((await runTonReturns(h.deps, sender)).sent).toEqual([hash]);
    expect((await runTonReturns(h.deps, sender)).returned).toEqual([hash]);
    expect(sends).toBe(1);
  });
});

describe('returning unmatched TON from the Treasury contract (sandbox TVM)', () => {
  let treasury: SandboxContract<Treasury>;
  let communityOwner: SandboxContract<TreasuryContract>;
  let seed: Buffer;
  beforeAll(async () => {
    seed = randomBytes(32);
    communityOwner = await chain.treasury('community-owner');
    treasury = chain.openContract(
      Treasury.createFromConfig({ owner: communityOwner.address, operatorKey: keyPairFromSeed(seed).publicKey, cap: 5n * TON, periodSeconds: 86_400 }, await treasuryCode()),
    );
    await treasury.sendDeploy(communityOwner.getSender(), toNano('100'));
    watched = treasury.address;
    sender = counting(treasurySender(sandboxGateway(chain), treasury.address, seed.toString('hex')));
  });

  it('signs the return with the operator key and confirms it by query id', async () => {
    const hash = await unmatched(2n * TON);
    await h.as(fay).admin.payments.resolveTon({ id: hash, action: 'return' });
    const before = await stranger.getBalance();
    expect((await runTonReturns(h.deps, sender)).sent).toEqual([hash]);
    expect((await runTonReturns(h.deps, sender)).returned).toEqual([hash]);
    expectReceivedOnce((await stranger.getBalance()) - before, 2n * TON);
    expect((await row(hash)).returnTxHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await treasury.getSeqno()).toBe(1);
  });

  it('a return over the on-chain cap is refused by the contract and fails; once the owner raises the cap, a retry returns it', async () => {
    const hash = await unmatched(6n * TON);
    await h.as(fay).admin.payments.resolveTon({ id: hash, action: 'return' });
    const before = await stranger.getBalance();
    for (let i = 0; i < 3; i++) {
      await runTonReturns(h.deps, sender);
      advance(200);
    }
    expect((await runTonReturns(h.deps, sender)).failed).toEqual([hash]);
    expect(await row(hash)).toMatchObject({ returnStatus: 'FAILED', returnFailReason: 'NOT_CONFIRMED' });
    expect(await stranger.getBalance()).toBe(before);

    await treasury.sendOwnerOp(communityOwner.getSender(), Treasury.setCapMessage(10n * TON, 86_400));
    await h.as(fay).admin.payments.retryTonReturn({ id: hash });
    expect((await runTonReturns(h.deps, sender)).sent).toEqual([hash]);
    expect((await runTonReturns(h.deps, sender)).returned).toEqual([hash]);
    expectReceivedOnce((await stranger.getBalance()) - before, 6n * TON);
    await h.expectLedgerBalanced();
  });

  it('a return behind more than a page of the Treasury\'s other transactions is found, not sent again; one the lookup cannot reach back to waits', async () => {
    const hash = await unmatched(2n * TON);
    await h.as(fay).admin.payments.resolveTon({ id: hash, action: 'return' });
    const before = await stranger.getBalance();
    const seqno = await treasury.getSeqno();
    expect((await runTonReturns(h.deps, sender)).sent).toEqual([hash]);
    advance(5);
    await busy(treasury.address, 130);
    advance(3600);
    // Allowed one page, the lookup cannot reach back to the send: the return may have landed, so the pass fails and sends nothing.
    const narrow = counting(treasurySender(sandboxGateway(chain), treasury.address, seed.toString('hex'), { maxPages: 1 }));
    await expect(runTonReturns(h.deps, narrow)).rejects.toThrow(new RegExp(`return of ${hash}: .*PAYOUT_LOOKUP_PAGES`));
    expect(await row(hash)).toMatchObject({ returnStatus: 'SENDING', returnAttempts: 1 });
    expect(await runTonReturns(h.deps, sender)).toEqual({ ...idle, returned: [hash] });
    expect(sends).toBe(1);
    expectReceivedOnce((await stranger.getBalance()) - before, 2n * TON);
    expect(await treasury.getSeqno()).toBe(seqno + 1);
    expect(await actions(hash)).toEqual(['ton.unknown_reference', 'ton.to_return', 'ton.return_sending', 'ton.returned']);
  }, 120_000);
});
