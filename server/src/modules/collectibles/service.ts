import { randomBytes } from 'node:crypto';
import type { Participant } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { oneAtATime } from '../../db/one-at-a-time.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';
import { notifyLater } from '../notifications/service.ts';
import { displayName } from '../participants/service.ts';
import { buy } from '../shop/service.ts';
import { payablePrices, withPrices } from '../shop/views.ts';
import { applyPrices, type LegacyPrices } from '../shop/prices.ts';
import type { PayCurrency } from '../payments/methods/index.ts';
import { once, type Idem } from '../idempotency/service.ts';
import { pick, type Lang } from '../../lib/localized.ts';
import { hashSeed, roll, seedMatches, validateTables, type AttributeTables } from '../editions/roll.ts';
import { mintEdition } from '../editions/service.ts';
import { recipientOf, type RecipientKey } from './recipients.ts';

const t = (text: unknown, me: Participant) => pick(text, me.language as Lang);

// --- drops ---------------------------------------------------------------------------------

/** A drop's seed is shown only after it closed (ended or sold out); its hash is public from the start. */
function revealed(d: { revealedAt: Date | null; endsAt: Date | null; product: { stock: number | null } | null }, now: Date) {
  return d.revealedAt != null || (d.endsAt != null && d.endsAt <= now) || d.product?.stock === 0;
}

export async function listDrops(deps: AppDeps, me: Participant) {
  const now = deps.clock.now();
  const drops = await deps.prisma.drop.findMany({
    where: { OR: [{ endsAt: null }, { endsAt: { gt: new Date(now.getTime() - 7 * 86_400_000) } }] },
    include: { collection: true, product: { include: withPrices } },
    orderBy: { startsAt: 'asc' },
  });
  return drops.map((d) => ({
    id: d.id,
    title: t(d.title, me),
    collection: { id: d.collection.id, slug: d.collection.slug, title: t(d.collection.title, me), coverUrl: d.collection.coverUrl },
    startsAt: d.startsAt.toISOString(),
    endsAt: d.endsAt?.toISOString() ?? null,
    status: d.startsAt > now ? ('upcoming' as const) : (d.endsAt && d.endsAt <= now) || d.product?.stock === 0 ? ('closed' as const) : ('open' as const),
    supply: d.supply,
    left: d.product?.stock ?? 0,
    prices: d.product ? payablePrices(d.product, deps.config) : [],
    seedHash: d.seedHash,
    revealed: revealed(d, now),
    attributes: d.collection.attributes as unknown as AttributeTables,
  }));
}

export async function buyFromDrop(deps: AppDeps, me: Participant, dropId: number, currency: PayCurrency, idem?: Idem) {
  const now = deps.clock.now();
  const drop = await deps.prisma.drop.findUnique({ where: { id: dropId }, include: { product: true } });
  if (!drop || !drop.product) throw new DomainError(AppCodes.DROP_NOT_FOUND, 'NOT_FOUND', 'This drop does not exist.');
  if (drop.startsAt > now) throw new DomainError(AppCodes.DROP_NOT_OPEN, 'PRECONDITION_FAILED', 'This drop has not opened yet.', { startsAt: drop.startsAt.toISOString() });
  if (drop.endsAt && drop.endsAt <= now) throw new DomainError(AppCodes.DROP_NOT_OPEN, 'PRECONDITION_FAILED', 'This drop has ended.');
  // A drop's buyers all wait for its collection's counter (gapless numbers) until they commit: they queue
  // here rather than each holding a pooled connection, and no transaction outlives its time waiting.
  const invoice = await oneAtATime(`drop:${drop.id}`, () => buy(deps, me, drop.product!.id, currency, idem));
  const edition = invoice.orderId ? await deps.prisma.edition.findUnique({ where: { orderId: invoice.orderId } }) : null;
  return { invoice, editionId: edition?.id ?? null };
}

export interface DropInput extends LegacyPrices {
  collectionId: number;
  title: { en: string; ru: string };
  supply: number;
  startsAt: Date;
  endsAt?: Date | null;
}

/** Commits to a fresh secret seed (its hash is published) and puts the drop on sale as a product. */
export async function createDrop(deps: AppDeps, adminId: number, input: DropInput) {
  const seed = randomBytes(32).toString('hex');
  return inTx(deps.prisma, async (tx) => {
    const c = await tx.collection.findUnique({ where: { id: input.collectionId } });
    if (!c) throw new DomainError(AppCodes.NOT_FOUND, 'NOT_FOUND', 'Collection not found.');
    const drop = await tx.drop.create({
      data: { collectionId: c.id, title: input.title, supply: input.supply, startsAt: input.startsAt, endsAt: input.endsAt ?? null, seed, seedHash: hashSeed(seed) },
    });
    const product = await tx.product.create({
      data: {
        slug: `drop-${drop.id}`,
        kind: 'COLLECTIBLE',
        title: input.title,
        description: c.description ?? {},
        imageUrl: c.coverUrl,
        stock: input.supply,
        startsAt: input.startsAt,
        endsAt: input.endsAt ?? null,
        dropId: drop.id,
      },
    });
    await applyPrices(tx, product.id, { legacy: { pricePoints: input.pricePoints, priceStars: input.priceStars, priceTon: input.priceTon } });
    await audit(tx, { actorId: adminId, action: 'drop.created', subjectType: 'drop', subjectId: drop.id, data: { seedHash: drop.seedHash, supply: input.supply } });
    return { id: drop.id, seedHash: drop.seedHash };
  });
}

export async function createCollection(
  deps: AppDeps,
  adminId: number,
  input: { slug: string; title: { en: string; ru: string }; description: { en: string; ru: string }; coverUrl?: string | null; supplyCap: number; attributes: AttributeTables; royaltyBps?: number },
) {
  const problem = validateTables(input.attributes);
  if (problem) throw new DomainError(AppCodes.VALIDATION, 'BAD_REQUEST', `Attribute table: ${problem}.`);
  const c = await deps.prisma.collection.create({ data: { ...input, attributes: input.attributes as never, royaltyBps: input.royaltyBps ?? 500 } });
  await audit(deps.prisma, { actorId: adminId, action: 'collection.created', subjectType: 'collection', subjectId: c.id });
  return { id: c.id };
}

/** Anyone can recompute every roll of a closed drop from its revealed seed. */
export async function verifyDrop(deps: AppDeps, dropId: number) {
  const now = deps.clock.now();
  const d = await deps.prisma.drop.findUnique({ where: { id: dropId }, include: { collection: true, product: true, editions: { orderBy: { number: 'asc' } } } });
  if (!d) throw new DomainError(AppCodes.DROP_NOT_FOUND, 'NOT_FOUND', 'This drop does not exist.');
  const open = !revealed(d, now);
  const tables = d.collection.attributes as unknown as AttributeTables;
  const rolls = d.editions.map((e) => {
    const purchaseId = e.rollInput?.split(':').slice(1).join(':') ?? '';
    const expected = open ? null : roll(d.seed, d.id, purchaseId, tables);
    return {
      editionId: e.id,
      number: e.number,
      input: e.rollInput,
      attributes: { model: e.model, backdrop: e.backdrop, symbol: e.symbol },
      matches: expected ? expected.model.value === e.model && expected.backdrop.value === e.backdrop && expected.symbol.value === e.symbol : null,
    };
  });
  return {
    dropId: d.id,
    seedHash: d.seedHash,
    seed: open ? null : d.seed,
    revealed: !open,
    seedMatchesHash: open ? null : seedMatches(d.seed, d.seedHash),
    algorithm: 'HMAC-SHA256(key = seed bytes, message = "<dropId>:<purchaseId>"); words 0,1,2 of the digest (big-endian uint32) mod 1000 pick model, backdrop, symbol from the cumulative per-mille tables',
    tables,
    rolls,
    allMatch: open ? null : rolls.every((r) => r.matches),
  };
}

// --- editions ------------------------------------------------------------------------------

function editionSummary(e: { id: number; number: number; model: string; backdrop: string; symbol: string; rarity: bigint; nftAddress: string | null; collection: { slug: string; title: unknown } }, me: Participant) {
  return {
    id: e.id,
    number: e.number,
    collection: { slug: e.collection.slug, title: t(e.collection.title, me) },
    model: e.model,
    backdrop: e.backdrop,
    symbol: e.symbol,
    rarity: e.rarity.toString(),
    onChain: e.nftAddress != null,
  };
}

export async function mine(deps: AppDeps, me: Participant) {
  const eds = await deps.prisma.edition.findMany({ where: { ownerId: me.id }, include: { collection: true }, orderBy: { id: 'desc' } });
  const ranks = await rarityRanks(deps, eds.map((e) => e.id));
  return eds.map((e) => ({ ...editionSummary(e, me), rank: ranks.get(e.id) ?? null, showcased: e.showcased }));
}

/** Rank 1 is the rarest edition of its collection; equal chances share a rank. */
async function rarityRanks(deps: AppDeps, ids: number[]): Promise<Map<number, number>> {
  if (!ids.length) return new Map();
  const rows = await deps.prisma.$queryRawUnsafe<{ id: number; rank: bigint }[]>(
    `SELECT e.id, (SELECT count(*) + 1 FROM "Edition" o WHERE o."collectionId" = e."collectionId" AND o.rarity < e.rarity) AS rank
       FROM "Edition" e WHERE e.id = ANY($1::int[])`,
    ids,
  );
  return new Map(rows.map((r) => [r.id, Number(r.rank)]));
}

export async function editionDetail(deps: AppDeps, me: Participant, id: number) {
  const e = await deps.prisma.edition.findUnique({
    where: { id },
    include: { collection: true, owner: true, history: { orderBy: { id: 'asc' } }, listings: { where: { status: 'ACTIVE' } } },
  });
  if (!e) throw new DomainError(AppCodes.EDITION_NOT_FOUND, 'NOT_FOUND', 'This collectible does not exist.');
  const [rank] = [...(await rarityRanks(deps, [e.id])).values()];
  const total = await deps.prisma.edition.count({ where: { collectionId: e.collectionId } });
  const people = new Map(
    (await deps.prisma.participant.findMany({ where: { id: { in: e.history.flatMap((h) => [h.fromId, h.toId]).filter((x): x is number => x != null) } } })).map((p) => [p.id, displayName(p)]),
  );
  const listing = e.listings[0];
  return {
    ...editionSummary(e, me),
    collection: { id: e.collection.id, slug: e.collection.slug, title: t(e.collection.title, me), supplyCap: e.collection.supplyCap },
    attributes: [
      { trait: 'model', value: e.model, permille: e.modelPermille },
      { trait: 'backdrop', value: e.backdrop, permille: e.backdropPermille },
      { trait: 'symbol', value: e.symbol, permille: e.symbolPermille },
    ],
    rank,
    total,
    owner: e.owner ? { name: displayName(e.owner), username: e.owner.username, isMe: e.owner.id === me.id } : null,
    history: e.history.map((h) => ({
      kind: h.kind,
      from: h.fromId != null ? people.get(h.fromId) ?? null : null,
      to: h.toId != null ? people.get(h.toId) ?? null : null,
      currency: h.currency,
      price: h.price?.toString() ?? null,
      message: h.message,
      at: h.createdAt.toISOString(),
    })),
    onChain: e.nftAddress ? { address: e.nftAddress, index: e.nftIndex?.toString() ?? null, mintedAt: e.mintedAt?.toISOString() ?? null } : null,
    listing: listing ? { id: listing.id, currency: listing.currency, price: listing.price.toString() } : null,
    dropId: e.dropId,
  };
}

/** Locks an edition the caller owns and that is free to move (not listed, not on chain). */
export async function ownedFree(tx: Parameters<Parameters<typeof inTx>[1]>[0], me: Participant, editionId: number) {
  const [row] = await tx.$queryRawUnsafe<{ id: number }[]>(`SELECT id FROM "Edition" WHERE id = $1 FOR UPDATE`, editionId);
  if (!row) throw new DomainError(AppCodes.EDITION_NOT_FOUND, 'NOT_FOUND', 'This collectible does not exist.');
  const e = await tx.edition.findUniqueOrThrow({ where: { id: editionId }, include: { listings: { where: { status: 'ACTIVE' } } } });
  if (e.ownerId !== me.id) throw new DomainError(AppCodes.NOT_OWNER, 'FORBIDDEN', 'This collectible is not yours.');
  if (e.nftAddress) throw new DomainError(AppCodes.EDITION_LOCKED, 'PRECONDITION_FAILED', 'This collectible lives on TON now; bring it back to trade it here.');
  return e;
}

export async function giftEdition(deps: AppDeps, me: Participant, editionId: number, recipient: RecipientKey, message: string | null, idem?: Idem) {
  const now = deps.clock.now();
  const { value } = await oneAtATime(`edition:${editionId}`, () => inTx(deps.prisma, (tx) => once(tx, me.id, idem, async () => {
    const e = await ownedFree(tx, me, editionId);
    if (e.listings.length) throw new DomainError(AppCodes.EDITION_LOCKED, 'PRECONDITION_FAILED', 'Remove it from the marketplace before gifting.');
    const to = await recipientOf(tx, recipient);
    if (to.id === me.id) throw new DomainError(AppCodes.VALIDATION, 'BAD_REQUEST', 'You cannot gift to yourself.');
    await tx.edition.update({ where: { id: editionId }, data: { ownerId: to.id, showcased: false } });
    const gift = await tx.editionTransfer.create({ data: { editionId, fromId: me.id, toId: to.id, kind: 'GIFT', message, createdAt: now } });
    await audit(tx, { actorId: me.id, action: 'edition.gifted', subjectType: 'edition', subjectId: editionId, data: { to: to.id } });
    const c = await tx.collection.findUniqueOrThrow({ where: { id: e.collectionId } });
    const from = displayName(me);
    const text = (l: Lang) => {
      const name = `${pick(c.title, l)} #${e.number}`;
      const note = message ? `\n\n“${message}”` : '';
      return l === 'ru' ? `🎁 ${from} дарит вам коллекционный предмет: ${name}.${note}` : `🎁 ${from} sent you a collectible: ${name}.${note}`;
    };
    await notifyLater(tx, to.id, text, `edition-transfer:${gift.id}:gift`, e);
    // Named as the picker showed them: a gift by @username or from the picker reveals no Telegram id.
    return { editionId, recipient: { name: displayName(to), username: to.username } };
  })));
  return value;
}

export async function setShowcase(deps: AppDeps, me: Participant, editionIds: number[]) {
  await inTx(deps.prisma, async (tx) => {
    const owned = await tx.edition.count({ where: { id: { in: editionIds }, ownerId: me.id } });
    if (owned !== new Set(editionIds).size) throw new DomainError(AppCodes.NOT_OWNER, 'FORBIDDEN', 'You can only show what you own.');
    await tx.edition.updateMany({ where: { ownerId: me.id }, data: { showcased: false } });
    await tx.edition.updateMany({ where: { id: { in: editionIds } }, data: { showcased: true } });
  });
  return { showcased: editionIds };
}

export async function showcaseOf(deps: AppDeps, me: Participant, telegramId: bigint) {
  const p = await deps.prisma.participant.findUnique({ where: { telegramId } });
  if (!p) throw new DomainError(AppCodes.PARTICIPANT_NOT_FOUND, 'NOT_FOUND', 'No such participant.');
  const eds = await deps.prisma.edition.findMany({ where: { ownerId: p.id, showcased: true }, include: { collection: true }, take: 12 });
  return { name: displayName(p), username: p.username, editions: eds.map((e) => editionSummary(e, me)) };
}

/** One edition from a drop's supply as a prize, inside the caller's transaction; once per key. Null when sold out. */
export async function prizeFromDrop(tx: Parameters<Parameters<typeof inTx>[1]>[0], dropId: number, participantId: number, key: string, kind: string, now: Date) {
  const done = await tx.edition.findFirst({ where: { dropId, rollInput: `${dropId}:award-${key}` } });
  if (done) return { edition: done, created: false };
  const product = await tx.product.findUnique({ where: { dropId } });
  if (product?.stock != null) {
    const n = await tx.$executeRawUnsafe(`UPDATE "Product" SET stock = stock - 1 WHERE id = $1 AND stock > 0`, product.id);
    if (n === 0) return null;
  }
  return { edition: await mintEdition(tx, { dropId, ownerId: participantId, purchaseId: `award-${key}`, kind, now }), created: true };
}

/** Admin award straight from a drop's supply (a rating prize): rolled like a purchase, keyed so a retry awards once. */
export async function awardFromDrop(deps: AppDeps, adminId: number, dropId: number, toTelegramId: bigint, key: string) {
  const now = deps.clock.now();
  return inTx(deps.prisma, async (tx) => {
    const to = await tx.participant.findUnique({ where: { telegramId: toTelegramId } });
    if (!to) throw new DomainError(AppCodes.RECIPIENT_NOT_FOUND, 'NOT_FOUND', 'No participant with this Telegram id.');
    const r = await prizeFromDrop(tx, dropId, to.id, key, 'AWARD', now);
    if (!r) throw new DomainError(AppCodes.SOLD_OUT, 'CONFLICT', 'Nothing left in this drop.');
    if (r.created) await audit(tx, { actorId: adminId, action: 'edition.awarded', subjectType: 'edition', subjectId: r.edition.id, data: { to: to.id, dropId } });
    return { editionId: r.edition.id, created: r.created };
  });
}
