import { randomBytes } from 'node:crypto';
import { Address, toNano } from '@ton/core';
import { Blockchain, type SandboxContract, type TreasuryContract } from '@ton/sandbox';
import { NftCollection, NftItem, nftCollectionCode, nftItemCode } from '@app/contracts/nft';
import { beforeAll, describe, expect, it } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { DEMO_ATTRIBUTES } from '../../seed/demo.ts';
import { failure, useHarness } from '../../test/harness.ts';
import { sandboxGateway } from '../../test/ton.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';
import { hotWalletSender } from '../withdrawals/hot-wallet.ts';

const h = useHarness({ ADMIN_TELEGRAM_IDS: '9960', PUBLIC_URL: 'https://loyalty.example' });
const owner = { telegramId: 9960 };
const mia = { telegramId: 9961, firstName: 'Mia' };

let chain: Blockchain;
let wallet: SandboxContract<TreasuryContract>;
let collection: SandboxContract<NftCollection>;
let hot: ReturnType<typeof hotWalletSender>;

beforeAll(async () => {
  chain = await Blockchain.create();
  hot = hotWalletSender(sandboxGateway(chain), randomBytes(32), -239);
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
  h.deps.ton = sandboxGateway(chain);
  h.deps.minter = hot;
});

describe('minting an edition to TON', () => {
  it('mints to the linked wallet through the collection contract, marks it on chain and stops in-app trading', async () => {
    // The chain's clock only moves forward: run this story an hour after its accounts were created.
    h.clock.set(new Date(Date.now() + 3_600_000));
    chain.now = Math.floor(h.clock.now().getTime() / 1000);
    await h.as(owner).profile.me();
    await h.as(mia).profile.me();
    const p = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(mia.telegramId) } });
    await h.deps.prisma.wallet.create({ data: { participantId: p.id, address: wallet.address.toRawString(), chain: '-239', publicKey: 'ab'.repeat(32) } });
    await inTx(h.deps.prisma, (tx) => transfer(tx, { key: 'g', debit: { system: SystemAccount.ISSUANCE }, credit: { participantId: p.id }, currency: 'POINTS', amount: 1000n, kind: 'AWARD' }));
    const c = await h.as(owner).admin.collectibles.createCollection({ slug: 'critters', title: { en: 'Critters', ru: 'Зверята' }, description: { en: '', ru: '' }, supplyCap: 100, attributes: DEMO_ATTRIBUTES });
    const d = await h.as(owner).admin.collectibles.createDrop({ collectionId: c.id, title: { en: 'Drop', ru: 'Дроп' }, supply: 10, startsAt: '2026-11-01T00:00:00.000Z', pricePoints: '100' });
    const { editionId } = await h.as(mia).collectibles.buy({ dropId: d.id, currency: 'POINTS' });

    expect(await failure(h.as(mia).collectibles.mint({ editionId: editionId! }))).toMatchObject({ appCode: 'MINT_UNAVAILABLE' });
    await h.as(owner).admin.collectibles.setNftAddress({ collectionId: c.id, address: collection.address.toString() });
    const minted = await h.as(mia).collectibles.mint({ editionId: editionId! });
    // Recorded by the request, sent by the outbox worker.
    await h.drain();

    const item = chain.openContract(NftItem.createFromAddress(Address.parseRaw(minted.nftAddress)));
    const data = await item.getNftData();
    expect(data).toMatchObject({ init: true, index: 1n });
    expect(data.owner!.toString()).toBe(wallet.address.toString());
    expect(data.content!.beginParse().loadStringTail()).toBe('1.json');
    // A worker that stopped after sending, before marking it done: the mint runs again, finds the item on
    // chain and sends nothing.
    const seqno = await hot.seqno();
    await h.deps.prisma.outboxEvent.updateMany({ where: { type: 'edition.mint' }, data: { status: 'PENDING' } });
    expect(await h.drain()).toMatchObject({ done: 1 });
    expect(await hot.seqno()).toBe(seqno);
    const e = await h.as(mia).collectibles.edition({ id: editionId! });
    expect(e.onChain).toMatchObject({ address: minted.nftAddress, index: '1' });
    expect(e.history.map((x) => x.kind)).toEqual(['DROP', 'MINT']);
    expect(await failure(h.as(mia).market.list({ editionId: editionId!, currency: 'POINTS', price: '10' }))).toMatchObject({ appCode: 'EDITION_LOCKED' });
    expect(await failure(h.as(mia).collectibles.mint({ editionId: editionId! }))).toMatchObject({ appCode: 'EDITION_LOCKED' });

    // Bringing it back: refused until the NFT is in the app's custody, then it trades again and can be minted again.
    expect(await failure(h.as(mia).collectibles.bringBack({ editionId: editionId! }))).toMatchObject({ appCode: 'EDITION_LOCKED' });
    const custody = (h.deps.minter as { address: Address }).address;
    await item.sendBody(wallet.getSender(), NftItem.transferBody({ newOwner: custody, responseTo: wallet.address }), toNano('0.1'));
    expect((await item.getNftData()).owner!.toString()).toBe(custody.toString());
    expect(await h.as(mia).collectibles.bringBack({ editionId: editionId! })).toMatchObject({ inApp: true });
    const l = await h.as(mia).market.list({ editionId: editionId!, currency: 'POINTS', price: '10' });
    await h.as(mia).market.delist({ listingId: l.id });
    await h.as(mia).collectibles.mint({ editionId: editionId! });
    await h.drain();
    expect((await item.getNftData()).owner!.toString()).toBe(wallet.address.toString());
  });
});
