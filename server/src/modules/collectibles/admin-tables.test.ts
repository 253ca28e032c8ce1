import { describe, expect, it } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { DEMO_ATTRIBUTES } from '../../seed/demo.ts';
import { failure, useHarness } from '../../test/harness.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';

// The collectibles section as console tables: every list filtered, sorted and paged on the server, and
// bad input refused naming the field. The harness's clock starts at 2026-11-24T12:00:00Z.
const h = useHarness({ ADMIN_TELEGRAM_IDS: '9800' });
const owner = { telegramId: 9800, firstName: 'Olga' };
const ann = { telegramId: 9811, firstName: 'Ann', username: 'ann_collects' };
const ben = { telegramId: 9812, firstName: 'Ben' };
const admin = () => h.as(owner).admin.collectibles;
const TON_ADDRESS = `0:${'c'.repeat(64)}`;

async function points(u: { telegramId: number }, amount: bigint) {
  await h.as(u).profile.me();
  const p = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(u.telegramId) } });
  await inTx(h.deps.prisma, (tx) =>
    transfer(tx, { key: `grant:${u.telegramId}:${amount}`, debit: { system: SystemAccount.ISSUANCE }, credit: { participantId: p.id }, currency: 'POINTS', amount, kind: 'AWARD' }),
  );
}

const collection = (slug: string, en: string, ru: string, extra: { supplyCap?: number; royaltyBps?: number } = {}) =>
  admin().createCollection({ slug, title: { en, ru }, description: { en: '', ru: '' }, supplyCap: extra.supplyCap ?? 100, royaltyBps: extra.royaltyBps, attributes: DEMO_ATTRIBUTES });

const drop = (collectionId: number, en: string, startsAt: string, over: { supply?: number; endsAt?: string } = {}) =>
  admin().createDrop({ collectionId, title: { en, ru: `${en} (ру)` }, supply: over.supply ?? 10, startsAt, endsAt: over.endsAt, pricePoints: '10' });

describe('collectibles back office as tables', () => {
  it('collections and drops: found by title in either language, on TON or not, by state now, sorted and paged', async () => {
    await h.as(owner).profile.me();
    const critters = await collection('critters', 'Critters', 'Зверята', { royaltyBps: 300 });
    const gems = await collection('gems', 'Gems', 'Самоцветы', { supplyCap: 10, royaltyBps: 100 });
    const birds = await collection('birds', 'Birds', 'Птицы', { supplyCap: 50 });
    await admin().setNftAddress({ collectionId: birds.id, address: TON_ADDRESS });
    const slugs = async (input: Record<string, unknown>) => (await admin().collections(input as never)).items.map((c) => c.slug);

    expect(await slugs({})).toEqual(['critters', 'gems', 'birds']);
    expect(await slugs({ search: 'САМОЦ' })).toEqual(['gems']);
    expect(await slugs({ search: 'crit' })).toEqual(['critters']);
    expect(await slugs({ chain: 'deployed' })).toEqual(['birds']);
    expect(await slugs({ chain: 'notDeployed', sort: { by: 'slug', dir: 'desc' } })).toEqual(['gems', 'critters']);
    expect(await slugs({ sort: { by: 'royalty', dir: 'asc' } })).toEqual(['gems', 'critters', 'birds']);
    expect(await slugs({ sort: { by: 'supplyCap', dir: 'desc' } })).toEqual(['critters', 'birds', 'gems']);
    const page = await admin().collections({ sort: { by: 'slug', dir: 'asc' }, page: 2, limit: 2 });
    expect([page.total, page.items.map((c) => c.slug)]).toEqual([3, ['gems']]);

    // Drops: one scheduled, one open, one over, one sold out.
    const winter = await drop(critters.id, 'Winter', '2026-12-01T00:00:00.000Z');
    await drop(critters.id, 'Autumn', '2026-11-01T00:00:00.000Z', { supply: 30 });
    await drop(gems.id, 'Summer', '2026-07-01T00:00:00.000Z', { endsAt: '2026-08-01T00:00:00.000Z', supply: 5 });
    const single = await drop(gems.id, 'Single', '2026-11-20T00:00:00.000Z', { supply: 1 });
    await points(ann, 1000n);
    await h.as(ann).collectibles.buy({ dropId: single.id, currency: 'POINTS' });
    const drops = async (input: Record<string, unknown>) => (await admin().drops(input as never)).items.map((d) => d.title.en);

    expect(await drops({})).toEqual(['Single', 'Summer', 'Autumn', 'Winter']);
    expect(await drops({ status: 'SCHEDULED' })).toEqual(['Winter']);
    expect(await drops({ status: 'OPEN' })).toEqual(['Autumn']);
    expect(await drops({ status: 'ENDED' })).toEqual(['Summer']);
    expect(await drops({ status: 'SOLD_OUT' })).toEqual(['Single']);
    expect((await admin().drops({ status: 'SCHEDULED' })).items[0]).toMatchObject({ id: winter.id, status: 'SCHEDULED', editable: true });
    expect(await drops({ collectionId: gems.id })).toEqual(['Single', 'Summer']);
    expect(await drops({ search: 'autumn (РУ)' })).toEqual(['Autumn']);
    expect(await drops({ sort: { by: 'startsAt', dir: 'asc' } })).toEqual(['Summer', 'Autumn', 'Single', 'Winter']);
    expect(await drops({ sort: { by: 'endsAt', dir: 'asc' } })).toEqual(['Summer', 'Winter', 'Autumn', 'Single']);
    expect(await drops({ sort: { by: 'supply', dir: 'desc' }, page: 2, limit: 3 })).toEqual(['Single']);
    expect((await admin().drops({ limit: 3 })).total).toBe(4);
  });

  it('editions, sales and mint requests: by where they are, by person or number, sorted and paged', async () => {
    await h.as(owner).profile.me();
    const c = await collection('critters', 'Critters', 'Зверята');
    const other = await collection('gems', 'Gems', 'Самоцветы');
    const d = await drop(c.id, 'Drop', '2026-11-01T00:00:00.000Z');
    const g = await drop(other.id, 'Gem drop', '2026-11-01T00:00:00.000Z');
    await points(ann, 10_000n);
    await points(ben, 10_000n);
    const bought: number[] = [];
    for (const u of [ann, ann, ann, ben, ben]) bought.push((await h.as(u).collectibles.buy({ dropId: d.id, currency: 'POINTS' })).editionId!);
    const gem = (await h.as(ben).collectibles.buy({ dropId: g.id, currency: 'POINTS' })).editionId!;

    // Ann sells #1 to Ben for 500 and #2 for 200; Ben sells his gem to Ann for 50 and lists #4 (not sold).
    for (const [seller, buyer, editionId, price] of [[ann, ben, bought[0], '500'], [ann, ben, bought[1], '200'], [ben, ann, gem, '50']] as const) {
      const l = await h.as(seller).market.list({ editionId, currency: 'POINTS', price });
      await h.as(buyer).market.buy({ listingId: l.id });
    }
    await h.as(ben).market.list({ editionId: bought[3], currency: 'POINTS', price: '900' });
    await h.deps.prisma.edition.update({ where: { id: bought[4] }, data: { nftAddress: TON_ADDRESS } });

    const numbers = async (input: Record<string, unknown>) => (await admin().editions({ collectionId: c.id, limit: 50, ...input } as never)).items.map((e) => e.number);
    expect(await numbers({ state: 'listed' })).toEqual([4]);
    expect(await numbers({ state: 'ton' })).toEqual([5]);
    expect(await numbers({ state: 'app' })).toEqual([1, 2, 3]);
    expect(await numbers({ state: 'app', owner: 'ben' })).toEqual([1, 2]);
    // The rarest first (the smallest chance of the combination).
    const byRarity = (await admin().editions({ collectionId: c.id, page: 1, sort: { by: 'rarity', dir: 'asc' }, limit: 50 })).items.map((e) => BigInt(e.rarity));
    expect(byRarity).toEqual([...byRarity].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const second = await admin().editions({ collectionId: c.id, page: 2, sort: { by: 'number', dir: 'desc' }, limit: 2 });
    expect([second.total, second.items.map((e) => e.number), second.nextCursor]).toEqual([5, [3, 2], null]);

    // Sales: by collection, currency, a person on either side, an edition's number; sorted by price.
    const sales = async (input: Record<string, unknown>) => (await admin().sales(input as never)).items.map((s) => s.price);
    expect(await sales({})).toEqual(['50', '200', '500']);
    expect(await sales({ collectionId: c.id })).toEqual(['200', '500']);
    expect(await sales({ currency: 'STARS' })).toEqual([]);
    expect(await sales({ search: '@ann_collects', page: 1, sort: { by: 'price', dir: 'desc' } })).toEqual(['500', '200', '50']);
    expect(await sales({ search: '#1', collectionId: c.id })).toEqual(['500']);
    const salesPage = await admin().sales({ page: 2, sort: { by: 'price', dir: 'asc' }, limit: 2 });
    expect([salesPage.total, salesPage.items.map((s) => [s.price, s.seller?.name, s.buyer?.name])]).toEqual([3, [['500', 'Ann', 'Ben']]]);
    // The summary keeps its own first page of the same sales.
    expect((await admin().marketActivity({ days: 30, limit: 2 })).sales).toMatchObject({ total: 3, items: [{ price: '50' }, { price: '200' }] });

    // Mint requests, written as the mint would write them: one failed after three sends, one a transfer out of custody.
    const p = (u: { telegramId: number }) => h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(u.telegramId) } });
    const request = async (editionId: number, who: { telegramId: number }, over: Record<string, unknown> = {}) =>
      h.deps.prisma.mintRequest.create({
        data: { editionId, participantId: (await p(who)).id, collection: TON_ADDRESS, item: `0:${String(editionId).padStart(64, 'd')}`, owner: `0:${'e'.repeat(64)}`, index: BigInt(editionId), content: 'x', eventKey: `mint:${editionId}`, ...over },
      });
    await request(bought[2], ann, { status: 'FAILED', sends: 3, lastError: 'no answer' });
    await request(bought[4], ben, { status: 'CONFIRMED', sends: 1 });
    await request(gem, ann, { again: true, sends: 0 });
    const mints = async (input: Record<string, unknown>) => (await admin().mintRequests({ limit: 50, ...input } as never)).items.map((m) => m.edition.number);
    expect(await mints({})).toEqual([1, 5, 3]);
    expect(await mints({ kind: 'TRANSFER' })).toEqual([1]);
    expect(await mints({ collectionId: c.id, status: 'FAILED' })).toEqual([3]);
    expect(await mints({ search: 'Ann' })).toEqual([1, 3]);
    expect(await mints({ search: '#5' })).toEqual([5]);
    expect(await mints({ page: 1, sort: { by: 'sends', dir: 'desc' } })).toEqual([3, 5, 1]);
    const mintPage = await admin().mintRequests({ page: 2, sort: { by: 'id', dir: 'asc' }, limit: 2 });
    expect(mintPage).toMatchObject({ total: 3, nextCursor: null, counts: { FAILED: 1, CONFIRMED: 1, REQUESTED: 1 } });
    expect(mintPage.items.map((m) => [m.kind, m.participant?.name])).toEqual([['TRANSFER', 'Ann']]);
  });

  it('refuses a sort it does not offer, an unknown state and ids past INTEGER, naming the field', async () => {
    await h.as(owner).profile.me();
    const c = await collection('critters', 'Critters', 'Зверята');
    const refused = async (call: Promise<unknown>, field: string) =>
      expect(await failure(call), field).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining(field) });
    await refused(admin().collections({ sort: { by: 'holders', dir: 'asc' } } as never), 'sort');
    await refused(admin().collections({ limit: 201 }), 'limit');
    await refused(admin().drops({ collectionId: 2 ** 31 }), 'collectionId');
    await refused(admin().drops({ status: 'LIVE' } as never), 'status');
    await refused(admin().editions({ collectionId: c.id, state: 'lost', limit: 10 } as never), 'state');
    await refused(admin().editions({ collectionId: 2 ** 31, limit: 10 }), 'collectionId');
    await refused(admin().editions({ collectionId: c.id, page: 0, limit: 10 }), 'page');
    await refused(admin().mintRequests({ cursor: 2 ** 31, limit: 10 }), 'cursor');
    await refused(admin().mintRequests({ kind: 'BURN', limit: 10 } as never), 'kind');
    await refused(admin().sales({ collectionId: -1 }), 'collectionId');
    await refused(admin().sales({ currency: 'USD' } as never), 'currency');
    await refused(admin().sales({ search: 'a\u0000b' }), 'search');
    // An id that fits but names nothing is a clear NOT_FOUND for the one list scoped to a collection.
    expect(await failure(admin().editions({ collectionId: 2 ** 31 - 1, limit: 10 }))).toMatchObject({ code: 'NOT_FOUND', appCode: 'COLLECTION_NOT_FOUND' });
  });
});
