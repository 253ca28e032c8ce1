import type { Currency, Participant } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import type { Prisma } from '../../db/client.ts';
import { inTx } from '../../db/tx.ts';
import { oneAtATime } from '../../db/one-at-a-time.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';
import { notifyLater } from '../notifications/service.ts';
import { displayName } from '../participants/service.ts';
import { pick, type Lang } from '../../lib/localized.ts';
import { ownedFree } from './service.ts';
import { once, type Idem } from '../idempotency/service.ts';

const FEE_KEY = 'market.feeBps';
export const DEFAULT_FEE_BPS = 250;

export async function feeBps(prisma: Prisma | Parameters<Parameters<typeof inTx>[1]>[0]): Promise<number> {
  const s = await prisma.setting.findUnique({ where: { key: FEE_KEY } });
  return typeof s?.value === 'number' ? s.value : DEFAULT_FEE_BPS;
}

export async function setFeeBps(deps: AppDeps, adminId: number, bps: number) {
  await deps.prisma.setting.upsert({ where: { key: FEE_KEY }, create: { key: FEE_KEY, value: bps }, update: { value: bps, updatedAt: deps.clock.now() } });
  await audit(deps.prisma, { actorId: adminId, action: 'market.fee', subjectType: 'setting', subjectId: FEE_KEY, data: { bps } });
  return { feeBps: bps };
}

export async function listEdition(deps: AppDeps, me: Participant, editionId: number, currency: Currency, price: bigint, idem?: Idem) {
  const { value } = await oneAtATime(`edition:${editionId}`, () => inTx(deps.prisma, (tx) =>
    once(tx, me.id, idem, async () => {
      const e = await ownedFree(tx, me, editionId);
      if (e.listings.length) throw new DomainError(AppCodes.EDITION_LOCKED, 'CONFLICT', 'This collectible is already on sale.');
      const l = await tx.listing.create({ data: { editionId, sellerId: me.id, currency, price, createdAt: deps.clock.now() } });
      await audit(tx, { actorId: me.id, action: 'listing.created', subjectType: 'listing', subjectId: l.id, data: { editionId, currency, price } });
      return { id: l.id, editionId, currency, price: price.toString(), status: l.status };
    }),
  ));
  return value;
}

export async function delist(deps: AppDeps, me: Participant, listingId: number) {
  const n = await deps.prisma.listing.updateMany({ where: { id: listingId, sellerId: me.id, status: 'ACTIVE' }, data: { status: 'CANCELLED', closedAt: deps.clock.now() } });
  if (n.count === 0) throw new DomainError(AppCodes.LISTING_NOT_AVAILABLE, 'NOT_FOUND', 'This listing is not active.');
  await audit(deps.prisma, { actorId: me.id, action: 'listing.cancelled', subjectType: 'listing', subjectId: listingId });
  return { id: listingId, status: 'CANCELLED' as const };
}

/**
 * Buys a listing: the buyer pays the price through the ledger, the seller receives it minus the fee,
 * ownership moves. The listing row lock makes a listing sell once, whoever clicks at the same time.
 */
export async function buyListing(deps: AppDeps, me: Participant, listingId: number, idem?: Idem) {
  const now = deps.clock.now();
  const { value } = await oneAtATime(`listing:${listingId}`, () => inTx(deps.prisma, (tx) => once(tx, me.id, idem, async () => {
    const [row] = await tx.$queryRawUnsafe<{ id: number }[]>(`SELECT id FROM "Listing" WHERE id = $1 FOR UPDATE`, listingId);
    const l = row ? await tx.listing.findUniqueOrThrow({ where: { id: listingId } }) : null;
    if (!l || l.status !== 'ACTIVE') throw new DomainError(AppCodes.LISTING_NOT_AVAILABLE, 'CONFLICT', 'Someone was faster: this listing is no longer available.');
    if (l.sellerId === me.id) throw new DomainError(AppCodes.OWN_LISTING, 'BAD_REQUEST', 'You cannot buy your own listing.');
    const fee = (l.price * BigInt(await feeBps(tx))) / 10_000n;
    await transfer(tx, { key: `listing:${l.id}:pay`, debit: { participantId: me.id }, credit: { participantId: l.sellerId }, currency: l.currency, amount: l.price, kind: 'MARKET_SALE', reference: `listing:${l.id}` });
    if (fee > 0n) {
      await transfer(tx, { key: `listing:${l.id}:fee`, debit: { participantId: l.sellerId }, credit: { system: SystemAccount.FEES }, currency: l.currency, amount: fee, kind: 'MARKET_FEE', reference: `listing:${l.id}` });
    }
    await tx.listing.update({ where: { id: l.id }, data: { status: 'SOLD', buyerId: me.id, fee, closedAt: now } });
    await tx.edition.update({ where: { id: l.editionId }, data: { ownerId: me.id, showcased: false } });
    await tx.editionTransfer.create({ data: { editionId: l.editionId, fromId: l.sellerId, toId: me.id, kind: 'SALE', currency: l.currency, price: l.price, createdAt: now } });
    await audit(tx, { actorId: me.id, action: 'listing.sold', subjectType: 'listing', subjectId: l.id, data: { price: l.price, fee, currency: l.currency } });
    const e = await tx.edition.findUniqueOrThrow({ where: { id: l.editionId }, include: { collection: true } });
    await notifyLater(
      tx,
      l.sellerId,
      (lang) =>
        lang === 'ru'
          ? `Продано: ${pick(e.collection.title, lang)} #${e.number} покупателю ${displayName(me)}.`
          : `Sold: ${pick(e.collection.title, lang)} #${e.number} to ${displayName(me)}.`,
      `listing:${l.id}:sold`,
      e,
    );
    return { listingId, editionId: l.editionId, price: l.price.toString(), fee: fee.toString(), currency: l.currency };
  })));
  return value;
}

export async function listings(deps: AppDeps, me: Participant, f: { collectionId?: number; currency?: Currency }) {
  const lang = me.language as Lang;
  const rows = await deps.prisma.listing.findMany({
    where: { status: 'ACTIVE', currency: f.currency, edition: f.collectionId ? { collectionId: f.collectionId } : undefined },
    include: { edition: { include: { collection: true } } },
    orderBy: [{ price: 'asc' }, { id: 'asc' }],
    take: 100,
  });
  const floors = await deps.prisma.$queryRawUnsafe<{ collectionId: number; currency: Currency; floor: bigint; n: bigint }[]>(
    `SELECT e."collectionId", l.currency, MIN(l.price) AS floor, count(*) AS n
       FROM "Listing" l JOIN "Edition" e ON e.id = l."editionId" WHERE l.status = 'ACTIVE' GROUP BY 1, 2`,
  );
  const sales = await deps.prisma.listing.findMany({
    where: { status: 'SOLD', edition: f.collectionId ? { collectionId: f.collectionId } : undefined },
    include: { edition: { include: { collection: true } } },
    orderBy: { closedAt: 'desc' },
    take: 20,
  });
  const seller = new Map(
    (await deps.prisma.participant.findMany({ where: { id: { in: rows.map((r) => r.sellerId) } } })).map((p) => [p.id, displayName(p)]),
  );
  return {
    feeBps: await feeBps(deps.prisma),
    listings: rows.map((l) => ({
      id: l.id,
      currency: l.currency,
      price: l.price.toString(),
      seller: seller.get(l.sellerId) ?? '',
      mine: l.sellerId === me.id,
      edition: { id: l.edition.id, number: l.edition.number, model: l.edition.model, backdrop: l.edition.backdrop, symbol: l.edition.symbol, rarity: l.edition.rarity.toString(), collection: pick(l.edition.collection.title, lang), collectionId: l.edition.collectionId },
    })),
    floors: floors.map((x) => ({ collectionId: x.collectionId, currency: x.currency, floor: x.floor.toString(), listed: Number(x.n) })),
    recentSales: sales.map((s) => ({ id: s.id, editionId: s.editionId, number: s.edition.number, collection: pick(s.edition.collection.title, lang), currency: s.currency, price: s.price.toString(), at: s.closedAt?.toISOString() ?? null })),
  };
}
