import { Address, beginCell, Cell, toNano } from '@ton/core';
import { Blockchain, type SandboxContract, type TreasuryContract } from '@ton/sandbox';
import { findTransaction, type FlatTransactionComparable } from '@ton/test-utils';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { nftCollectionCode, nftItemCode } from './compile.ts';
import { NftCollection, NftErrors, NftItem, NftOps } from './Nft.ts';

const expectTx = (txs: Parameters<typeof findTransaction>[0], cmp: FlatTransactionComparable) =>
  expect(findTransaction(txs, cmp), `a transaction matching ${Object.keys(cmp).join(', ')}`).toBeDefined();
const gas: Record<string, { gas: number }> = {};
const gasOf = (name: string, txs: { description: unknown }[]) => {
  let used = 0n;
  for (const t of txs) {
    const d = t.description as { type: string; computePhase?: { type: string; gasUsed?: bigint } };
    if (d.type === 'generic' && d.computePhase?.type === 'vm') used += d.computePhase.gasUsed ?? 0n;
  }
  gas[name] = { gas: Number(used) };
};
afterAll(() => console.table(gas));

const readSnake = (c: Cell) => {
  const s = c.beginParse();
  return s.loadStringTail();
};

let chain: Blockchain;
let owner: SandboxContract<TreasuryContract>;
let alice: SandboxContract<TreasuryContract>;
let bob: SandboxContract<TreasuryContract>;
let collection: SandboxContract<NftCollection>;
const PREFIX = 'https://example.org/nft/ton-critters/';

beforeEach(async () => {
  chain = await Blockchain.create();
  owner = await chain.treasury('app-hot-wallet');
  alice = await chain.treasury('alice');
  bob = await chain.treasury('bob');
  collection = chain.openContract(
    NftCollection.createFromConfig(
      {
        owner: owner.address,
        collectionUrl: `${PREFIX}collection.json`,
        commonPrefix: PREFIX,
        itemCode: await nftItemCode(),
        royalty: { numerator: 5, denominator: 100, destination: owner.address },
      },
      await nftCollectionCode(),
    ),
  );
  await collection.sendDeploy(owner.getSender(), toNano('1'));
});

async function mint(index: number, to: Address) {
  const res = await collection.sendBody(owner.getSender(), NftCollection.mintBody({ index, owner: to, content: `${index}.json`, amount: toNano('0.1') }), toNano('0.2'));
  return res;
}

describe('NFT collection and items (TEP-62/64/66)', () => {
  it('mints from the wrapper to a wallet; the item sits at the address the collection reports', async () => {
    const res = await mint(0, alice.address);
    gasOf('mint (collection + item init)', res.transactions.slice(1, 3));
    const itemAddress = await collection.getNftAddressByIndex(0);
    expectTx(res.transactions, { from: collection.address, to: itemAddress, deploy: true, success: true });
    const item = chain.openContract(NftItem.createFromAddress(itemAddress));
    const data = await item.getNftData();
    expect(data).toMatchObject({ init: true, index: 0n });
    expect(data.collection.toString()).toBe(collection.address.toString());
    expect(data.owner!.toString()).toBe(alice.address.toString());
    expect(readSnake(data.content!)).toBe('0.json');
    const c = await collection.getCollectionData();
    expect(c.nextItemIndex).toBe(1n);
    expect(c.owner.toString()).toBe(owner.address.toString());
    const cs = c.content.beginParse();
    expect(cs.loadUint(8)).toBe(1);
    expect(cs.loadStringTail()).toBe(`${PREFIX}collection.json`);
  });

  it('returns full item content: off-chain tag, common prefix and the item suffix', async () => {
    const content = await collection.getNftContent(7, beginCell().storeStringTail('7.json').endCell());
    const s = content.beginParse();
    expect(s.loadUint(8)).toBe(1);
    // The suffix hangs off the prefix as the next cell of one snake string, as wallets and explorers read it.
    expect(s.loadStringTail()).toBe(`${PREFIX}7.json`);
  });

  it('reports royalty params by getter and by message', async () => {
    const r = await collection.getRoyaltyParams();
    expect(r).toMatchObject({ numerator: 5, denominator: 100 });
    expect(r.destination.toString()).toBe(owner.address.toString());
    const res = await collection.sendBody(alice.getSender(), NftCollection.getRoyaltyParamsBody(42n), toNano('0.05'));
    gasOf('get_royalty_params', res.transactions.slice(1, 2));
    const reply = findTransaction(res.transactions, { from: collection.address, to: alice.address, op: NftOps.reportRoyaltyParams });
    expect(reply).toBeDefined();
    const body = reply!.inMessage!.body.beginParse();
    body.skip(32);
    expect(body.loadUintBig(64)).toBe(42n);
    expect([body.loadUint(16), body.loadUint(16)]).toEqual([5, 100]);
  });

  it('transfers with a forward payload: ownership_assigned to the new owner, excesses to the response address', async () => {
    await mint(0, alice.address);
    const item = chain.openContract(NftItem.createFromAddress(await collection.getNftAddressByIndex(0)));
    const payload = beginCell().storeUint(0, 32).storeStringTail('enjoy').endCell();
    const res = await item.sendBody(alice.getSender(), NftItem.transferBody({ queryId: 9n, newOwner: bob.address, responseTo: alice.address, forwardAmount: toNano('0.01'), forwardPayload: payload }), toNano('0.1'));
    gasOf('transfer', res.transactions.slice(1, 2));
    const assigned = findTransaction(res.transactions, { from: item.address, to: bob.address, op: NftOps.ownershipAssigned });
    expect(assigned).toBeDefined();
    const b = assigned!.inMessage!.body.beginParse();
    b.skip(32);
    expect(b.loadUintBig(64)).toBe(9n);
    expect(b.loadAddress().toString()).toBe(alice.address.toString());
    expect(b.loadBit()).toBe(true);
    expect(readSnake(b.loadRef().beginParse().skip(32).asCell())).toBe('enjoy');
    expectTx(res.transactions, { from: item.address, to: alice.address, op: NftOps.excesses });
    expect((await item.getNftData()).owner!.toString()).toBe(bob.address.toString());
  });

  it('refuses a transfer by someone who does not own the item', async () => {
    await mint(0, alice.address);
    const item = chain.openContract(NftItem.createFromAddress(await collection.getNftAddressByIndex(0)));
    const res = await item.sendBody(bob.getSender(), NftItem.transferBody({ newOwner: bob.address, responseTo: null }), toNano('0.1'));
    expectTx(res.transactions, { from: bob.address, to: item.address, success: false, exitCode: NftErrors.notOwner });
    expect((await item.getNftData()).owner!.toString()).toBe(alice.address.toString());
  });

  it('answers get_static_data with index and collection', async () => {
    await mint(0, alice.address);
    const item = chain.openContract(NftItem.createFromAddress(await collection.getNftAddressByIndex(0)));
    const res = await item.sendBody(bob.getSender(), NftItem.getStaticDataBody(5n), toNano('0.05'));
    const reply = findTransaction(res.transactions, { from: item.address, to: bob.address, op: NftOps.reportStaticData });
    expect(reply).toBeDefined();
    const s = reply!.inMessage!.body.beginParse();
    s.skip(32 + 64);
    expect(s.loadUintBig(256)).toBe(0n);
    expect(s.loadAddress().toString()).toBe(collection.address.toString());
  });

  it('refuses minting by a non-owner; mints out of order; changes owner', async () => {
    const res = await collection.sendBody(alice.getSender(), NftCollection.mintBody({ index: 0, owner: alice.address, content: '0.json', amount: toNano('0.1') }), toNano('0.2'));
    expectTx(res.transactions, { from: alice.address, to: collection.address, success: false, exitCode: NftErrors.notOwner });
    const far = await mint(5, alice.address);
    expectTx(far.transactions, { from: collection.address, to: await collection.getNftAddressByIndex(5), deploy: true, success: true });
    expect((await collection.getCollectionData()).nextItemIndex).toBe(6n);
    const huge = await collection.sendBody(owner.getSender(), NftCollection.mintBody({ index: 1n << 62n, owner: alice.address, content: 'x.json', amount: toNano('0.1') }), toNano('0.2'));
    expectTx(huge.transactions, { to: collection.address, success: false, exitCode: NftErrors.badIndex });
    await collection.sendBody(owner.getSender(), NftCollection.changeOwnerBody(bob.address), toNano('0.05'));
    expect((await collection.getCollectionData()).owner.toString()).toBe(bob.address.toString());
  });
});
