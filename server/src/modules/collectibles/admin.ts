import { randomBytes } from 'node:crypto';
import type { Currency, MintStatus, Prisma as P } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';
import { emit } from '../events/emit.ts';
import { participantWhere } from '../payments/queries.ts';
import { applyPrices, pricesOut, type LegacyPrices } from '../shop/prices.ts';
import { hashSeed, validateTables, type AttributeTables } from '../editions/roll.ts';
import { DEFAULT_FEE_BPS, feeBps } from './market.ts';
import { verifyDrop } from './service.ts';

type Title = { en: string; ru: string };
type Tx = Parameters<Parameters<typeof inTx>[1]>[0];
const who = (p: { telegramId: bigint; firstName: string; username: string | null } | null | undefined) =>
  p ? { telegramId: p.telegramId.toString(), name: p.firstName, username: p.username } : null;

const collectionNotFound = () => new DomainError(AppCodes.COLLECTION_NOT_FOUND, 'NOT_FOUND', 'This collection does not exist.');
const dropNotFound = () => new DomainError(AppCodes.DROP_NOT_FOUND, 'NOT_FOUND', 'This drop does not exist.');

// --- collections ---------------------------------------------------------------------------

export interface CollectionsFilter {
  /** Part of the slug or of the title in either language. */
  search?: string;
  /** On TON: the NFT collection is deployed; or not yet. */
  chain?: 'deployed' | 'notDeployed';
  sort: { by: 'id' | 'slug' | 'minted' | 'supplyCap' | 'royalty' | 'createdAt'; dir: 'asc' | 'desc' };
  page: number;
  limit: number;
}

const COLLECTION_ORDER = {
  id: 'id',
  slug: 'slug',
  minted: 'minted',
  supplyCap: 'supplyCap',
  royalty: 'royaltyBps',
  createdAt: 'createdAt',
} as const;

const titleSearch = (s: string) => [
  { title: { path: ['en'], string_contains: s, mode: 'insensitive' as const } },
  { title: { path: ['ru'], string_contains: s, mode: 'insensitive' as const } },
];

/** Collections a page at a time, each with what became of its editions: minted, held in the app, on chain, listed, and sales volume. */
export async function adminCollections(deps: AppDeps, f: CollectionsFilter) {
  const s = f.search?.trim();
  const where: P.CollectionWhereInput = {
    ...(f.chain === 'deployed' ? { nftAddress: { not: null } } : f.chain === 'notDeployed' ? { nftAddress: null } : {}),
    ...(s ? { OR: [{ slug: { contains: s, mode: 'insensitive' } }, ...titleSearch(s)] } : {}),
  };
  const [rows, total] = await Promise.all([
    deps.prisma.collection.findMany({
      where,
      orderBy: [{ [COLLECTION_ORDER[f.sort.by]]: f.sort.dir }, { id: f.sort.dir }],
      skip: (f.page - 1) * f.limit,
      take: f.limit,
      include: { _count: { select: { drops: true } } },
    }),
    deps.prisma.collection.count({ where }),
  ]);
  const ids = rows.map((c) => c.id);
  const [counts, volume] = ids.length
    ? await Promise.all([
        deps.prisma.$queryRawUnsafe<{ collectionId: number; minted: bigint; held: bigint; onChain: bigint; holders: bigint; listed: bigint }[]>(
          `SELECT e."collectionId",
                  count(*) AS minted,
                  count(*) FILTER (WHERE e."ownerId" IS NOT NULL AND e."nftAddress" IS NULL) AS held,
                  count(*) FILTER (WHERE e."nftAddress" IS NOT NULL) AS "onChain",
                  count(DISTINCT e."ownerId") AS holders,
                  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "Listing" l WHERE l."editionId" = e.id AND l.status = 'ACTIVE')) AS listed
             FROM "Edition" e WHERE e."collectionId" = ANY($1::int[]) GROUP BY 1`,
          ids,
        ),
        deps.prisma.$queryRawUnsafe<{ collectionId: number; currency: Currency; sales: bigint; volume: bigint; fees: bigint }[]>(
          `SELECT e."collectionId", l.currency, count(*) AS sales, sum(l.price)::bigint AS volume, sum(l.fee)::bigint AS fees
             FROM "Listing" l JOIN "Edition" e ON e.id = l."editionId"
            WHERE l.status = 'SOLD' AND e."collectionId" = ANY($1::int[]) GROUP BY 1, 2 ORDER BY 2`,
          ids,
        ),
      ])
    : [[], []];
  const byId = new Map(counts.map((c) => [c.collectionId, c]));
  const items = rows.map((c) => {
    const n = byId.get(c.id);
    return {
      id: c.id,
      slug: c.slug,
      title: c.title as Title,
      description: c.description as Title,
      coverUrl: c.coverUrl,
      supplyCap: c.supplyCap,
      royaltyBps: c.royaltyBps,
      nftAddress: c.nftAddress,
      attributes: c.attributes as unknown as AttributeTables,
      drops: c._count.drops,
      minted: Number(n?.minted ?? 0),
      held: Number(n?.held ?? 0),
      onChain: Number(n?.onChain ?? 0),
      holders: Number(n?.holders ?? 0),
      listed: Number(n?.listed ?? 0),
      volume: volume.filter((v) => v.collectionId === c.id).map((v) => ({ currency: v.currency, sales: Number(v.sales), volume: v.volume.toString(), fees: v.fees.toString() })),
      createdAt: c.createdAt.toISOString(),
    };
  });
  return { items, total };
}

export interface CollectionPatch {
  collectionId: number;
  title?: Title;
  description?: Title;
  coverUrl?: string | null;
  supplyCap?: number;
  royaltyBps?: number;
  attributes?: AttributeTables;
}

/**
 * Edits a collection. Its slug names the NFT metadata's URLs, so it stays; the attribute tables only
 * while nothing was rolled from them (a drop's rolls are verified against the current tables).
 */
export async function updateCollection(deps: AppDeps, adminId: number, p: CollectionPatch) {
  return inTx(deps.prisma, async (tx) => {
    const [row] = await tx.$queryRawUnsafe<{ minted: number }[]>(`SELECT minted FROM "Collection" WHERE id = $1 FOR UPDATE`, p.collectionId);
    if (!row) throw collectionNotFound();
    if (p.supplyCap !== undefined && p.supplyCap < row.minted) {
      throw new DomainError(AppCodes.COLLECTION_LOCKED, 'PRECONDITION_FAILED', `${row.minted} editions exist already; the supply cap cannot be lower.`, { minted: row.minted });
    }
    if (p.attributes) {
      const problem = validateTables(p.attributes);
      if (problem) throw new DomainError(AppCodes.VALIDATION, 'BAD_REQUEST', `Attribute table: ${problem}.`);
      if (row.minted > 0) throw new DomainError(AppCodes.COLLECTION_LOCKED, 'PRECONDITION_FAILED', 'Editions were rolled from these attribute tables; they can no longer change.');
    }
    const { collectionId, attributes, ...rest } = p;
    await tx.collection.update({ where: { id: collectionId }, data: { ...rest, ...(attributes ? { attributes: attributes as never } : {}) } });
    await audit(tx, { actorId: adminId, action: 'collection.updated', subjectType: 'collection', subjectId: collectionId, data: { fields: Object.keys(rest).concat(attributes ? ['attributes'] : []) } });
    return { id: collectionId };
  });
}

// --- drops ---------------------------------------------------------------------------------

export type DropStatus = 'SCHEDULED' | 'OPEN' | 'SOLD_OUT' | 'ENDED';

function dropStatus(d: { startsAt: Date; endsAt: Date | null; product: { stock: number | null } | null }, now: Date): DropStatus {
  if (d.product?.stock === 0) return 'SOLD_OUT';
  if (d.endsAt && d.endsAt <= now) return 'ENDED';
  return d.startsAt > now ? 'SCHEDULED' : 'OPEN';
}

export interface DropsFilter {
  collectionId?: number;
  status?: DropStatus;
  /** Part of the title in either language. */
  search?: string;
  sort: { by: 'id' | 'startsAt' | 'endsAt' | 'supply'; dir: 'asc' | 'desc' };
  page: number;
  limit: number;
}

/** The drops in one state now, as dropStatus tells them apart (sold out first, then ended, then not yet open). */
function dropStatusWhere(status: DropStatus, now: Date): P.DropWhereInput {
  const soldOut: P.DropWhereInput = { product: { is: { stock: 0 } } };
  const notSoldOut: P.DropWhereInput = { NOT: soldOut };
  const ended: P.DropWhereInput = { endsAt: { lte: now } };
  const notEnded: P.DropWhereInput = { OR: [{ endsAt: null }, { endsAt: { gt: now } }] };
  switch (status) {
    case 'SOLD_OUT':
      return soldOut;
    case 'ENDED':
      return { AND: [notSoldOut, ended] };
    case 'SCHEDULED':
      return { AND: [notSoldOut, notEnded, { startsAt: { gt: now } }] };
    case 'OPEN':
      return { AND: [notSoldOut, notEnded, { startsAt: { lte: now } }] };
  }
}

const DROP_ORDER = {
  id: (dir: P.SortOrder): P.DropOrderByWithRelationInput => ({ id: dir }),
  startsAt: (dir: P.SortOrder): P.DropOrderByWithRelationInput => ({ startsAt: dir }),
  // A drop with no end runs longest: last going up.
  endsAt: (dir: P.SortOrder): P.DropOrderByWithRelationInput => ({ endsAt: { sort: dir, nulls: dir === 'asc' ? 'last' : 'first' } }),
  supply: (dir: P.SortOrder): P.DropOrderByWithRelationInput => ({ supply: dir }),
};

/** Drops by collection, state and title, sorted (newest first unless asked), a page at a time, with sales and where their commit–reveal stands. */
export async function adminDrops(deps: AppDeps, f: DropsFilter) {
  const now = deps.clock.now();
  const s = f.search?.trim();
  const and: P.DropWhereInput[] = [];
  if (f.collectionId !== undefined) and.push({ collectionId: f.collectionId });
  if (f.status) and.push(dropStatusWhere(f.status, now));
  if (s) and.push({ OR: titleSearch(s) });
  const where: P.DropWhereInput = and.length ? { AND: and } : {};
  const [rows, total] = await Promise.all([
    deps.prisma.drop.findMany({
      where,
      include: { collection: { select: { id: true, slug: true, title: true } }, product: { include: { prices: true } }, _count: { select: { editions: true } } },
      orderBy: [DROP_ORDER[f.sort.by](f.sort.dir), { id: f.sort.dir }],
      skip: (f.page - 1) * f.limit,
      take: f.limit,
    }),
    deps.prisma.drop.count({ where }),
  ]);
  const items = rows.map((d) => {
    const status = dropStatus(d, now);
    const closed = status === 'SOLD_OUT' || status === 'ENDED';
    return {
      id: d.id,
      title: d.title as Title,
      collection: { id: d.collection.id, slug: d.collection.slug, title: d.collection.title as Title },
      status,
      startsAt: d.startsAt.toISOString(),
      endsAt: d.endsAt?.toISOString() ?? null,
      supply: d.supply,
      left: d.product?.stock ?? 0,
      editions: d._count.editions,
      ...pricesOut(d.product?.prices ?? []),
      seedHash: d.seedHash,
      seedCommitted: d.seedHash.length === 64,
      /** Public: anyone may see the seed (collectibles.verifyDrop) once the drop closed. */
      revealed: d.revealedAt != null || closed,
      revealedAt: d.revealedAt?.toISOString() ?? null,
      editable: status === 'SCHEDULED',
    };
  });
  return { items, total };
}

async function lockDrop(tx: Tx, dropId: number) {
  const [row] = await tx.$queryRawUnsafe<{ id: number }[]>(`SELECT id FROM "Drop" WHERE id = $1 FOR UPDATE`, dropId);
  if (!row) throw dropNotFound();
  return tx.drop.findUniqueOrThrow({ where: { id: dropId }, include: { product: true, _count: { select: { editions: true } } } });
}

const started = () => new DomainError(AppCodes.DROP_STARTED, 'PRECONDITION_FAILED', 'This drop has opened; its schedule, price, supply and seed can no longer change.');

export interface DropPatch extends LegacyPrices {
  dropId: number;
  title?: Title;
  startsAt?: Date;
  endsAt?: Date | null;
  supply?: number;
}

/** Changes a drop before it opens: title, schedule, prices and supply (never below what was awarded from it). */
export async function updateDrop(deps: AppDeps, adminId: number, p: DropPatch) {
  const now = deps.clock.now();
  return inTx(deps.prisma, async (tx) => {
    const d = await lockDrop(tx, p.dropId);
    if (d.startsAt <= now) throw started();
    const startsAt = p.startsAt ?? d.startsAt;
    const endsAt = p.endsAt === undefined ? d.endsAt : p.endsAt;
    if (endsAt && endsAt <= startsAt) throw new DomainError(AppCodes.VALIDATION, 'BAD_REQUEST', 'A drop must end after it starts.');
    // Awards can be taken from a drop before it opens: they stay taken.
    const taken = d.supply - (d.product?.stock ?? d.supply);
    const supply = p.supply ?? d.supply;
    if (supply < taken) throw new DomainError(AppCodes.VALIDATION, 'BAD_REQUEST', `${taken} editions were already given from this drop; the supply cannot be lower.`, { taken });
    await tx.drop.update({ where: { id: d.id }, data: { title: p.title, startsAt, endsAt, supply } });
    if (d.product) {
      await tx.product.update({ where: { id: d.product.id }, data: { title: p.title, startsAt, endsAt, stock: supply - taken, updatedAt: now } });
      await applyPrices(tx, d.product.id, { legacy: { pricePoints: p.pricePoints, priceStars: p.priceStars, priceTon: p.priceTon } });
    }
    await audit(tx, { actorId: adminId, action: 'drop.updated', subjectType: 'drop', subjectId: d.id, data: { startsAt, endsAt, supply } });
    return { id: d.id };
  });
}

/** Commits the drop to a fresh secret seed (its hash published) while nothing has been rolled from the old one. */
export async function commitSeed(deps: AppDeps, adminId: number, dropId: number) {
  const now = deps.clock.now();
  const seed = randomBytes(32).toString('hex');
  return inTx(deps.prisma, async (tx) => {
    const d = await lockDrop(tx, dropId);
    if (d.startsAt <= now || d._count.editions > 0) throw started();
    const seedHash = hashSeed(seed);
    await tx.drop.update({ where: { id: d.id }, data: { seed, seedHash, revealedAt: null } });
    await audit(tx, { actorId: adminId, action: 'drop.seed_committed', subjectType: 'drop', subjectId: d.id, data: { seedHash, previous: d.seedHash } });
    return { dropId: d.id, seedHash };
  });
}

/** Ends an open drop now: nothing more is sold from it, and its seed can be revealed. */
export async function endDrop(deps: AppDeps, adminId: number, dropId: number) {
  const now = deps.clock.now();
  return inTx(deps.prisma, async (tx) => {
    const d = await lockDrop(tx, dropId);
    if (d.endsAt && d.endsAt <= now) return { id: d.id, endsAt: d.endsAt.toISOString() };
    if (d.startsAt > now) throw new DomainError(AppCodes.DROP_NOT_OPEN, 'PRECONDITION_FAILED', 'This drop has not opened yet; change its schedule instead.');
    await tx.drop.update({ where: { id: d.id }, data: { endsAt: now } });
    if (d.product) await tx.product.update({ where: { id: d.product.id }, data: { endsAt: now, updatedAt: now } });
    await audit(tx, { actorId: adminId, action: 'drop.ended', subjectType: 'drop', subjectId: d.id });
    return { id: d.id, endsAt: now.toISOString() };
  });
}

/**
 * Publishes a closed drop's seed (it is public from the close anyway; this records when an admin
 * announced it) and returns the verification anyone can repeat: seed against hash, every roll.
 * Refused while the drop sells: knowing the seed would let buyers predict their rolls.
 */
export async function revealSeed(deps: AppDeps, adminId: number, dropId: number) {
  const now = deps.clock.now();
  await inTx(deps.prisma, async (tx) => {
    const d = await lockDrop(tx, dropId);
    const status = dropStatus(d, now);
    if (status !== 'ENDED' && status !== 'SOLD_OUT') {
      throw new DomainError(AppCodes.DROP_STILL_OPEN, 'PRECONDITION_FAILED', 'The seed is revealed once the drop has ended or sold out.', { status });
    }
    if (d.revealedAt) return;
    await tx.drop.update({ where: { id: d.id }, data: { revealedAt: now } });
    await audit(tx, { actorId: adminId, action: 'drop.seed_revealed', subjectType: 'drop', subjectId: d.id, data: { seedHash: d.seedHash, seed: d.seed } });
  });
  return verifyDrop(deps, dropId);
}

// --- editions ------------------------------------------------------------------------------

export interface EditionsFilter {
  collectionId: number;
  /** An edition number (`12` or `#12`) or part of an attribute's value. */
  search?: string;
  /** The owner's Telegram id, @username or name. */
  owner?: string;
  /** Where it is: in the app (not on sale), on sale in the market, or on TON. */
  state?: 'app' | 'listed' | 'ton';
  /** The number of the last edition of the previous page (pages by number, lowest first). */
  cursor?: number;
  /** A page in `sort`'s order (the console's table); takes the place of the cursor. */
  page?: number;
  sort?: { by: 'number' | 'rarity' | 'createdAt'; dir: 'asc' | 'desc' };
  limit: number;
}

const activeListing: P.ListingListRelationFilter = { some: { status: 'ACTIVE' } };
const EDITION_STATE: Record<NonNullable<EditionsFilter['state']>, P.EditionWhereInput> = {
  ton: { nftAddress: { not: null } },
  listed: { nftAddress: null, listings: activeListing },
  app: { nftAddress: null, NOT: { listings: activeListing } },
};

/** A collection's editions, by number a page at a time (or sorted by rarity or date), with owner, listing and chain state. */
export async function adminEditions(deps: AppDeps, f: EditionsFilter) {
  const c = await deps.prisma.collection.findUnique({ where: { id: f.collectionId }, select: { id: true } });
  if (!c) throw collectionNotFound();
  const s = f.search?.trim();
  const number = s && /^#?\d{1,9}$/.test(s) ? Number(s.replace('#', '')) : undefined;
  const and: P.EditionWhereInput[] = [{ collectionId: f.collectionId }];
  const owner = participantWhere(f.owner);
  if (owner) and.push({ owner });
  if (f.state) and.push(EDITION_STATE[f.state]);
  if (number !== undefined) and.push({ number });
  else if (s) and.push({ OR: (['model', 'backdrop', 'symbol'] as const).map((k) => ({ [k]: { contains: s, mode: 'insensitive' as const } })) });
  const where: P.EditionWhereInput = { AND: and };
  const byCursor = f.page === undefined;
  const sort = byCursor ? { by: 'number' as const, dir: 'asc' as const } : (f.sort ?? { by: 'number', dir: 'asc' });
  const [rows, total] = await Promise.all([
    deps.prisma.edition.findMany({
      where: byCursor && f.cursor !== undefined ? { AND: [where, { number: { gt: f.cursor } }] } : where,
      include: { owner: { select: { telegramId: true, firstName: true, username: true } }, listings: { where: { status: 'ACTIVE' } } },
      orderBy: [{ [sort.by]: sort.dir }, { number: sort.dir }],
      skip: byCursor ? 0 : (f.page! - 1) * f.limit,
      take: f.limit + 1,
    }),
    deps.prisma.edition.count({ where }),
  ]);
  const page = rows.slice(0, f.limit);
  return {
    items: page.map((e) => ({
      id: e.id,
      number: e.number,
      model: e.model,
      backdrop: e.backdrop,
      symbol: e.symbol,
      rarity: e.rarity.toString(),
      owner: who(e.owner),
      dropId: e.dropId,
      listing: e.listings[0] ? { id: e.listings[0].id, currency: e.listings[0].currency, price: e.listings[0].price.toString() } : null,
      nftAddress: e.nftAddress,
      createdAt: e.createdAt.toISOString(),
    })),
    total,
    nextCursor: byCursor && rows.length > f.limit ? page[page.length - 1].number : null,
  };
}

// --- market --------------------------------------------------------------------------------

const marketSince = (now: Date, days: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (days - 1) * 86_400_000);

export interface SalesFilter {
  days: number;
  currency?: Currency;
  collectionId?: number;
  /** An edition number (`12` or `#12`), or the seller's or buyer's Telegram id, @username or name. */
  search?: string;
  /** The last listing id of the previous page (newest first). */
  cursor?: number;
  /** A page in `sort`'s order (the console's table); takes the place of the cursor. */
  page?: number;
  sort?: { by: 'date' | 'price' | 'fee'; dir: 'asc' | 'desc' };
  limit: number;
}

const SALE_ORDER = { date: 'closedAt', price: 'price', fee: 'fee' } as const;

/** Sales over the last `days` (UTC days) by currency, collection, edition or person: newest first after a cursor, or sorted a page at a time. */
export async function marketSales(deps: AppDeps, f: SalesFilter) {
  const s = f.search?.trim();
  const number = s && /^#?\d{1,9}$/.test(s) ? Number(s.replace('#', '')) : undefined;
  const people = s && number === undefined ? participantWhere(s) : undefined;
  const matching = people ? (await deps.prisma.participant.findMany({ where: people, select: { id: true }, take: 500 })).map((p) => p.id) : [];
  const and: P.ListingWhereInput[] = [{ status: 'SOLD', closedAt: { gte: marketSince(deps.clock.now(), f.days) } }];
  if (f.currency) and.push({ currency: f.currency });
  if (f.collectionId !== undefined) and.push({ edition: { collectionId: f.collectionId } });
  if (number !== undefined) and.push({ edition: { number } });
  else if (people) and.push({ OR: [{ sellerId: { in: matching } }, { buyerId: { in: matching } }] });
  const where: P.ListingWhereInput = { AND: and };
  const byCursor = f.page === undefined;
  const sort = f.sort ?? { by: 'date', dir: 'desc' };
  const [rows, total] = await Promise.all([
    deps.prisma.listing.findMany({
      where: byCursor && f.cursor !== undefined ? { AND: [where, { id: { lt: f.cursor } }] } : where,
      include: { edition: { select: { id: true, number: true, collection: { select: { slug: true, title: true } } } } },
      orderBy: byCursor ? { id: 'desc' } : [{ [SALE_ORDER[sort.by]]: sort.dir }, { id: sort.dir }],
      skip: byCursor ? 0 : (f.page! - 1) * f.limit,
      take: f.limit + 1,
    }),
    deps.prisma.listing.count({ where }),
  ]);
  const page = rows.slice(0, f.limit);
  const names = new Map(
    (await deps.prisma.participant.findMany({ where: { id: { in: page.flatMap((l) => [l.sellerId, l.buyerId ?? 0]) } }, select: { id: true, telegramId: true, firstName: true, username: true } })).map((p) => [p.id, p]),
  );
  return {
    items: page.map((l) => ({
      id: l.id,
      edition: { id: l.edition.id, number: l.edition.number, collection: { slug: l.edition.collection.slug, title: l.edition.collection.title as Title } },
      seller: who(names.get(l.sellerId)),
      buyer: who(l.buyerId ? names.get(l.buyerId) : null),
      currency: l.currency,
      price: l.price.toString(),
      fee: l.fee.toString(),
      closedAt: l.closedAt!.toISOString(),
    })),
    total,
    nextCursor: byCursor && rows.length > f.limit ? page[page.length - 1].id : null,
  };
}

/**
 * The marketplace over the last `days` (UTC days): sales, volume and fees per currency per day and in
 * total, the current fee, and the sales themselves newest first, a page at a time (cursor: last listing id).
 */
export async function marketActivity(deps: AppDeps, f: { days: number; cursor?: number; limit: number }) {
  const since = marketSince(deps.clock.now(), f.days);
  const [daily, sales, bps] = await Promise.all([
    deps.prisma.$queryRawUnsafe<{ day: Date; currency: Currency; sales: bigint; volume: bigint; fees: bigint }[]>(
      `SELECT date_trunc('day', "closedAt") AS day, currency, count(*) AS sales, sum(price)::bigint AS volume, sum(fee)::bigint AS fees
         FROM "Listing" WHERE status = 'SOLD' AND "closedAt" >= $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      since,
    ),
    marketSales(deps, { days: f.days, cursor: f.cursor, limit: f.limit }),
    feeBps(deps.prisma),
  ]);
  const totals = new Map<Currency, { currency: Currency; sales: number; volume: bigint; fees: bigint }>();
  for (const d of daily) {
    const t = totals.get(d.currency) ?? { currency: d.currency, sales: 0, volume: 0n, fees: 0n };
    t.sales += Number(d.sales);
    t.volume += d.volume;
    t.fees += d.fees;
    totals.set(d.currency, t);
  }
  return {
    feeBps: bps,
    defaultFeeBps: DEFAULT_FEE_BPS,
    since: since.toISOString(),
    days: f.days,
    daily: daily.map((d) => ({ day: d.day.toISOString().slice(0, 10), currency: d.currency, sales: Number(d.sales), volume: d.volume.toString(), fees: d.fees.toString() })),
    totals: [...totals.values()].map((t) => ({ currency: t.currency, sales: t.sales, volume: t.volume.toString(), fees: t.fees.toString() })),
    sales,
  };
}

// --- mint requests -------------------------------------------------------------------------

export interface MintFilter {
  status?: MintStatus;
  kind?: 'MINT' | 'TRANSFER';
  collectionId?: number;
  /** An edition number (`12` or `#12`), part of the owner's wallet address, or the participant's Telegram id, @username or name. */
  search?: string;
  /** The last request id of the previous page (newest first). */
  cursor?: number;
  /** A page in `sort`'s order (the console's table); takes the place of the cursor. */
  page?: number;
  sort?: { by: 'id' | 'status' | 'sends'; dir: 'asc' | 'desc' };
  limit: number;
}

/** Requests to take editions to TON by status, kind, collection, edition or person: newest first after a cursor, or sorted a page at a time; with counts per status. */
export async function mintRequests(deps: AppDeps, f: MintFilter) {
  const s = f.search?.trim();
  const number = s && /^#?\d{1,9}$/.test(s) ? Number(s.replace('#', '')) : undefined;
  const people = s && number === undefined ? participantWhere(s) : undefined;
  const matching = people ? (await deps.prisma.participant.findMany({ where: people, select: { id: true }, take: 500 })).map((p) => p.id) : [];
  const and: P.MintRequestWhereInput[] = [];
  if (f.status) and.push({ status: f.status });
  if (f.kind) and.push({ again: f.kind === 'TRANSFER' });
  if (f.collectionId !== undefined) and.push({ edition: { collectionId: f.collectionId } });
  if (number !== undefined) and.push({ edition: { number } });
  else if (s) and.push({ OR: [{ owner: { contains: s, mode: 'insensitive' } }, { participantId: { in: matching } }] });
  const where: P.MintRequestWhereInput = and.length ? { AND: and } : {};
  const byCursor = f.page === undefined;
  const sort = f.sort ?? { by: 'id', dir: 'desc' };
  const [rows, total, counts] = await Promise.all([
    deps.prisma.mintRequest.findMany({
      where: byCursor && f.cursor !== undefined ? { AND: [where, { id: { lt: f.cursor } }] } : where,
      include: { edition: { select: { number: true, nftAddress: true, collection: { select: { slug: true, title: true } } } } },
      orderBy: byCursor ? { id: 'desc' } : [{ [sort.by]: sort.dir }, { id: sort.dir }],
      skip: byCursor ? 0 : (f.page! - 1) * f.limit,
      take: f.limit + 1,
    }),
    deps.prisma.mintRequest.count({ where }),
    deps.prisma.mintRequest.groupBy({ by: ['status'], _count: { _all: true } }),
  ]);
  const page = rows.slice(0, f.limit);
  const names = new Map(
    (await deps.prisma.participant.findMany({ where: { id: { in: page.map((r) => r.participantId ?? 0) } }, select: { id: true, telegramId: true, firstName: true, username: true } })).map((p) => [p.id, p]),
  );
  return {
    items: page.map((r) => ({
      id: r.id,
      editionId: r.editionId,
      edition: { number: r.edition.number, collection: { slug: r.edition.collection.slug, title: r.edition.collection.title as Title } },
      participant: who(r.participantId ? names.get(r.participantId) : null),
      kind: r.again ? ('TRANSFER' as const) : ('MINT' as const),
      status: r.status,
      item: r.item,
      owner: r.owner,
      sends: r.sends,
      retries: r.retries,
      lastError: r.lastError,
      createdAt: r.createdAt.toISOString(),
      sentAt: r.sentAt?.toISOString() ?? null,
      confirmedAt: r.confirmedAt?.toISOString() ?? null,
      retryable: r.status === 'FAILED' && r.edition.nftAddress === r.item,
    })),
    total,
    nextCursor: byCursor && rows.length > f.limit ? page[page.length - 1].id : null,
    counts: Object.fromEntries(counts.map((c) => [c.status, c._count._all])) as Partial<Record<MintStatus, number>>,
  };
}

/**
 * Sends a FAILED request again through a new outbox event. The handler still looks on chain before it
 * sends, so a mint that did land after all is only marked confirmed. Refused unless FAILED: a second
 * retry of the same failure finds it REQUESTED and changes nothing.
 */
export async function retryMint(deps: AppDeps, adminId: number, requestId: number) {
  const now = deps.clock.now();
  return inTx(deps.prisma, async (tx) => {
    const [row] = await tx.$queryRawUnsafe<{ id: number }[]>(`SELECT id FROM "MintRequest" WHERE id = $1 FOR UPDATE`, requestId);
    if (!row) throw new DomainError(AppCodes.MINT_REQUEST_NOT_FOUND, 'NOT_FOUND', 'This mint request does not exist.');
    const r = await tx.mintRequest.findUniqueOrThrow({ where: { id: requestId }, include: { edition: { select: { nftAddress: true } } } });
    if (r.status !== 'FAILED') {
      throw new DomainError(AppCodes.MINT_NOT_RETRYABLE, 'CONFLICT', `Only a failed mint can be retried; this one is ${r.status.toLowerCase()}.`, { status: r.status });
    }
    if (r.edition.nftAddress !== r.item) {
      throw new DomainError(AppCodes.MINT_NOT_RETRYABLE, 'PRECONDITION_FAILED', 'The edition is back in the app; this mint is no longer wanted.', { status: 'CANCELLED' });
    }
    const retries = r.retries + 1;
    const eventKey = `mint-request:${r.id}:retry:${retries}`;
    await tx.mintRequest.update({ where: { id: r.id }, data: { status: 'REQUESTED', sends: 0, retries, eventKey, lastError: null, validUntil: null, updatedAt: now } });
    await emit(
      tx,
      'edition.mint',
      { editionId: r.editionId, collection: r.collection, item: r.item, owner: r.owner, index: r.index.toString(), content: r.content, again: r.again, requestId: r.id },
      { key: eventKey },
    );
    await audit(tx, { actorId: adminId, action: 'mint.retried', subjectType: 'mint_request', subjectId: r.id, data: { retries, lastError: r.lastError } });
    return { id: r.id, status: 'REQUESTED' as const, retries };
  });
}
