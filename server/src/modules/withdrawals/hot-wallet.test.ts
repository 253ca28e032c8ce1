import { randomBytes } from 'node:crypto';
import { Address, beginCell, toNano, type Transaction } from '@ton/core';
import { Blockchain } from '@ton/sandbox';
import { beforeEach, describe, expect, it } from 'vitest';
import { readComment } from '../../lib/ton/gateway.ts';
import { sandboxGateway } from '../../test/ton.ts';
import { hotWalletSender } from './hot-wallet.ts';

// The hot wallet's own messages, read back off a real TVM: what a participant's wallet receives from a
// payout, and what the minting contract receives from the collection's owner.
let chain: Blockchain;
let gateway: ReturnType<typeof sandboxGateway>;
let now: number;

beforeEach(async () => {
  chain = await Blockchain.create();
  now = Math.floor(Date.now() / 1000);
  chain.now = now;
  gateway = sandboxGateway(chain);
});

/** A hot wallet with a fresh key, funded but never used: on chain it is an uninitialised account. */
async function freshHotWallet() {
  const wallet = hotWalletSender(gateway, randomBytes(32));
  const funder = await chain.treasury('funder');
  await funder.send({ to: wallet.address, value: toNano('100'), bounce: false });
  return wallet;
}
/** An address nobody has deployed anything at: a participant's new wallet before its first transfer out. */
const neverDeployed = () => new Address(0, randomBytes(32));
const received = async (at: Address): Promise<Transaction[]> => gateway.getTransactions(at, { limit: 20 });
const info = (tx: Transaction) => tx.inMessage!.info as { type: string; src: Address; bounce: boolean; bounced: boolean; value: { coins: bigint } };
const balance = async (at: Address) => (await chain.getContract(at)).balance;

describe("the hot wallet's payouts", () => {
  it("reach a wallet that was never deployed and stay there (not bounced), carrying the withdrawal's comment and query id", async () => {
    const hot = await freshHotWallet();
    const to = neverDeployed();
    await hot.send({ to, amount: 2n * toNano('1'), queryId: 123_456_789n, comment: 'Withdrawal #41', seqno: await hot.seqno(), validUntil: now + 60 });

    const [tx] = await received(to);
    expect(info(tx)).toMatchObject({ type: 'internal', bounce: false, bounced: false, value: { coins: toNano('2') } });
    expect(info(tx).src.equals(hot.address)).toBe(true);
    expect(readComment(tx.inMessage!.body)).toBe('Withdrawal #41 q:123456789');
    // The money is there: nothing came back to the hot wallet.
    expect(await balance(to)).toBe(toNano('2'));
    expect((await received(hot.address)).filter((t) => info(t).type === 'internal' && info(t).bounced)).toEqual([]);
  });

  it('are found by their own query id only, as the hot wallet\'s transaction that sent them', async () => {
    const hot = await freshHotWallet();
    const since = new Date((now - 60) * 1000);
    await hot.send({ to: neverDeployed(), amount: toNano('1'), queryId: 123_456_789n, comment: 'Withdrawal #7', seqno: await hot.seqno(), validUntil: now + 60 });
    const [sent] = (await received(hot.address)).filter((t) => t.inMessage?.info.type === 'external-in');
    expect(await hot.find(123_456_789n, since)).toEqual({ hash: sent.hash().toString('hex') });
    // Neither an id whose digits end the paid one's, nor one that starts with them, nor another.
    for (const other of [23_456_789n, 1_234_567_890n, 5n]) expect(await hot.find(other, since)).toBeNull();
  });
});

describe("finding the hot wallet's payouts among its other transactions", () => {
  it('reads past minting messages (not comments) to the payout, and ignores a payout the wallet could not pay', async () => {
    const hot = await freshHotWallet();
    const since = new Date((now - 60) * 1000);
    const collection = await chain.treasury('collection');
    await hot.sendInternal(collection.address, toNano('0.05'), beginCell().storeUint(1, 32).storeUint(9, 64).endCell(), now + 60);
    await hot.send({ to: neverDeployed(), amount: toNano('1'), queryId: 31n, comment: 'Withdrawal #31', seqno: await hot.seqno(), validUntil: now + 60 });
    const [payout] = await received(hot.address);
    await hot.sendInternal(collection.address, toNano('0.05'), beginCell().storeUint(1, 32).storeUint(10, 64).endCell(), now + 60);
    expect(await hot.find(31n, since)).toEqual({ hash: payout.hash().toString('hex') });
    // More than the wallet holds: the wallet takes the message (its seqno moves on) but nothing leaves.
    const seqno = await hot.seqno();
    await hot.send({ to: neverDeployed(), amount: toNano('1000'), queryId: 32n, comment: 'Withdrawal #32', seqno, validUntil: now + 60 });
    expect(await hot.seqno()).toBe(seqno + 1);
    expect(await hot.find(32n, since)).toBeNull();
    expect(await hot.find(33n, since)).toBeNull();
  });
});

describe("the hot wallet's other messages (the NFT collection's owner minting)", () => {
  it('deploy the wallet with the first one, then go out with each next seqno, bounceable, with their value and body', async () => {
    const hot = await freshHotWallet();
    expect(await gateway.isDeployed(hot.address)).toBe(false);
    const collection = await chain.treasury('collection');
    const mint = beginCell().storeUint(1, 32).storeUint(77, 64).endCell();
    await hot.sendInternal(collection.address, toNano('0.05'), mint, now + 60);
    expect(await gateway.isDeployed(hot.address)).toBe(true);
    expect(await hot.seqno()).toBe(1);

    const transfer = beginCell().storeUint(0x5fcc3d14, 32).storeUint(78, 64).endCell();
    await hot.sendInternal(collection.address, toNano('0.02'), transfer, now + 60);
    expect(await hot.seqno()).toBe(2);
    const got = (await received(collection.address)).filter((t) => info(t).type === 'internal' && info(t).src.equals(hot.address)).reverse();
    expect(got.map((t) => [info(t).value.coins, info(t).bounce, t.inMessage!.body.hash().toString('hex')])).toEqual([
      [toNano('0.05'), true, mint.hash().toString('hex')],
      [toNano('0.02'), true, transfer.hash().toString('hex')],
    ]);
  });

  it('come back when nothing is at the address (bounceable), so a mint to a wrong address costs only fees', async () => {
    const hot = await freshHotWallet();
    const before = await balance(hot.address);
    await hot.sendInternal(neverDeployed(), toNano('5'), beginCell().storeUint(1, 32).endCell(), now + 60);
    const bounced = (await received(hot.address)).filter((t) => info(t).type === 'internal' && info(t).bounced);
    expect(bounced).toHaveLength(1);
    expect(before - (await balance(hot.address))).toBeLessThan(toNano('0.1'));
  });

  it('are refused by the wallet once their valid_until has passed', async () => {
    const hot = await freshHotWallet();
    await hot.sendInternal((await chain.treasury('collection')).address, toNano('0.05'), beginCell().endCell(), now + 60);
    chain.now = now + 120;
    await expect(hot.sendInternal((await chain.treasury('collection')).address, toNano('0.05'), beginCell().endCell(), now + 60)).rejects.toThrow(/external|not accepted|exit code/i);
    expect(await hot.seqno()).toBe(1);
  });
});
