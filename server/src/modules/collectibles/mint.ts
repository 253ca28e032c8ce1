import { Address } from '@ton/core';
import { NftCollection, NftItem } from '@app/contracts/nft';
import type { Participant } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';
import type { EventPayload } from '../events/catalogue.ts';
import { emit } from '../events/emit.ts';
import type { TonGateway } from '../../lib/ton/gateway.ts';
import { ownedFree } from './service.ts';

/** Sends the collection owner's messages (the app's hot wallet owns the NFT collections). */
export interface NftMinter {
  /** The app's custody address: it owns the collections, and NFTs brought back are sent here. */
  address: Address;
  sendInternal(to: Address, value: bigint, body: ReturnType<typeof NftCollection.mintBody>, validUntil: number): Promise<void>;
}

const MINT_VALUE = 100_000_000n; // 0.1 TON: the item keeps 0.05 for storage, the rest pays fees
const ITEM_AMOUNT = 50_000_000n;

/**
 * Mints an edition to the participant's linked wallet as item `number` of the collection's NFT contract.
 * The edition is marked on chain first (address, index) and stops trading in the app, and the mint is
 * recorded as an event in the same transaction; the worker sends it (`sendMint`).
 */
export async function mintEdition(deps: AppDeps, me: Participant, editionId: number, minter: NftMinter | null) {
  const ton = deps.ton;
  if (!ton || !minter) throw new DomainError(AppCodes.MINT_UNAVAILABLE, 'PRECONDITION_FAILED', 'Minting to TON is not available in this community yet.');
  const now = deps.clock.now();
  const prepared = await inTx(deps.prisma, async (tx) => {
    const e = await ownedFree(tx, me, editionId);
    if (e.listings.length) throw new DomainError(AppCodes.EDITION_LOCKED, 'PRECONDITION_FAILED', 'Remove it from the marketplace before minting.');
    const wallet = await tx.wallet.findUnique({ where: { participantId: me.id } });
    if (!wallet) throw new DomainError(AppCodes.WALLET_REQUIRED, 'PRECONDITION_FAILED', 'Link a TON wallet first.');
    const c = await tx.collection.findUniqueOrThrow({ where: { id: e.collectionId } });
    if (!c.nftAddress) throw new DomainError(AppCodes.MINT_UNAVAILABLE, 'PRECONDITION_FAILED', 'This collection is not deployed on TON yet.');
    const collection = Address.parse(c.nftAddress);
    const index = BigInt(e.number);
    const item = (await ton.runGetMethod(collection, 'get_nft_address_by_index', [{ type: 'int', value: index }])).readAddress();
    // Brought back before: the item already exists in custody, so it is transferred rather than minted.
    const again = e.nftIndex != null;
    await tx.edition.update({ where: { id: e.id }, data: { nftAddress: item.toRawString(), nftIndex: index, mintedAt: now, showcased: false } });
    const mint = await tx.editionTransfer.create({ data: { editionId: e.id, fromId: me.id, toId: me.id, kind: 'MINT', message: item.toRawString(), createdAt: now } });
    await audit(tx, { actorId: me.id, action: 'edition.minted', subjectType: 'edition', subjectId: e.id, data: { collection: c.nftAddress, index, item: item.toRawString(), owner: wallet.address, again } });
    // Recorded here, sent by the worker: the participant does not wait on the chain.
    const owner = Address.parse(wallet.address).toRawString();
    const key = `edition-transfer:${mint.id}:mint`;
    const payload = { editionId: e.id, collection: collection.toRawString(), item: item.toRawString(), owner, index: index.toString(), content: `${e.number}.json`, again };
    const request = await tx.mintRequest.create({
      data: { editionId: e.id, participantId: me.id, collection: payload.collection, item: payload.item, owner, index, again, content: payload.content, eventKey: key, createdAt: now, updatedAt: now },
    });
    await emit(tx, 'edition.mint', { ...payload, requestId: request.id }, { key });
    return { index, item };
  });
  return { editionId, nftAddress: prepared.item.toRawString(), index: prepared.index.toString() };
}

/** The owner an NFT item reports on chain; null when the item does not exist (yet). */
async function ownerOnChain(ton: TonGateway, item: Address): Promise<Address | null> {
  if (!(await ton.isDeployed(item))) return null;
  const data = await ton.runGetMethod(item, 'get_nft_data');
  if (!data.readBoolean()) return null;
  data.readBigNumber();
  data.readAddress();
  return data.readAddressOpt();
}

/** After valid_until the chain refuses the message; this margin covers clock skew and block time. */
const GRACE_MS = 30_000;
/** Sends of one request (each after the previous one's valid_until passed unseen) before it is FAILED. */
export const MAX_MINT_SENDS = 3;

type MintRequestRow = NonNullable<Awaited<ReturnType<AppDeps['prisma']['mintRequest']['findUnique']>>>;

async function settle(deps: AppDeps, id: number, data: { status: 'CONFIRMED' | 'FAILED' | 'CANCELLED'; lastError?: string }) {
  const now = deps.clock.now();
  await deps.prisma.mintRequest.updateMany({
    where: { id, status: { in: ['REQUESTED', 'SENT'] } },
    data: { ...data, ...(data.status === 'CONFIRMED' ? { confirmedAt: now } : {}), updatedAt: now },
  });
}

/**
 * Sends a recorded mint, as withdrawals' payouts do: it looks on chain first (a retry after a send that
 * landed sends nothing), waits while a sent message may still land (until its valid_until has passed),
 * and records SENT, committed, before anything leaves. Sends that are never seen end FAILED after
 * MAX_MINT_SENDS; an admin may then retry. The contracts refuse a repeated mint or a transfer that is not
 * the owner's, so even a send racing another costs only fees.
 */
export async function sendMint(deps: AppDeps, m: EventPayload<'edition.mint'>, eventKey?: string): Promise<void> {
  const ton = deps.ton;
  const minter = deps.minter;
  // Configuration can come back (a restart with the seed); until then the event waits and is retried.
  if (!ton || !minter) throw new Error('minting is not set up in this process');
  const req: MintRequestRow | null = m.requestId ? await deps.prisma.mintRequest.findUnique({ where: { id: m.requestId } }) : null;
  // An admin retry started a newer event for this request; this older one has nothing left to do.
  if (req && eventKey && req.eventKey !== eventKey) return;
  if (req && req.status !== 'REQUESTED' && req.status !== 'SENT') return;
  const e = await deps.prisma.edition.findUnique({ where: { id: m.editionId } });
  // Brought back (or minted again to another item) since: this mint is no longer wanted.
  if (!e || e.nftAddress !== m.item) {
    if (req) await settle(deps, req.id, { status: 'CANCELLED', lastError: 'the edition came back into the app before the mint landed' });
    return;
  }
  const item = Address.parseRaw(m.item);
  const owner = Address.parseRaw(m.owner);
  const current = await ownerOnChain(ton, item);
  if (current?.equals(owner)) {
    if (req) await settle(deps, req.id, { status: 'CONFIRMED' });
    return;
  }
  const now = deps.clock.now();
  if (req?.status === 'SENT' && req.validUntil && now.getTime() <= req.validUntil.getTime() + GRACE_MS) {
    throw new Error('sent; waiting for the chain to confirm');
  }
  // Only an item in custody can be sent on; a first mint only while the item does not exist.
  const stuck = m.again ? (!current || !current.equals(minter.address) ? 'the item is not in the app\'s custody' : null) : current ? 'the item exists with another owner' : null;
  if (stuck) {
    if (req) await settle(deps, req.id, { status: 'FAILED', lastError: stuck });
    return;
  }
  if (req && req.sends >= MAX_MINT_SENDS) {
    await settle(deps, req.id, { status: 'FAILED', lastError: `not seen on chain after ${req.sends} sends` });
    return;
  }
  const validUntil = Math.floor(now.getTime() / 1000) + 300;
  if (req) {
    // Recorded and committed before anything leaves: a crash after this line is recovered by looking on chain.
    const n = await deps.prisma.mintRequest.updateMany({
      where: { id: req.id, status: { in: ['REQUESTED', 'SENT'] }, sends: req.sends },
      data: { status: 'SENT', sends: { increment: 1 }, sentAt: now, validUntil: new Date(validUntil * 1000), updatedAt: now },
    });
    if (n.count === 0) throw new Error('the mint request changed meanwhile; looking again');
  }
  try {
    if (m.again) {
      await minter.sendInternal(item, MINT_VALUE, NftItem.transferBody({ newOwner: owner, responseTo: minter.address }), validUntil);
    } else {
      await minter.sendInternal(
        Address.parseRaw(m.collection),
        MINT_VALUE,
        NftCollection.mintBody({ index: BigInt(m.index), owner, content: m.content, amount: ITEM_AMOUNT }),
        validUntil,
      );
    }
  } catch (err) {
    // Unknown whether it reached the chain: the next attempt looks before anything is sent again.
    if (req) await deps.prisma.mintRequest.update({ where: { id: req.id }, data: { lastError: String((err as Error).message).slice(0, 500), updatedAt: deps.clock.now() } });
    throw err;
  }
  if (!req) return;
  // Landed already (a fast chain, the sandbox): confirmed now rather than on the next attempt.
  if ((await ownerOnChain(ton, item))?.equals(owner)) {
    await settle(deps, req.id, { status: 'CONFIRMED' });
    return;
  }
  throw new Error('sent; waiting for the chain to confirm');
}

/** The outbox gave up on a request's event (attempts ran out while it waited or sends failed): FAILED. */
export async function mintGaveUp(deps: AppDeps, m: EventPayload<'edition.mint'>, eventKey: string, error: string) {
  if (!m.requestId) return;
  await deps.prisma.mintRequest.updateMany({
    where: { id: m.requestId, eventKey, status: { in: ['REQUESTED', 'SENT'] } },
    data: { status: 'FAILED', lastError: error.slice(0, 500), updatedAt: deps.clock.now() },
  });
}

/**
 * Brings a minted edition back into the app once its NFT was sent to the app's custody address: the
 * chain is asked who owns the item, and only then does the edition trade in the app again.
 */
export async function bringBack(deps: AppDeps, me: Participant, editionId: number, minter: NftMinter | null) {
  const ton = deps.ton;
  if (!ton || !minter) throw new DomainError(AppCodes.MINT_UNAVAILABLE, 'PRECONDITION_FAILED', 'TON is not available in this community yet.');
  const e = await deps.prisma.edition.findUnique({ where: { id: editionId } });
  if (!e) throw new DomainError(AppCodes.EDITION_NOT_FOUND, 'NOT_FOUND', 'This collectible does not exist.');
  if (e.ownerId !== me.id) throw new DomainError(AppCodes.NOT_OWNER, 'FORBIDDEN', 'This collectible is not yours.');
  if (!e.nftAddress) throw new DomainError(AppCodes.VALIDATION, 'BAD_REQUEST', 'This collectible is already in the app.');
  const data = await ton.runGetMethod(Address.parseRaw(e.nftAddress), 'get_nft_data');
  data.readBoolean();
  data.readBigNumber();
  data.readAddress();
  const owner = data.readAddressOpt();
  if (!owner || !owner.equals(minter.address)) {
    throw new DomainError(AppCodes.EDITION_LOCKED, 'PRECONDITION_FAILED', `Send the NFT to ${minter.address.toString()} first, then try again.`, {
      custody: minter.address.toString(),
    });
  }
  const now = deps.clock.now();
  await inTx(deps.prisma, async (tx) => {
    await tx.edition.update({ where: { id: e.id }, data: { nftAddress: null, mintedAt: null } });
    await tx.editionTransfer.create({ data: { editionId: e.id, fromId: me.id, toId: me.id, kind: 'BROUGHT_BACK', createdAt: now } });
    await audit(tx, { actorId: me.id, action: 'edition.brought_back', subjectType: 'edition', subjectId: e.id });
  });
  return { editionId, inApp: true, custody: minter.address.toString() };
}
