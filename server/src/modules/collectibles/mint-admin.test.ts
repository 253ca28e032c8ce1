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
import type { NftMinter } from './mint.ts';

// Two attempts per outbox event, so a broken sender gives up quickly.
const h = useHarness({ ADMIN_TELEGRAM_IDS: '9970', PUBLIC_URL: 'https://loyalty.example', OUTBOX_MAX_ATTEMPTS: '2' });
const owner = { telegramId: 9970 };
const mia = { telegramId: 9971, firstName: 'Mia' };

let chain: Blockchain;
let wallet: SandboxContract<TreasuryContract>;
let collection: SandboxContract<NftCollection>;
let hot: ReturnType<typeof hotWalletSender>;
/** The hot wallet behind a switch: while `down`, every send fails as a gateway timeout would. */
let down = false;
let sends = 0;

beforeAll(async () => {
  chain = await Blockchain.create();
  hot = hotWalletSender(sandboxGateway(chain), randomBytes(32), -239);
  const funder = await chain.treasury('funder');
  await funder.send({ to: hot.address, value: toNano('10'), bounce: false });
  wallet = await chain.treasury('mia-wallet');
  h.deps.ton = sandboxGateway(chain);
  const flaky: NftMinter = {
    address: hot.address,
    sendInternal: async (...args) => {
      sends++;
      if (down) throw new Error('toncenter: timed out');
      return hot.sendInternal(...args);
    },
  };
  h.deps.minter = flaky;
});

let deployed = 0;

async function mintable() {
  // A collection contract of its own per story: the database starts clean, the chain does not.
  const funder = await chain.treasury('funder');
  collection = chain.openContract(
    NftCollection.createFromConfig(
      { owner: hot.address, collectionUrl: `https://loyalty.example/nft/critters-${++deployed}/collection.json`, commonPrefix: 'https://loyalty.example/nft/critters/', itemCode: await nftItemCode(), royalty: { numerator: 5, denominator: 100, destination: hot.address } },
      await nftCollectionCode(),
    ),
  );
  await collection.sendDeploy(funder.getSender(), toNano('1'));
  h.clock.set(new Date(Date.now() + 3_600_000));
  chain.now = Math.floor(h.clock.now().getTime() / 1000);
  await h.as(owner).profile.me();
  await h.as(mia).profile.me();
  const p = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(mia.telegramId) } });
  await h.deps.prisma.wallet.create({ data: { participantId: p.id, address: wallet.address.toRawString(), chain: '-239', publicKey: 'ab'.repeat(32) } });
  await inTx(h.deps.prisma, (tx) => transfer(tx, { key: 'g', debit: { system: SystemAccount.ISSUANCE }, credit: { participantId: p.id }, currency: 'POINTS', amount: 1000n, kind: 'AWARD' }));
  const c = await h.as(owner).admin.collectibles.createCollection({ slug: 'critters', title: { en: 'Critters', ru: 'Зверята' }, description: { en: '', ru: '' }, supplyCap: 100, attributes: DEMO_ATTRIBUTES });
  await h.as(owner).admin.collectibles.setNftAddress({ collectionId: c.id, address: collection.address.toString() });
  const d = await h.as(owner).admin.collectibles.createDrop({ collectionId: c.id, title: { en: 'Drop', ru: 'Дроп' }, supply: 10, startsAt: '2026-11-01T00:00:00.000Z', pricePoints: '100' });
  return { c, d };
}

const requests = (status?: 'REQUESTED' | 'SENT' | 'CONFIRMED' | 'FAILED') => h.as(owner).admin.collectibles.mintRequests({ status, limit: 50 });

describe('mint requests in the back office', () => {
  it('records a request, marks it sent before sending, and confirmed once the chain shows the owner', async () => {
    const { d } = await mintable();
    const { editionId } = await h.as(mia).collectibles.buy({ dropId: d.id, currency: 'POINTS' });
    const minted = await h.as(mia).collectibles.mint({ editionId: editionId! });
    expect((await requests()).items).toEqual([
      expect.objectContaining({ editionId, status: 'REQUESTED', kind: 'MINT', item: minted.nftAddress, owner: wallet.address.toRawString(), sends: 0, participant: expect.objectContaining({ name: 'Mia' }) }),
    ]);
    await h.drain();
    const [r] = (await requests()).items;
    expect(r).toMatchObject({ status: 'CONFIRMED', sends: 1, retryable: false, edition: { number: 1 } });
    expect(r.confirmedAt).not.toBeNull();
    expect(await requests('CONFIRMED')).toMatchObject({ total: 1, counts: { CONFIRMED: 1 } });
    expect(await failure(h.as(owner).admin.collectibles.retryMint({ requestId: r.id }))).toMatchObject({ code: 'CONFLICT', appCode: 'MINT_NOT_RETRYABLE' });
  });

  it('a failing sender ends FAILED; a retry sends once more, twice asked or not, and confirms', async () => {
    const { d } = await mintable();
    const { editionId } = await h.as(mia).collectibles.buy({ dropId: d.id, currency: 'POINTS' });
    const minted = await h.as(mia).collectibles.mint({ editionId: editionId! });
    down = true;
    sends = 0;
    await h.drain();
    // Recorded as sent before the send failed: the next attempt waits for its valid_until rather than sending again.
    expect((await requests()).items[0]).toMatchObject({ status: 'SENT', sends: 1, lastError: 'toncenter: timed out' });
    await h.drain({ retryNow: true });
    expect(sends).toBe(1);
    const [failed] = (await requests()).items;
    expect(failed).toMatchObject({ status: 'FAILED', retryable: true });
    expect(await h.deps.prisma.outboxEvent.findFirstOrThrow({ where: { type: 'edition.mint' } })).toMatchObject({ status: 'FAILED' });

    down = false;
    sends = 0;
    expect(await h.as(owner).admin.collectibles.retryMint({ requestId: failed.id })).toEqual({ id: failed.id, status: 'REQUESTED', retries: 1 });
    // Asked again (a double click, a second admin): refused by its code, nothing more queued.
    expect(await failure(h.as(owner).admin.collectibles.retryMint({ requestId: failed.id }))).toMatchObject({ code: 'CONFLICT', appCode: 'MINT_NOT_RETRYABLE' });
    expect(await h.deps.prisma.outboxEvent.count({ where: { type: 'edition.mint', status: 'PENDING' } })).toBe(1);
    // The old event run again from the outbox screen belongs to no live attempt: it sends nothing.
    await h.as(owner).admin.events.retry({ id: (await h.deps.prisma.outboxEvent.findFirstOrThrow({ where: { status: 'FAILED' } })).id.toString() });
    await h.drain();
    expect(sends).toBe(1);
    expect((await requests()).items[0]).toMatchObject({ status: 'CONFIRMED', retries: 1, sends: 1, lastError: null });
    const item = chain.openContract(NftItem.createFromAddress(Address.parseRaw(minted.nftAddress)));
    expect((await item.getNftData()).owner!.toString()).toBe(wallet.address.toString());
  });

  it('a retry of a mint that landed after all looks on chain and sends nothing', async () => {
    const { d } = await mintable();
    const { editionId } = await h.as(mia).collectibles.buy({ dropId: d.id, currency: 'POINTS' });
    await h.as(mia).collectibles.mint({ editionId: editionId! });
    await h.drain();
    // As if the worker had given up while the chain was slow.
    const [r] = (await requests()).items;
    await h.deps.prisma.mintRequest.update({ where: { id: r.id }, data: { status: 'FAILED', confirmedAt: null, lastError: 'not seen on chain after 3 sends' } });
    const seqno = await hot.seqno();
    sends = 0;
    await h.as(owner).admin.collectibles.retryMint({ requestId: r.id });
    await h.drain();
    expect(sends).toBe(0);
    expect(await hot.seqno()).toBe(seqno);
    expect((await requests()).items[0]).toMatchObject({ status: 'CONFIRMED', retries: 1 });
  });

  it('a failed mint of an edition brought back since is not retried', async () => {
    const { d } = await mintable();
    const { editionId } = await h.as(mia).collectibles.buy({ dropId: d.id, currency: 'POINTS' });
    await h.as(mia).collectibles.mint({ editionId: editionId! });
    const [r] = (await requests()).items;
    await h.deps.prisma.mintRequest.update({ where: { id: r.id }, data: { status: 'FAILED' } });
    await h.deps.prisma.edition.update({ where: { id: editionId! }, data: { nftAddress: null } });
    expect((await requests()).items[0]).toMatchObject({ retryable: false });
    expect(await failure(h.as(owner).admin.collectibles.retryMint({ requestId: r.id }))).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'MINT_NOT_RETRYABLE' });
  });
});
