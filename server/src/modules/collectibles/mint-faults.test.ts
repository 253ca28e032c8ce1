import { randomBytes } from 'node:crypto';
import { Address, toNano } from '@ton/core';
import { Blockchain, type SandboxContract, type TreasuryContract } from '@ton/sandbox';
import { NftCollection, NftItem, nftCollectionCode, nftItemCode } from '@app/contracts/nft';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { DEMO_ATTRIBUTES } from '../../seed/demo.ts';
import { useHarness } from '../../test/harness.ts';
import { flakyGateway, sandboxGateway, type FlakyGateway } from '../../test/ton.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';
import { hotWalletSender } from '../withdrawals/hot-wallet.ts';

// A mint is sent by the outbox worker from the hot wallet; these stories lose that send on the way.
const h = useHarness({ ADMIN_TELEGRAM_IDS: '9970', PUBLIC_URL: 'https://loyalty.example' });
const owner = { telegramId: 9970 };
const mia = { telegramId: 9971, firstName: 'Mia' };

let chain: Blockchain;
let wallet: SandboxContract<TreasuryContract>;
let collection: SandboxContract<NftCollection>;
let gateway: FlakyGateway;
let hot: ReturnType<typeof hotWalletSender>;
let tick = Math.floor(Date.now() / 1000);

beforeAll(async () => {
  chain = await Blockchain.create();
  gateway = flakyGateway(sandboxGateway(chain));
  hot = hotWalletSender(gateway, randomBytes(32), -239);
  const funder = await chain.treasury('funder');
  await funder.send({ to: hot.address, value: toNano('10'), bounce: false });
  collection = chain.openContract(
    NftCollection.createFromConfig(
      { owner: hot.address, collectionUrl: 'https://loyalty.example/nft/critters/collection.json', commonPrefix: 'https://loyalty.example/nft/critters/', itemCode: await nftItemCode(), royalty: { numerator: 5, denominator: 100, destination: hot.address } },
      await nftCollectionCode(),
    ),
  );
  await collection.sendDeploy(funder.getSender(), toNano('1'));
  wallet = await chain.treasury('mia-wallet');
  h.deps.ton = gateway;
  h.deps.minter = hot;
});
beforeEach(() => {
  tick += 3600;
  chain.now = tick;
  h.clock.set(new Date(tick * 1000));
  gateway.fail(0, 'throw');
});

/** Mia's edition number `n` (a fresh index of the one collection on chain), minted by her request; the send is left to the worker. */
async function mintRequested(n: number) {
  await h.as(owner).profile.me();
  await h.as(mia).profile.me();
  const p = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(mia.telegramId) } });
  await h.deps.prisma.wallet.create({ data: { participantId: p.id, address: wallet.address.toRawString(), chain: '-239', publicKey: 'ab'.repeat(32) } });
  await inTx(h.deps.prisma, (tx) => transfer(tx, { key: 'g', debit: { system: SystemAccount.ISSUANCE }, credit: { participantId: p.id }, currency: 'POINTS', amount: 1000n, kind: 'AWARD' }));
  const c = await h.as(owner).admin.collectibles.createCollection({ slug: 'critters', title: { en: 'Critters', ru: 'Зверята' }, description: { en: '', ru: '' }, supplyCap: 100, attributes: DEMO_ATTRIBUTES });
  await h.as(owner).admin.collectibles.setNftAddress({ collectionId: c.id, address: collection.address.toString() });
  const d = await h.as(owner).admin.collectibles.createDrop({ collectionId: c.id, title: { en: 'Drop', ru: 'Дроп' }, supply: 10, startsAt: '2026-11-01T00:00:00.000Z', pricePoints: '100' });
  let editionId: number | undefined;
  for (let i = 0; i < n; i++) editionId = (await h.as(mia).collectibles.buy({ dropId: d.id, currency: 'POINTS' })).editionId!;
  const minted = await h.as(mia).collectibles.mint({ editionId: editionId! });
  return chain.openContract(NftItem.createFromAddress(Address.parseRaw(minted.nftAddress)));
}

const mintEvent = () => h.deps.prisma.outboxEvent.findFirstOrThrow({ where: { type: 'edition.mint' } });

describe('a mint whose send is lost', () => {
  it('never reached the chain: the event waits with its error, and the retry mints once', async () => {
    const item = await mintRequested(1);
    const seqno = await hot.seqno();
    gateway.fail(1, 'throw', ['sendExternal']);
    await h.drain();
    expect(await mintEvent()).toMatchObject({ status: 'PENDING', attempts: 1, lastError: expect.stringMatching(/sendExternal: 502 Bad Gateway/) });
    expect(await hot.seqno()).toBe(seqno);
    expect((await chain.getContract(item.address)).accountState?.type).not.toBe('active');

    // The message could still land until its valid_until (five minutes) has passed: nothing is sent again before.
    expect(await h.drain({ retryNow: true })).toMatchObject({ done: 0 });
    expect(await hot.seqno()).toBe(seqno);
    tick += 600;
    chain.now = tick;
    h.clock.set(new Date(tick * 1000));
    expect(await h.drain({ retryNow: true })).toMatchObject({ done: 1 });
    expect(await mintEvent()).toMatchObject({ status: 'DONE' });
    expect((await item.getNftData()).owner!.toString()).toBe(wallet.address.toString());
    expect(await hot.seqno()).toBe(seqno + 1);
  });

  it('reached the chain but its answer was lost: the retry looks on chain first and sends nothing again', async () => {
    const item = await mintRequested(2);
    expect((await chain.getContract(item.address)).accountState?.type).not.toBe('active');
    const seqno = await hot.seqno();
    gateway.fail(1, 'answer-lost', ['sendExternal']);
    await h.drain();
    // The worker cannot tell the send landed, so the event waits for a retry; on chain the item is Mia's already.
    expect(await mintEvent()).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'sendExternal: socket hang up' });
    expect((await item.getNftData()).owner!.toString()).toBe(wallet.address.toString());
    expect(await h.drain({ retryNow: true })).toMatchObject({ done: 1 });
    expect(await mintEvent()).toMatchObject({ status: 'DONE' });
    // One mint message left the hot wallet, not two.
    expect(await hot.seqno()).toBe(seqno + 1);
    expect((await item.getNftData()).owner!.toString()).toBe(wallet.address.toString());
  });
});
