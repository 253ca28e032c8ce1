import { describe, expect, it } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { DEMO_ATTRIBUTES } from '../../seed/demo.ts';
import { failure, useHarness } from '../../test/harness.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';

// The marketplace's and gifting's rules one at a time: the fee and its rounding, who may list, delist,
// buy or gift what. Written from `pnpm mutate`'s survivors (scripts/mutate).
const h = useHarness({ ADMIN_TELEGRAM_IDS: '9700' });
const owner = { telegramId: 9700, firstName: 'Owner' };
const ann = { telegramId: 9701, firstName: 'Ann' };
const ben = { telegramId: 9702, firstName: 'Ben', username: 'ben_b' };

async function grant(u: { telegramId: number }, amount: bigint) {
  await h.as(u).profile.me();
  const p = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(u.telegramId) } });
  await inTx(h.deps.prisma, (tx) =>
    transfer(tx, { key: `grant:${u.telegramId}:${amount}`, debit: { system: SystemAccount.ISSUANCE }, credit: { participantId: p.id }, currency: 'POINTS', amount, kind: 'AWARD' }),
  );
  return p.id;
}
const points = async (u: { telegramId: number }) => (await h.as(u).ledger.balances()).find((b) => b.currency === 'POINTS')!.amount;
const fees = async () => (await h.deps.prisma.account.aggregate({ where: { code: SystemAccount.FEES, currency: 'POINTS' }, _sum: { balance: true } }))._sum.balance ?? 0n;

/** Ann owns an edition bought from a fresh drop (100 points), Ben has `benPoints`. */
async function annOwnsOne(benPoints = 1000n) {
  await h.as(owner).profile.me();
  const c = await h.as(owner).admin.collectibles.createCollection({
    slug: 'market-critters', title: { en: 'Critters', ru: 'Зверята' }, description: { en: 'Critters', ru: 'Зверята' }, supplyCap: 100, attributes: DEMO_ATTRIBUTES,
  });
  const d = await h.as(owner).admin.collectibles.createDrop({ collectionId: c.id, title: { en: 'Drop', ru: 'Дроп' }, supply: 5, startsAt: '2026-11-24T00:00:00.000Z', pricePoints: '100' });
  await grant(ann, 100n);
  if (benPoints > 0n) await grant(ben, benPoints);
  else await h.as(ben).profile.me();
  const { editionId } = await h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS' });
  return editionId!;
}

describe('a market sale', () => {
  it('takes the default 2.5 % fee from the seller into the fees account, and moves the edition off any showcase', async () => {
    const editionId = await annOwnsOne();
    await h.as(ann).collectibles.setShowcase({ editionIds: [editionId] });
    const l = await h.as(ann).market.list({ editionId, currency: 'POINTS', price: '400' });
    expect(l).toMatchObject({ editionId, currency: 'POINTS', price: '400', status: 'ACTIVE' });
    expect((await h.as(ben).market.listings({})).feeBps).toBe(250);
    expect(await h.as(ben).market.buy({ listingId: l.id })).toEqual({ listingId: l.id, editionId, price: '400', fee: '10', currency: 'POINTS' });
    expect([await points(ann), await points(ben), await fees()]).toEqual(['390', '600', 10n]);
    const annRows = (await h.as(ann).ledger.history()).items.filter((i) => i.kind.startsWith('MARKET'));
    expect(annRows.map((i) => [i.kind, i.direction, i.amount, i.reference])).toEqual([
      ['MARKET_FEE', 'out', '10', `listing:${l.id}`],
      ['MARKET_SALE', 'in', '400', `listing:${l.id}`],
    ]);
    const sold = await h.deps.prisma.listing.findUniqueOrThrow({ where: { id: l.id } });
    const benId = (await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(ben.telegramId) } })).id;
    expect(sold).toMatchObject({ status: 'SOLD', buyerId: benId, fee: 10n, closedAt: h.clock.now() });
    const edition = await h.deps.prisma.edition.findUniqueOrThrow({ where: { id: editionId } });
    expect(edition).toMatchObject({ ownerId: benId, showcased: false });
    const sale = await h.deps.prisma.editionTransfer.findFirstOrThrow({ where: { editionId, kind: 'SALE' } });
    expect(sale).toMatchObject({ toId: benId, currency: 'POINTS', price: 400n });
    const audit = await h.deps.prisma.auditLog.findFirstOrThrow({ where: { action: 'listing.sold' } });
    expect(audit).toMatchObject({ actorId: benId, subjectType: 'listing', subjectId: String(l.id), data: { price: '400', fee: '10', currency: 'POINTS' } });
    await h.expectLedgerBalanced();
  });

  it('takes no fee when the fee is zero or rounds down to nothing', async () => {
    const editionId = await annOwnsOne();
    expect(await h.as(owner).admin.collectibles.setMarketFee({ bps: 0 })).toEqual({ feeBps: 0 });
    expect(await h.deps.prisma.auditLog.findFirstOrThrow({ where: { action: 'market.fee' } })).toMatchObject({ subjectType: 'setting', subjectId: 'market.feeBps', data: { bps: 0 } });
    expect((await h.as(ben).market.listings({})).feeBps).toBe(0);
    const l = await h.as(ann).market.list({ editionId, currency: 'POINTS', price: '300' });
    expect(await h.as(ben).market.buy({ listingId: l.id })).toMatchObject({ fee: '0' });
    expect([await points(ann), await points(ben), await fees()]).toEqual(['300', '700', 0n]);

    // Back at 2.5 %: 39 points carry a fee of 0.975, which rounds down to none.
    await h.as(owner).admin.collectibles.setMarketFee({ bps: 250 });
    expect((await h.as(ben).market.listings({})).feeBps).toBe(250);
    const again = await h.as(ben).market.list({ editionId, currency: 'POINTS', price: '39' });
    expect(await h.as(ann).market.buy({ listingId: again.id })).toMatchObject({ fee: '0' });
    expect([await points(ann), await points(ben), await fees()]).toEqual(['261', '739', 0n]);
    expect((await h.as(ben).ledger.history()).items.some((i) => i.kind === 'MARKET_FEE')).toBe(false);
    await h.expectLedgerBalanced();
  });

  it('charges each sale its own fee and tells each seller, in their language, who bought', async () => {
    const editionId = await annOwnsOne();
    const olga = { telegramId: 9703, firstName: 'Olga', language: 'ru' };
    await grant(olga, 1000n);
    const first = await h.as(ann).market.list({ editionId, currency: 'POINTS', price: '400' });
    expect(await h.as(olga).market.buy({ listingId: first.id })).toMatchObject({ fee: '10' });
    const second = await h.as(olga).market.list({ editionId, currency: 'POINTS', price: '200' });
    expect(await h.as(ben).market.buy({ listingId: second.id })).toMatchObject({ fee: '5' });
    expect(await fees()).toBe(15n);
    await h.drain();
    const told = (u: { telegramId: number }) => h.telegram.acceptedOf('sendPhoto').filter((c) => c.params.chat_id === u.telegramId).map((c) => c.params.caption);
    expect(told(ann)).toContain('Sold: Critters #1 to Olga.');
    expect(told(olga)).toContain('Продано: Зверята #1 покупателю Ben.');
    await h.expectLedgerBalanced();
  });

  it('is refused when the buyer cannot pay (INSUFFICIENT_FUNDS), and the listing stays on sale', async () => {
    const editionId = await annOwnsOne(50n);
    const l = await h.as(ann).market.list({ editionId, currency: 'POINTS', price: '400' });
    expect(await failure(h.as(ben).market.buy({ listingId: l.id }))).toMatchObject({ code: 'BAD_REQUEST', appCode: 'INSUFFICIENT_FUNDS' });
    expect((await h.as(ben).market.listings({})).listings.map((x) => x.id)).toEqual([l.id]);
    expect([await points(ann), await points(ben)]).toEqual(['0', '50']);
  });

  it('is refused for a listing that never existed or is closed (LISTING_NOT_AVAILABLE)', async () => {
    const editionId = await annOwnsOne();
    const l = await h.as(ann).market.list({ editionId, currency: 'POINTS', price: '10' });
    expect(await failure(h.as(ben).market.buy({ listingId: l.id + 50 }))).toEqual({
      code: 'CONFLICT', appCode: 'LISTING_NOT_AVAILABLE', message: 'Someone was faster: this listing is no longer available.', details: undefined,
    });
    expect(await failure(h.as(ann).market.buy({ listingId: l.id }))).toMatchObject({ code: 'BAD_REQUEST', appCode: 'OWN_LISTING', message: 'You cannot buy your own listing.' });
  });
});

describe('listing and delisting', () => {
  it("refuses someone else's listing and one already closed (LISTING_NOT_AVAILABLE), audited when it works", async () => {
    const editionId = await annOwnsOne();
    expect(await failure(h.as(ben).market.list({ editionId, currency: 'STARS', price: '10' }))).toEqual({
      code: 'FORBIDDEN', appCode: 'NOT_OWNER', message: 'This collectible is not yours.', details: undefined,
    });
    const l = await h.as(ann).market.list({ editionId, currency: 'STARS', price: '10' });
    expect(await h.deps.prisma.auditLog.findFirstOrThrow({ where: { action: 'listing.created' } })).toMatchObject({ subjectId: String(l.id), data: { editionId, currency: 'STARS', price: '10' } });
    expect(await failure(h.as(ann).market.list({ editionId, currency: 'POINTS', price: '20' }))).toMatchObject({ code: 'CONFLICT', appCode: 'EDITION_LOCKED', message: 'This collectible is already on sale.' });
    expect(await failure(h.as(ben).market.delist({ listingId: l.id }))).toEqual({ code: 'NOT_FOUND', appCode: 'LISTING_NOT_AVAILABLE', message: 'This listing is not active.', details: undefined });
    expect(await h.as(ann).market.delist({ listingId: l.id })).toEqual({ id: l.id, status: 'CANCELLED' });
    expect(await failure(h.as(ann).market.delist({ listingId: l.id }))).toMatchObject({ appCode: 'LISTING_NOT_AVAILABLE' });
    expect(await h.deps.prisma.listing.findUniqueOrThrow({ where: { id: l.id } })).toMatchObject({ status: 'CANCELLED', closedAt: h.clock.now() });
    expect((await h.deps.prisma.auditLog.findMany({ where: { subjectType: 'listing' }, orderBy: { id: 'asc' } })).map((a) => a.action)).toEqual(['listing.created', 'listing.cancelled']);
    // Delisted, it can be listed again.
    expect(await h.as(ann).market.list({ editionId, currency: 'POINTS', price: '20' })).toMatchObject({ status: 'ACTIVE' });
  });

  it('refuses an edition that does not exist (EDITION_NOT_FOUND) or lives on TON now (EDITION_LOCKED)', async () => {
    const editionId = await annOwnsOne();
    expect(await failure(h.as(ann).market.list({ editionId: editionId + 100, currency: 'POINTS', price: '20' }))).toEqual({
      code: 'NOT_FOUND', appCode: 'EDITION_NOT_FOUND', message: 'This collectible does not exist.', details: undefined,
    });
    await h.deps.prisma.edition.update({ where: { id: editionId }, data: { nftAddress: `0:${'e'.repeat(64)}` } });
    for (const call of [
      () => h.as(ann).market.list({ editionId, currency: 'POINTS', price: '20' }),
      () => h.as(ann).collectibles.gift({ editionId, toTelegramId: String(ben.telegramId) }),
    ]) {
      expect(await failure(call())).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'EDITION_LOCKED', message: 'This collectible lives on TON now; bring it back to trade it here.' });
    }
  });
});

describe('a gift', () => {
  it('moves the edition off the showcase to the recipient, audited, and answers who got it without their Telegram id', async () => {
    const editionId = await annOwnsOne(0n);
    await h.as(ann).collectibles.setShowcase({ editionIds: [editionId] });
    const res = await h.as(ann).collectibles.gift({ editionId, toTelegramId: String(ben.telegramId) });
    expect(res).toEqual({ editionId, recipient: { name: 'Ben', username: 'ben_b' } });
    const benId = (await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(ben.telegramId) } })).id;
    expect(await h.deps.prisma.edition.findUniqueOrThrow({ where: { id: editionId } })).toMatchObject({ ownerId: benId, showcased: false });
    expect(await h.deps.prisma.editionTransfer.findFirstOrThrow({ where: { editionId, kind: 'GIFT' } })).toMatchObject({ toId: benId, message: null, createdAt: h.clock.now() });
    expect(await h.deps.prisma.auditLog.findFirstOrThrow({ where: { action: 'edition.gifted' } })).toMatchObject({ subjectType: 'edition', subjectId: String(editionId), data: { to: benId } });
    await h.drain();
    const note = h.telegram.acceptedOf('sendPhoto').find((c) => c.params.chat_id === ben.telegramId)!;
    // No message: no quote under the line.
    expect(note.params.caption).toBe('🎁 Ann sent you a collectible: Critters #1.');
  });

  it('tells a Russian-speaking recipient in Russian, with the giver’s words under it', async () => {
    const editionId = await annOwnsOne(0n);
    const oleg = { telegramId: 9704, firstName: 'Oleg', language: 'ru' };
    await h.as(oleg).profile.me();
    await h.as(ann).collectibles.gift({ editionId, toTelegramId: String(oleg.telegramId), message: 'С днём рождения!' });
    await h.drain();
    const note = h.telegram.acceptedOf('sendPhoto').find((c) => c.params.chat_id === oleg.telegramId)!;
    expect(note.params.caption).toBe('🎁 Ann дарит вам коллекционный предмет: Зверята #1.\n\n“С днём рождения!”');
  });

  it('is refused to oneself (VALIDATION) and while listed (EDITION_LOCKED), moving nothing', async () => {
    const editionId = await annOwnsOne(0n);
    expect(await failure(h.as(ann).collectibles.gift({ editionId, toTelegramId: String(ann.telegramId) }))).toEqual({
      code: 'BAD_REQUEST', appCode: 'VALIDATION', message: 'You cannot gift to yourself.', details: undefined,
    });
    await h.as(ann).market.list({ editionId, currency: 'POINTS', price: '20' });
    expect(await failure(h.as(ann).collectibles.gift({ editionId, toTelegramId: String(ben.telegramId) }))).toMatchObject({
      code: 'PRECONDITION_FAILED', appCode: 'EDITION_LOCKED', message: 'Remove it from the marketplace before gifting.',
    });
    expect((await h.as(ann).collectibles.mine()).map((e) => e.id)).toEqual([editionId]);
    expect(await h.deps.prisma.editionTransfer.count({ where: { kind: 'GIFT' } })).toBe(0);
  });
});
