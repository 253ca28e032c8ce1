import type { DevUser } from '../modules/auth/init-data.ts';
import { DEMO_ATTRIBUTES } from '../seed/demo.ts';
import { namedWallet } from './ton-wallets.ts';

/**
 * Many operations at once on the same few participants and collectibles: points purchases, market
 * buys, listings, gifts and withdrawals, with the invariants checked afterwards. One scenario, two
 * transports: the PostgreSQL test drives it through the router, the benchmark over HTTP.
 */

export type Outcome = { ok: true; data: any } | { ok: false; status: number; code: string; appCode: string; message: string };
/** Calls a procedure as `user` (the Mini App's way: signed initData). */
export type Call = (user: DevUser, path: string, input?: unknown) => Promise<Outcome>;
/** Reads the database (the checks only read). */
export type Query = (sql: string, params?: unknown[]) => Promise<any[]>;

export type OpKind = 'spend' | 'buy' | 'list' | 'gift' | 'withdraw';
export interface Op {
  kind: OpKind;
  user: DevUser;
  path: string;
  input: Record<string, unknown> & { idempotencyKey: string };
  /** Set on a repeat of an earlier operation (same participant, key and input), as a client retries. */
  repeatOf?: number;
}

/** The refusals each kind may meet when others race it; anything else is a fault. */
export const EXPECTED_REFUSALS: Record<OpKind, string[]> = {
  spend: ['INSUFFICIENT_FUNDS', 'SOLD_OUT'],
  buy: ['LISTING_NOT_AVAILABLE', 'OWN_LISTING', 'INSUFFICIENT_FUNDS'],
  list: ['NOT_OWNER', 'EDITION_LOCKED'],
  gift: ['NOT_OWNER', 'EDITION_LOCKED'],
  withdraw: ['INSUFFICIENT_FUNDS', 'WITHDRAWAL_DAILY_LIMIT'],
};

export interface RaceOptions {
  owner: DevUser;
  /** First Telegram id of the racing participants (they get consecutive ids). */
  telegramIdBase: number;
  participants?: number;
  /** Editions each participant holds before the race. */
  editionsEach?: number;
  /** The host of PUBLIC_URL (ton_proof's domain) and the server's clock in seconds, to link wallets. */
  domain: string;
  nowSeconds: () => number;
  /** Distinguishes the slugs of several races on one database. */
  tag: string;
}

export interface RaceSetup {
  people: DevUser[];
  productId: number;
  productStock: number;
  collectionId: number;
  /** Each edition and who held it when the race began. */
  editions: { id: number; owner: number }[];
  /** Listings in the race have ids from here (the first ones were made before it). */
  firstListingId: number;
  listedBefore: number;
}

const POINTS_EACH = 2_000n;
const TON_EACH = 3_000_000_000n;
const ITEM_PRICE = 150n;
const ITEM_STOCK = 80;

async function ok(p: Promise<Outcome>, what: string) {
  const r = await p;
  if (!r.ok) throw new Error(`${what}: ${r.status} ${r.appCode} ${r.message}`);
  return r.data;
}

/** A points product, a drop, participants with points, TON and a linked wallet, editions, some listed. */
export async function setUpRace(call: Call, o: RaceOptions): Promise<RaceSetup> {
  const n = o.participants ?? 8;
  const each = o.editionsEach ?? 3;
  const owner = o.owner;
  await ok(call(owner, 'profile.me'), 'owner signs in');
  const product = await ok(
    call(owner, 'admin.catalog.saveProduct', {
      slug: `race-item-${o.tag}`,
      kind: 'ITEM',
      title: { en: 'Race badge', ru: 'Значок гонки' },
      description: { en: 'A badge', ru: 'Значок' },
      prices: [{ currency: 'POINTS', amount: String(ITEM_PRICE) }],
      stock: ITEM_STOCK,
    }),
    'product',
  );
  const collection = await ok(
    call(owner, 'admin.collectibles.createCollection', {
      slug: `race-${o.tag}`,
      title: { en: 'Racers', ru: 'Гонщики' },
      description: { en: 'Racers', ru: 'Гонщики' },
      supplyCap: n * each,
      attributes: DEMO_ATTRIBUTES,
    }),
    'collection',
  );
  const drop = await ok(
    call(owner, 'admin.collectibles.createDrop', {
      collectionId: collection.id,
      title: { en: 'Racers drop', ru: 'Дроп гонщиков' },
      supply: n * each,
      startsAt: new Date((o.nowSeconds() - 3600) * 1000).toISOString(),
      pricePoints: '100',
    }),
    'drop',
  );
  const people = Array.from({ length: n }, (_, i) => ({ telegramId: o.telegramIdBase + i, firstName: `Racer ${i + 1}` }));
  const editions: { id: number; owner: number }[] = [];
  for (const [i, u] of people.entries()) {
    await ok(call(u, 'profile.me'), 'sign in');
    const tid = String(u.telegramId);
    await ok(call(owner, 'admin.ledger.award', { telegramId: tid, currency: 'POINTS', amount: String(POINTS_EACH + 100n * BigInt(each)), reason: 'race stake' }), 'points');
    await ok(call(owner, 'admin.ledger.award', { telegramId: tid, currency: 'TON', amount: String(TON_EACH), reason: 'race stake' }), 'TON');
    const w = namedWallet(`race-${o.tag}-${u.telegramId}`);
    const { payload } = await ok(call(u, 'wallet.proofPayload'), 'proof payload');
    await ok(call(u, 'wallet.link', w.proof(payload, o.domain, o.nowSeconds())), 'wallet');
    for (let k = 0; k < each; k++) {
      const bought = await ok(call(u, 'collectibles.buy', { dropId: drop.id, currency: 'POINTS' }), 'edition');
      editions.push({ id: bought.editionId, owner: i });
    }
  }
  // One edition in three goes on sale before the race, so buys have something to find from the start.
  let firstListingId = 0;
  let listedBefore = 0;
  for (const [k, e] of editions.entries()) {
    if (k % 3 !== 0) continue;
    const l = await ok(call(people[e.owner], 'market.list', { editionId: e.id, currency: 'POINTS', price: String(100 + 25 * (k % 8)) }), 'listing');
    if (!firstListingId) firstListingId = l.id;
    listedBefore++;
  }
  return { people, productId: product.id, productStock: ITEM_STOCK, collectionId: collection.id, editions, firstListingId, listedBefore };
}

/** A small seeded generator (mulberry32), so a run that finds something can be repeated. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}

/**
 * `count` operations: a quarter points purchases, a fifth each market buys, listings and withdrawals,
 * the rest gifts; listings and gifts are made by whoever held the edition when the race began (so
 * later ones meet a changed owner), buys aim at listings made before and during the race, and one in
 * twenty is a client's retry of an earlier one under the same idempotency key.
 */
export function raceOperations(s: RaceSetup, count: number, seed: number, tag: string): Op[] {
  const r = random(seed);
  const ops: Op[] = [];
  const listOps = Math.round(count * 0.2);
  const listingIds = s.listedBefore + listOps;
  for (let i = 0; i < count; i++) {
    if (i > 20 && r.next() < 0.05) {
      const j = r.int(i);
      const first = ops[j].repeatOf ?? j;
      ops.push({ ...ops[first], repeatOf: first });
      continue;
    }
    const key = `race-${tag}-${i}`;
    const who = r.int(s.people.length);
    const x = r.next();
    const e = s.editions[r.int(s.editions.length)];
    if (x < 0.25) {
      ops.push({ kind: 'spend', user: s.people[who], path: 'shop.buy', input: { productId: s.productId, currency: 'POINTS', idempotencyKey: key } });
    } else if (x < 0.45) {
      ops.push({ kind: 'buy', user: s.people[who], path: 'market.buy', input: { listingId: s.firstListingId + r.int(listingIds), idempotencyKey: key } });
    } else if (x < 0.65) {
      const price = String(50 + 10 * r.int(36));
      ops.push({ kind: 'list', user: s.people[e.owner], path: 'market.list', input: { editionId: e.id, currency: 'POINTS', price, idempotencyKey: key } });
    } else if (x < 0.8) {
      const to = (e.owner + 1 + r.int(s.people.length - 1)) % s.people.length;
      ops.push({ kind: 'gift', user: s.people[e.owner], path: 'collectibles.gift', input: { editionId: e.id, toTelegramId: String(s.people[to].telegramId), idempotencyKey: key } });
    } else {
      const amount = String(100_000_000 * (1 + r.int(6)));
      ops.push({ kind: 'withdraw', user: s.people[who], path: 'withdrawals.request', input: { amount, idempotencyKey: key } });
    }
  }
  return ops;
}

/** Starts every operation at once and waits for all of them. */
export function runRace(call: Call, ops: Op[]): Promise<Outcome[]> {
  return Promise.all(ops.map((op) => call(op.user, op.path, op.input).catch((e): Outcome => ({ ok: false, status: 0, code: 'THROWN', appCode: 'THROWN', message: String(e) }))));
}

export interface RaceReport {
  /** Per kind: how many succeeded, and the refusals by stable code. */
  outcomes: Record<OpKind, { ok: number; refused: Record<string, number> }>;
  /** Answers with a 5xx status (or no answer at all). */
  serverErrors: number;
  /** Everything found wrong; empty when the race kept every promise. */
  problems: string[];
  audit: { sums: Record<string, string>; negative: number; drifted: number };
}

/**
 * What must hold after the race: refusals only by an expected stable code, never a 5xx; the ledger
 * sums to zero per currency with no balance below zero or apart from its transfers; every edition has
 * one owner whose chain of transfers is unbroken, at most one active listing (by its owner); each
 * success left exactly one effect, and repeats answered like the first call.
 */
export async function checkRace(call: Call, query: Query, s: RaceSetup, ops: Op[], results: Outcome[], owner: DevUser): Promise<RaceReport> {
  const problems: string[] = [];
  const kinds: OpKind[] = ['spend', 'buy', 'list', 'gift', 'withdraw'];
  const outcomes = Object.fromEntries(kinds.map((k) => [k, { ok: 0, refused: {} as Record<string, number> }])) as RaceReport['outcomes'];
  let serverErrors = 0;
  // Distinct keys that took effect, per kind (a repeat adds nothing).
  const effective = Object.fromEntries(kinds.map((k) => [k, new Set<string>()])) as Record<OpKind, Set<string>>;
  for (const [i, op] of ops.entries()) {
    const r = results[i];
    const tally = outcomes[op.kind];
    if (r.ok) {
      tally.ok++;
      effective[op.kind].add(op.input.idempotencyKey);
    } else {
      tally.refused[r.appCode] = (tally.refused[r.appCode] ?? 0) + 1;
      if (r.status >= 500 || r.status === 0) serverErrors++;
      if (!EXPECTED_REFUSALS[op.kind].includes(r.appCode)) problems.push(`${op.kind} #${i} refused with ${r.status} ${r.code}/${r.appCode}: ${r.message}`);
    }
    if (op.repeatOf != null && r.ok && results[op.repeatOf].ok) {
      const a = JSON.stringify((results[op.repeatOf] as { data: unknown }).data);
      const b = JSON.stringify(r.data);
      if (a !== b) problems.push(`repeat #${i} of #${op.repeatOf} answered ${b}, the first ${a}`);
    }
  }

  const audit = await call(owner, 'admin.ledger.audit');
  if (!audit.ok) throw new Error(`admin.ledger.audit: ${audit.status} ${audit.appCode}`);
  const a = audit.data as { sums: Record<string, string>; drifted: unknown[]; negative: number };
  for (const [currency, sum] of Object.entries(a.sums)) if (sum !== '0') problems.push(`${currency} sums to ${sum}, not 0`);
  if (a.negative) problems.push(`${a.negative} participant balances below zero`);
  if (a.drifted.length) problems.push(`${a.drifted.length} balances differ from their transfers`);

  const editionIds = s.editions.map((e) => e.id);
  problems.push(...(await editionProblems(query, editionIds)));
  const [counts] = await query(
    `SELECT
       (SELECT count(*)::int FROM "Listing" WHERE "editionId" = ANY($1::int[]) AND id >= $2::int + $3::int) AS listed,
       (SELECT count(*)::int FROM "Listing" WHERE "editionId" = ANY($1::int[]) AND status = 'SOLD') AS sold,
       (SELECT count(*)::int FROM "EditionTransfer" WHERE "editionId" = ANY($1::int[]) AND kind = 'SALE') AS sales,
       (SELECT count(*)::int FROM "EditionTransfer" WHERE "editionId" = ANY($1::int[]) AND kind = 'GIFT') AS gifts,
       (SELECT count(*)::int FROM "Order" WHERE "productId" = $4::int AND status = 'FULFILLED') AS orders,
       (SELECT stock FROM "Product" WHERE id = $4::int) AS stock,
       (SELECT count(*)::int FROM "Withdrawal" w JOIN "Participant" p ON p.id = w."participantId" WHERE p."telegramId" = ANY($5::bigint[])) AS withdrawals`,
    [editionIds, s.firstListingId, s.listedBefore, s.productId, s.people.map((p) => String(p.telegramId))],
  );
  const expect = (what: string, got: number, want: number) => {
    if (got !== want) problems.push(`${what}: ${got} in the database, ${want} successful calls`);
  };
  expect('listings made', counts.listed, effective.list.size);
  expect('listings sold', counts.sold, effective.buy.size);
  expect('sale transfers', counts.sales, effective.buy.size);
  expect('gift transfers', counts.gifts, effective.gift.size);
  expect('orders', counts.orders, effective.spend.size);
  expect('withdrawals', counts.withdrawals, effective.withdraw.size);
  if (counts.stock + counts.orders !== s.productStock) problems.push(`stock ${counts.stock} + orders ${counts.orders} is not the ${s.productStock} there were`);
  return { outcomes, serverErrors, problems, audit: { sums: a.sums, negative: a.negative, drifted: a.drifted.length } };
}

/**
 * "No edition owned twice", as the database shows it: each transfer of an edition starts where the
 * previous one ended and the last ends at its owner, and an active listing is its owner's. Every
 * edition, or those given.
 */
export async function editionProblems(query: Query, editionIds: number[] | null = null): Promise<string[]> {
  const problems: string[] = [];
  const broken = await query(
    `SELECT e.id FROM "Edition" e
      WHERE ($1::int[] IS NULL OR e.id = ANY($1::int[]))
        AND (EXISTS (SELECT 1 FROM (SELECT "fromId", lag("toId") OVER (ORDER BY id) AS prev, id FROM "EditionTransfer" t WHERE t."editionId" = e.id) x
                      WHERE x.prev IS NOT NULL AND x."fromId" IS DISTINCT FROM x.prev)
             OR e."ownerId" IS DISTINCT FROM (SELECT "toId" FROM "EditionTransfer" t WHERE t."editionId" = e.id ORDER BY id DESC LIMIT 1))`,
    [editionIds],
  );
  if (broken.length) problems.push(`editions whose owner does not follow from their transfers: ${broken.map((b) => b.id).join(', ')}`);
  const badListings = await query(
    `SELECT l.id FROM "Listing" l JOIN "Edition" e ON e.id = l."editionId"
      WHERE ($1::int[] IS NULL OR l."editionId" = ANY($1::int[])) AND l.status = 'ACTIVE' AND l."sellerId" <> e."ownerId"`,
    [editionIds],
  );
  if (badListings.length) problems.push(`active listings by someone who no longer owns the edition: ${badListings.map((b) => b.id).join(', ')}`);
  return problems;
}
