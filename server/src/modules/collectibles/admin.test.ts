import { describe, expect, it } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { DEMO_ATTRIBUTES } from '../../seed/demo.ts';
import { failure, useHarness } from '../../test/harness.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';
import { roll } from '../editions/roll.ts';

const h = useHarness({ ADMIN_TELEGRAM_IDS: '9700' });
const owner = { telegramId: 9700, firstName: 'Olga' };
const finance = { telegramId: 9701, firstName: 'Fay' };
const ann: { telegramId: number; firstName: string; username?: string } = { telegramId: 9711, firstName: 'Ann', username: 'ann_collects' };
const ben = { telegramId: 9712, firstName: 'Ben' };
const cat = { telegramId: 9713, firstName: 'Cat' };

async function points(u: { telegramId: number }, amount: bigint) {
  await h.as(u).profile.me();
  const p = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(u.telegramId) } });
  await inTx(h.deps.prisma, (tx) =>
    transfer(tx, { key: `grant:${u.telegramId}:${Math.random()}`, debit: { system: SystemAccount.ISSUANCE }, credit: { participantId: p.id }, currency: 'POINTS', amount, kind: 'AWARD' }),
  );
}

async function collection(slug = 'critters', supplyCap = 100) {
  await h.as(owner).profile.me();
  return h.as(owner).admin.collectibles.createCollection({ slug, title: { en: 'Critters', ru: 'Зверята' }, description: { en: '', ru: '' }, supplyCap, attributes: DEMO_ATTRIBUTES });
}

const admin = () => h.as(owner).admin.collectibles;

describe('collectibles back office: collections', () => {
  it('lists collections with editions minted, held, listed and sales volume; edits what may still change', async () => {
    const c = await collection();
    const d = await admin().createDrop({ collectionId: c.id, title: { en: 'Drop', ru: 'Дроп' }, supply: 10, startsAt: '2026-11-24T00:00:00.000Z', pricePoints: '100' });
    await points(ann, 1000n);
    await points(ben, 1000n);
    const a1 = await h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS' });
    await h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS' });
    const b1 = await h.as(ben).collectibles.buy({ dropId: d.id, currency: 'POINTS' });
    const l1 = await h.as(ann).market.list({ editionId: a1.editionId!, currency: 'POINTS', price: '400' });
    await h.as(ben).market.buy({ listingId: l1.id });
    await h.as(ben).market.list({ editionId: b1.editionId!, currency: 'POINTS', price: '900' });

    const row = (await admin().collections()).items[0];
    expect(row).toMatchObject({ id: c.id, slug: 'critters', drops: 1, minted: 3, held: 3, onChain: 0, holders: 2, listed: 1, supplyCap: 100, royaltyBps: 500 });
    expect(row.volume).toEqual([{ currency: 'POINTS', sales: 1, volume: '400', fees: '10' }]);

    await admin().updateCollection({ collectionId: c.id, title: { en: 'Critters II', ru: 'Зверята II' }, supplyCap: 50, royaltyBps: 250 });
    expect((await admin().collections()).items[0]).toMatchObject({ title: { en: 'Critters II', ru: 'Зверята II' }, supplyCap: 50, royaltyBps: 250 });
    // Editions were rolled from the tables and three exist: neither may be undercut.
    expect(await failure(admin().updateCollection({ collectionId: c.id, attributes: DEMO_ATTRIBUTES }))).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'COLLECTION_LOCKED' });
    expect(await failure(admin().updateCollection({ collectionId: c.id, supplyCap: 2 }))).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'COLLECTION_LOCKED' });
    expect(await failure(admin().updateCollection({ collectionId: 987_654, title: { en: 'x', ru: 'x' } }))).toMatchObject({ code: 'NOT_FOUND', appCode: 'COLLECTION_NOT_FOUND' });
  });

  it('lets the attribute tables change while nothing was rolled, and only to tables that add up', async () => {
    const c = await collection();
    const tables = { ...DEMO_ATTRIBUTES, symbol: [{ value: 'Star', permille: 1000 }] };
    await admin().updateCollection({ collectionId: c.id, attributes: tables });
    expect((await admin().collections()).items[0].attributes.symbol).toEqual([{ value: 'Star', permille: 1000 }]);
    const bad = { ...DEMO_ATTRIBUTES, symbol: [{ value: 'Star', permille: 999 }] };
    expect(await failure(admin().updateCollection({ collectionId: c.id, attributes: bad }))).toMatchObject({ code: 'BAD_REQUEST', appCode: 'VALIDATION' });
    expect(await failure(admin().updateCollection({ collectionId: c.id, royaltyBps: 5001 }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('royaltyBps') });
  });
});

describe('collectibles back office: drops', () => {
  it('reschedules, reprices and resizes a drop before it opens, and refuses once it has', async () => {
    const c = await collection();
    const d = await admin().createDrop({ collectionId: c.id, title: { en: 'Winter', ru: 'Зима' }, supply: 10, startsAt: '2026-12-01T00:00:00.000Z', pricePoints: '100' });
    // An award taken before the drop opens stays taken.
    await h.as(ann).profile.me();
    await admin().award({ dropId: d.id, telegramId: String(ann.telegramId), key: 'early-bird' });
    await admin().updateDrop({ dropId: d.id, startsAt: '2026-11-30T00:00:00.000Z', endsAt: '2026-12-10T00:00:00.000Z', supply: 5, pricePoints: '150', priceStars: '20' });
    const listed = (await admin().drops({ collectionId: c.id })).items[0];
    expect(listed).toMatchObject({ id: d.id, status: 'SCHEDULED', startsAt: '2026-11-30T00:00:00.000Z', endsAt: '2026-12-10T00:00:00.000Z', supply: 5, left: 4, editions: 1, editable: true, seedHash: d.seedHash, seedCommitted: true, revealed: false });
    expect(listed.prices).toHaveLength(2);
    expect(listed.prices).toEqual(expect.arrayContaining([{ currency: 'STARS', amount: '20' }, { currency: 'POINTS', amount: '150' }]));
    expect(listed.pricePoints).toBe('150');
    // What participants see follows.
    expect((await h.as(ann).collectibles.drops()).find((x) => x.id === d.id)).toMatchObject({ status: 'upcoming', left: 4, startsAt: '2026-11-30T00:00:00.000Z' });

    expect(await failure(admin().updateDrop({ dropId: d.id, supply: 0 }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('supply') });
    expect(await failure(admin().updateDrop({ dropId: d.id, endsAt: '2026-11-29T00:00:00.000Z' }))).toMatchObject({ code: 'BAD_REQUEST', appCode: 'VALIDATION' });
    expect(await failure(admin().updateDrop({ dropId: 424_242, supply: 3 }))).toMatchObject({ code: 'NOT_FOUND', appCode: 'DROP_NOT_FOUND' });

    h.clock.set('2026-11-30T00:00:01Z');
    expect((await admin().drops({})).items[0]).toMatchObject({ status: 'OPEN', editable: false });
    expect(await failure(admin().updateDrop({ dropId: d.id, supply: 8 }))).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'DROP_STARTED' });
    expect(await failure(admin().commitSeed({ dropId: d.id }))).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'DROP_STARTED' });
    expect((await h.deps.prisma.drop.findUniqueOrThrow({ where: { id: d.id } })).supply).toBe(5);
  });

  it('re-commits a fresh seed before anything is rolled, and the published hash follows', async () => {
    const c = await collection();
    const d = await admin().createDrop({ collectionId: c.id, title: { en: 'Winter', ru: 'Зима' }, supply: 3, startsAt: '2026-12-01T00:00:00.000Z', pricePoints: '100' });
    const again = await admin().commitSeed({ dropId: d.id });
    expect(again.seedHash).toMatch(/^[0-9a-f]{64}$/);
    expect(again.seedHash).not.toBe(d.seedHash);
    await h.as(ann).profile.me();
    expect((await h.as(ann).collectibles.drops())[0].seedHash).toBe(again.seedHash);
    // Once an edition was rolled from the seed, it is the drop's for good.
    await admin().award({ dropId: d.id, telegramId: String(ann.telegramId), key: 'prize-1' });
    expect(await failure(admin().commitSeed({ dropId: d.id }))).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'DROP_STARTED' });
    expect(await failure(admin().commitSeed({ dropId: 99_999 }))).toMatchObject({ code: 'NOT_FOUND', appCode: 'DROP_NOT_FOUND' });
  });

  it('reveals the seed only after the drop ended, and the reveal verifies every roll', async () => {
    const c = await collection();
    const d = await admin().createDrop({ collectionId: c.id, title: { en: 'Open', ru: 'Открыт' }, supply: 10, startsAt: '2026-11-24T00:00:00.000Z', pricePoints: '100' });
    await points(ann, 1000n);
    await h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS' });
    await h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS' });

    expect(await failure(admin().revealSeed({ dropId: d.id }))).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'DROP_STILL_OPEN' });
    expect(await h.as(ann).collectibles.verifyDrop({ dropId: d.id })).toMatchObject({ revealed: false, seed: null });

    await admin().endDrop({ dropId: d.id });
    expect(await failure(h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS' }))).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'DROP_NOT_OPEN' });
    const v = await admin().revealSeed({ dropId: d.id });
    expect(v).toMatchObject({ revealed: true, seedMatchesHash: true, allMatch: true, seedHash: d.seedHash });
    expect(v.rolls).toHaveLength(2);
    // Anyone can recompute a roll from the revealed seed with the published algorithm.
    const r = roll(v.seed!, d.id, v.rolls[1].input!.split(':')[1], v.tables);
    expect({ model: r.model.value, backdrop: r.backdrop.value, symbol: r.symbol.value }).toEqual(v.rolls[1].attributes);
    expect(await h.as(ben).collectibles.verifyDrop({ dropId: d.id })).toMatchObject({ seed: v.seed, allMatch: true });
    const row = (await admin().drops({})).items[0];
    expect(row).toMatchObject({ status: 'ENDED', revealed: true, revealedAt: '2026-11-24T12:00:00.000Z' });
    // Revealing twice changes nothing.
    expect(await admin().revealSeed({ dropId: d.id })).toMatchObject({ seed: v.seed });
    expect(await h.deps.prisma.auditLog.count({ where: { action: 'drop.seed_revealed' } })).toBe(1);
    expect(await failure(admin().revealSeed({ dropId: 77_777 }))).toMatchObject({ code: 'NOT_FOUND', appCode: 'DROP_NOT_FOUND' });
    expect(await failure(admin().revealSeed({ dropId: 0 }))).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('a sold-out drop can be revealed at once; a scheduled one neither ends nor reveals', async () => {
    const c = await collection();
    const d = await admin().createDrop({ collectionId: c.id, title: { en: 'Tiny', ru: 'Мини' }, supply: 1, startsAt: '2026-11-24T00:00:00.000Z', pricePoints: '100' });
    await points(ann, 1000n);
    await h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS' });
    expect((await admin().drops({})).items[0].status).toBe('SOLD_OUT');
    expect(await admin().revealSeed({ dropId: d.id })).toMatchObject({ allMatch: true });
    const later = await admin().createDrop({ collectionId: c.id, title: { en: 'Later', ru: 'Потом' }, supply: 1, startsAt: '2026-12-24T00:00:00.000Z', pricePoints: '100' });
    expect(await failure(admin().endDrop({ dropId: later.id }))).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'DROP_NOT_OPEN' });
    expect(await failure(admin().revealSeed({ dropId: later.id }))).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'DROP_STILL_OPEN' });
  });
});

describe('collectibles back office: editions', () => {
  it('pages a collection’s editions by number and finds them by number, attribute or owner', async () => {
    const c = await collection();
    const d = await admin().createDrop({ collectionId: c.id, title: { en: 'Drop', ru: 'Дроп' }, supply: 10, startsAt: '2026-11-24T00:00:00.000Z', pricePoints: '10' });
    await points(ann, 1000n);
    await points(ben, 1000n);
    for (let i = 0; i < 3; i++) await h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS' });
    for (let i = 0; i < 2; i++) await h.as(ben).collectibles.buy({ dropId: d.id, currency: 'POINTS' });

    const first = await admin().editions({ collectionId: c.id, limit: 2 });
    expect(first.items.map((e) => e.number)).toEqual([1, 2]);
    expect(first).toMatchObject({ total: 5, nextCursor: 2 });
    const second = await admin().editions({ collectionId: c.id, limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((e) => e.number)).toEqual([3, 4]);
    const third = await admin().editions({ collectionId: c.id, limit: 2, cursor: second.nextCursor! });
    expect(third).toMatchObject({ nextCursor: null });
    expect(third.items.map((e) => e.number)).toEqual([5]);

    const byAnn = await admin().editions({ collectionId: c.id, owner: '@ann_collects', limit: 50 });
    expect(byAnn.items.map((e) => e.number)).toEqual([1, 2, 3]);
    expect(byAnn.items[0].owner).toEqual({ telegramId: String(ann.telegramId), name: 'Ann', username: 'ann_collects' });
    expect((await admin().editions({ collectionId: c.id, owner: String(ben.telegramId), limit: 50 })).items.map((e) => e.number)).toEqual([4, 5]);
    expect((await admin().editions({ collectionId: c.id, search: '#4', limit: 50 })).items.map((e) => e.owner?.name)).toEqual(['Ben']);
    const model = (await admin().editions({ collectionId: c.id, limit: 1 })).items[0].model;
    const byModel = await admin().editions({ collectionId: c.id, search: model.slice(0, 4).toLowerCase(), limit: 50 });
    expect(byModel.items.length).toBeGreaterThan(0);
    expect(byModel.items.every((e) => [e.model, e.backdrop, e.symbol].some((v) => v.toLowerCase().includes(model.slice(0, 4).toLowerCase())))).toBe(true);

    expect(await failure(admin().editions({ collectionId: 31_337, limit: 10 }))).toMatchObject({ code: 'NOT_FOUND', appCode: 'COLLECTION_NOT_FOUND' });
    expect(await failure(admin().editions({ collectionId: c.id, limit: 1000 }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await failure(admin().editions({ collectionId: c.id, search: 'a\u0000b', limit: 10 }))).toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('collectibles back office: market', () => {
  it('sums sales, volume and fees per currency and day exactly as the ledger moved them', async () => {
    await h.as(finance).profile.me();
    await h.as(owner).admin.participants.setRole({ telegramId: String(finance.telegramId), role: 'FINANCE' });
    const c = await collection();
    const d = await admin().createDrop({ collectionId: c.id, title: { en: 'Drop', ru: 'Дроп' }, supply: 20, startsAt: '2026-10-01T00:00:00.000Z', pricePoints: '10' });
    for (const u of [ann, ben, cat]) await points(u, 100_000n);
    const buy = async (u: typeof ann) => (await h.as(u).collectibles.buy({ dropId: d.id, currency: 'POINTS' })).editionId!;
    const sell = async (seller: typeof ann, buyer: typeof ann, price: string) => {
      const l = await h.as(seller).market.list({ editionId: await buy(seller), currency: 'POINTS', price });
      return h.as(buyer).market.buy({ listingId: l.id });
    };

    // Forty days ago: outside a 30-day window.
    h.clock.set('2026-10-15T10:00:00Z');
    const old = await sell(ann, ben, '5000');
    // Two days ago at the default 2.5 %, yesterday at 5 %.
    h.clock.set('2026-11-22T09:00:00Z');
    await sell(ann, ben, '1000');
    await sell(ben, cat, '333');
    h.clock.set('2026-11-23T18:00:00Z');
    await h.as(finance).admin.collectibles.setMarketFee({ bps: 500 });
    await sell(cat, ann, '1000');
    h.clock.set('2026-11-24T12:00:00Z');

    const a = await h.as(finance).admin.collectibles.marketActivity({ days: 30, limit: 2 });
    expect(a).toMatchObject({ feeBps: 500, defaultFeeBps: 250, days: 30, since: '2026-10-26T00:00:00.000Z' });
    expect(a.daily).toEqual([
      { day: '2026-11-22', currency: 'POINTS', sales: 2, volume: '1333', fees: String(25 + 8) },
      { day: '2026-11-23', currency: 'POINTS', sales: 1, volume: '1000', fees: '50' },
    ]);
    // The ledger's own record of the same sales, summed independently.
    const moved = async (kind: string) =>
      (await h.deps.prisma.transfer.findMany({ where: { kind, NOT: { reference: `listing:${old.listingId}` } } })).reduce((s, t) => s + BigInt(t.amount), 0n).toString();
    expect(a.totals).toEqual([{ currency: 'POINTS', sales: 3, volume: await moved('MARKET_SALE'), fees: await moved('MARKET_FEE') }]);
    expect(a.totals[0]).toMatchObject({ volume: '2333', fees: '83' });

    expect(a.sales.total).toBe(3);
    expect(a.sales.items.map((s) => [s.price, s.fee, s.seller?.name, s.buyer?.name])).toEqual([
      ['1000', '50', 'Cat', 'Ann'],
      ['333', '8', 'Ben', 'Cat'],
    ]);
    const rest = await h.as(finance).admin.collectibles.marketActivity({ days: 30, limit: 2, cursor: a.sales.nextCursor! });
    expect(rest.sales).toMatchObject({ nextCursor: null, items: [{ price: '1000', fee: '25', seller: { name: 'Ann' }, buyer: { name: 'Ben' } }] });

    // A window wide enough takes the old sale in too, still equal to the ledger.
    const all = await h.as(finance).admin.collectibles.marketActivity({ days: 60, limit: 50 });
    const ledger = async (kind: string) => (await h.deps.prisma.transfer.aggregate({ where: { kind }, _sum: { amount: true } }))._sum.amount!.toString();
    expect(all.totals).toEqual([{ currency: 'POINTS', sales: 4, volume: await ledger('MARKET_SALE'), fees: await ledger('MARKET_FEE') }]);
    await h.expectLedgerBalanced();
  });

  it('keeps the fee within 0–20 % and only for who may set it', async () => {
    await h.as(finance).profile.me();
    await h.as(owner).admin.participants.setRole({ telegramId: String(finance.telegramId), role: 'FINANCE' });
    expect(await failure(h.as(finance).admin.collectibles.setMarketFee({ bps: 2001 }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('bps') });
    expect(await failure(h.as(finance).admin.collectibles.setMarketFee({ bps: -1 }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('bps') });
    expect(await failure(h.as(finance).admin.collectibles.setMarketFee({ bps: 2.5 }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('bps') });
    expect(await h.as(finance).admin.collectibles.setMarketFee({ bps: 2000 })).toEqual({ feeBps: 2000 });
    expect((await h.as(finance).admin.collectibles.marketActivity({ days: 7, limit: 10 })).feeBps).toBe(2000);
    // Finance sets the fee but does not run collections.
    expect(await failure(h.as(finance).admin.collectibles.collections())).toMatchObject({ code: 'FORBIDDEN', appCode: 'FORBIDDEN' });
    await h.as(ann).profile.me();
    expect(await failure(h.as(ann).admin.collectibles.marketActivity({ days: 7, limit: 10 }))).toMatchObject({ code: 'FORBIDDEN', appCode: 'FORBIDDEN' });
    expect(await failure(h.as(finance).admin.collectibles.marketActivity({ days: 0, limit: 10 }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('days') });
  });
});

describe('collectibles back office: mint requests', () => {
  it('refuses to retry an unknown request or one that has not failed', async () => {
    expect(await failure(admin().retryMint({ requestId: 4242 }))).toMatchObject({ code: 'NOT_FOUND', appCode: 'MINT_REQUEST_NOT_FOUND' });
    expect(await admin().mintRequests({ limit: 10 })).toEqual({ items: [], total: 0, nextCursor: null, counts: {} });
    expect(await failure(admin().mintRequests({ status: 'LOST' as never, limit: 10 }))).toMatchObject({ code: 'BAD_REQUEST' });
  });
});
