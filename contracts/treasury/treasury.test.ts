import { randomBytes } from 'node:crypto';
import { Address, beginCell, toNano } from '@ton/core';
import { keyPairFromSeed, type KeyPair } from '@ton/crypto';
import { Blockchain, type SandboxContract, type TreasuryContract } from '@ton/sandbox';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { findTransaction, type FlatTransactionComparable } from '@ton/test-utils';
import { treasuryCode } from './compile.ts';
import { Treasury, TreasuryErrors } from './Treasury.ts';

const gas: [string, bigint][] = [];
// @ton/test-utils registers its matchers for jest; with vitest its finder does the same job.
const expectTx = (txs: Parameters<typeof findTransaction>[0], cmp: FlatTransactionComparable) =>
  expect(findTransaction(txs, cmp), `a transaction matching ${Object.keys(cmp).join(', ')}`).toBeDefined();
const gasOf = (name: string, txs: { description: unknown }[]) => {
  const used = txs.reduce((a, t) => {
    const d = t.description as { type: string; computePhase?: { type: string; gasUsed?: bigint } };
    return a + (d.type === 'generic' && d.computePhase?.type === 'vm' ? d.computePhase.gasUsed ?? 0n : 0n);
  }, 0n);
  gas.push([name, used]);
};

let chain: Blockchain;
let owner: SandboxContract<TreasuryContract>;
let payer: SandboxContract<TreasuryContract>;
let recipient: SandboxContract<TreasuryContract>;
let operator: KeyPair;
let treasury: SandboxContract<Treasury>;
const CAP = toNano('10');
const PERIOD = 86_400;

beforeEach(async () => {
  chain = await Blockchain.create();
  chain.now = 1_800_000_000;
  owner = await chain.treasury('owner');
  payer = await chain.treasury('payer');
  recipient = await chain.treasury('recipient');
  operator = keyPairFromSeed(randomBytes(32));
  treasury = chain.openContract(Treasury.createFromConfig({ owner: owner.address, operatorKey: operator.publicKey, cap: CAP, periodSeconds: PERIOD }, await treasuryCode()));
  const res = await treasury.sendDeploy(owner.getSender(), toNano('50'));
  expectTx(res.transactions, { to: treasury.address, deploy: true, success: true });
});

afterAll(() => {
  console.table(Object.fromEntries(gas.map(([k, v]) => [k, { gas: Number(v) }])));
});

const payout = (over: Partial<Parameters<typeof Treasury.payoutBody>[0]> = {}, key = operator) =>
  Treasury.payoutBody({ seqno: 0, validUntil: chain.now! + 60, queryId: 77n, to: recipient.address, amount: toNano('1'), comment: 'Withdrawal #1', ...over }, key.secretKey);

describe('Treasury contract', () => {
  it('accepts payments with an invoice comment and keeps them', async () => {
    const before = (await chain.getContract(treasury.address)).balance;
    const res = await treasury.sendPayment(payer.getSender(), toNano('2'), 'inv:abc123');
    expectTx(res.transactions, { from: payer.address, to: treasury.address, success: true });
    gasOf('payment with comment', res.transactions.filter((t) => t.inMessage?.info.dest instanceof Address && (t.inMessage.info.dest as Address).equals(treasury.address)));
    expect((await chain.getContract(treasury.address)).balance - before).toBeGreaterThan(toNano('1.99'));
    const empty = await treasury.sendPayment(payer.getSender(), toNano('1'));
    expectTx(empty.transactions, { to: treasury.address, success: true });
  });

  it('pays out on a message signed by the operator, once per seqno', async () => {
    const before = await recipient.getBalance();
    const body = payout();
    const res = await treasury.sendPayout(body);
    gasOf('payout (external)', res.transactions.slice(0, 1));
    expectTx(res.transactions, { from: treasury.address, to: recipient.address, value: toNano('1') });
    expect(await treasury.getSeqno()).toBe(1);
    expect((await recipient.getBalance()) - before).toBeGreaterThan(toNano('0.99'));
    expect(Treasury.parsePayoutBody(body)).toMatchObject({ seqno: 0, queryId: 77n, amount: toNano('1') });
    // The same signed message again: refused for its spent seqno (the external is not accepted, so sending throws).
    await expect(treasury.sendPayout(body)).rejects.toThrow(String(TreasuryErrors.badSeqno));
    expect((await treasury.getCapInfo()).spent).toBe(toNano('1'));
  });

  it('refuses an expired message, a wrong key, a wrong seqno and a zero amount', async () => {
    await expect(treasury.sendPayout(payout({ validUntil: chain.now! - 1 }))).rejects.toThrow(String(TreasuryErrors.expired));
    await expect(treasury.sendPayout(payout({}, keyPairFromSeed(randomBytes(32))))).rejects.toThrow(String(TreasuryErrors.badSignature));
    await expect(treasury.sendPayout(payout({ seqno: 5 }))).rejects.toThrow(String(TreasuryErrors.badSeqno));
    await expect(treasury.sendPayout(payout({ amount: 0n }))).rejects.toThrow(String(TreasuryErrors.badAmount));
    expect(await treasury.getSeqno()).toBe(0);
  });

  it('enforces the outflow cap per period: exactly at the cap passes, one nanoton over fails, a new period resets', async () => {
    await treasury.sendPayout(payout({ seqno: 0, amount: CAP - toNano('1') }));
    await treasury.sendPayout(payout({ seqno: 1, amount: toNano('1') }));
    expect((await treasury.getCapInfo()).spent).toBe(CAP);
    await expect(treasury.sendPayout(payout({ seqno: 2, amount: 1n }))).rejects.toThrow(String(TreasuryErrors.capExceeded));
    chain.now = chain.now! + PERIOD;
    await treasury.sendPayout(payout({ seqno: 2, amount: toNano('3'), validUntil: chain.now! + 60 }));
    expect(await treasury.getCapInfo()).toMatchObject({ spent: toNano('3'), periodStart: chain.now });
  });

  it('lets the owner rotate the operator key, change the cap and withdraw; refuses everyone else', async () => {
    const next = keyPairFromSeed(randomBytes(32));
    const r1 = await treasury.sendOwnerOp(owner.getSender(), Treasury.setOperatorMessage(next.publicKey));
    gasOf('set operator', r1.transactions.slice(1, 2));
    expect(await treasury.getOperatorKey()).toBe(BigInt(`0x${next.publicKey.toString('hex')}`));
    await expect(treasury.sendPayout(payout())).rejects.toThrow(String(TreasuryErrors.badSignature));
    await treasury.sendPayout(payout({}, next));

    const r2 = await treasury.sendOwnerOp(owner.getSender(), Treasury.setCapMessage(toNano('100'), 3600));
    gasOf('set cap', r2.transactions.slice(1, 2));
    expect(await treasury.getCapInfo()).toMatchObject({ cap: toNano('100'), period: 3600 });

    const before = await owner.getBalance();
    const r3 = await treasury.sendOwnerOp(owner.getSender(), Treasury.withdrawMessage(toNano('5'), owner.address));
    gasOf('withdraw', r3.transactions.slice(1, 2));
    expectTx(r3.transactions, { from: treasury.address, to: owner.address, value: toNano('5') });
    expect((await owner.getBalance()) - before).toBeGreaterThan(toNano('4.9'));
    expect((await treasury.getOwner()).toString()).toBe(owner.address.toString());

    // A stranger's owner op bounces back with the not-owner code.
    const stranger = await treasury.sendOwnerOp(payer.getSender(), Treasury.setCapMessage(toNano('1000000'), 1));
    expectTx(stranger.transactions, { from: payer.address, to: treasury.address, success: false, exitCode: TreasuryErrors.notOwner, aborted: true });
    expectTx(stranger.transactions, { from: treasury.address, to: payer.address, inMessageBounced: true });
    expect((await treasury.getCapInfo()).cap).toBe(toNano('100'));
  });

  it('bounces unknown ops from the owner', async () => {
    const res = await treasury.sendOwnerOp(owner.getSender(), beginCell().storeUint(0xdeadbeef, 32).storeUint(0, 64).endCell());
    expectTx(res.transactions, { to: treasury.address, success: false, exitCode: TreasuryErrors.unknownOp });
    // The owner gets the message back, and nothing in the treasury changed.
    expectTx(res.transactions, { from: treasury.address, to: owner.address, inMessageBounced: true });
    expect(await treasury.getCapInfo()).toMatchObject({ cap: CAP, spent: 0n });
    expect(await treasury.getSeqno()).toBe(0);
  });
});
