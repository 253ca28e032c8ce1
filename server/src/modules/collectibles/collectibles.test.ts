import { describe, expect, it } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { DEMO_ATTRIBUTES } from '../../seed/demo.ts';
import { failure, useHarness } from '../../test/harness.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';
import { roll } from '../editions/roll.ts';

const h = useHarness({ ADMIN_TELEGRAM_IDS: '9500' });
const owner = { telegramId: 9500, firstName: 'Owner' };
const ann = { telegramId: 9601, firstName: 'Ann' };
const ben = { telegramId: 9602, firstName: 'Ben' };

async function points(u: { telegramId: number }, amount: bigint) {
  await h.as(u).profile.me();
  const p = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(u.telegramId) } });
  await inTx(h.deps.prisma, (tx) =>
    transfer(tx, { key: `grant:${u.telegramId}:${amount}:${Math.random()}`, debit: { system: SystemAccount.ISSUANCE }, credit: { participantId: p.id }, currency: 'POINTS', amount, kind: 'AWARD' }),
  );
}
const balance = async (u: { telegramId: number }) => (await h.as(u).ledger.balances()).find((b) => b.currency === 'POINTS')!.amount;

async function drop(supply = 10, o: { startsAt?: string; endsAt?: string; cap?: number } = {}) {
  await h.as(owner).profile.me();
  const c = await h.as(owner).admin.collectibles.createCollection({
    slug: `critters-${Math.random().toString(36).slice(2, 7)}`,
    title: { en: 'Critters', ru: 'Зверята' },
    description: { en: 'Critters', ru: 'Зверята' },
    supplyCap: o.cap ?? 1000,
    attributes: DEMO_ATTRIBUTES,
  });
  return h.as(owner).admin.collectibles.createDrop({
    collectionId: c.id,
    title: { en: 'First drop', ru: 'Первый дроп' },
    supply,
    startsAt: o.startsAt ?? '2026-11-24T00:00:00.000Z',
    endsAt: o.endsAt,
    pricePoints: '100',
  });
}

describe('drops', () => {
  it('sells a numbered edition for points, with a roll anyone can verify once the drop closes', async () => {
    const d = await drop(2);
    await points(ann, 1000n);
    const listed = await h.as(ann).collectibles.drops();
    expect(listed.find((x) => x.id === d.id)).toMatchObject({ status: 'open', left: 2, seedHash: d.seedHash, revealed: false, prices: [{ currency: 'POINTS', amount: '100' }] });
    const bought = await h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS' });
    expect(bought.invoice.status).toBe('PAID');
    const edition = await h.as(ann).collectibles.edition({ id: bought.editionId! });
    expect(edition).toMatchObject({ number: 1, owner: { isMe: true }, total: 1, rank: 1 });
    expect(edition.history).toEqual([expect.objectContaining({ kind: 'DROP', to: 'Ann', currency: 'POINTS', price: '100' })]);
    expect(await balance(ann)).toBe('900');

    // While the drop is open the seed stays secret.
    expect(await h.as(ann).collectibles.verifyDrop({ dropId: d.id })).toMatchObject({ revealed: false, seed: null });
    await h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS' });
    expect(await failure(h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS' }))).toMatchObject({ appCode: 'SOLD_OUT' });
    const v = await h.as(ben).collectibles.verifyDrop({ dropId: d.id });
    expect(v).toMatchObject({ revealed: true, seedMatchesHash: true, allMatch: true });
    expect(v.rolls.map((r) => r.number)).toEqual([1, 2]);
    // Recompute one roll independently from the published seed.
    const first = v.rolls[0];
    const r = roll(v.seed!, d.id, first.input!.split(':')[1], v.tables);
    expect({ model: r.model.value, backdrop: r.backdrop.value, symbol: r.symbol.value }).toEqual(first.attributes);
    await h.expectLedgerBalanced();
  });

  it('a tampered seed fails verification', async () => {
    const d = await drop(1);
    await points(ann, 1000n);
    await h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS' });
    await h.deps.prisma.drop.update({ where: { id: d.id }, data: { seed: 'ab'.repeat(32) } });
    const v = await h.as(ann).collectibles.verifyDrop({ dropId: d.id });
    expect(v.seedMatchesHash).toBe(false);
  });

  it('refuses an upcoming drop and an unknown one', async () => {
    const d = await drop(5, { startsAt: '2026-12-01T00:00:00.000Z' });
    await points(ann, 1000n);
    expect((await h.as(ann).collectibles.drops()).find((x) => x.id === d.id)?.status).toBe('upcoming');
    expect(await failure(h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS' }))).toMatchObject({ appCode: 'DROP_NOT_OPEN' });
    expect(await failure(h.as(ann).collectibles.buy({ dropId: 9999, currency: 'POINTS' }))).toMatchObject({ appCode: 'DROP_NOT_FOUND' });
  });

  it('refuses attribute tables that do not add up', async () => {
    await h.as(owner).profile.me();
    const e = await failure(
      h.as(owner).admin.collectibles.createCollection({
        slug: 'broken',
        title: { en: 'B', ru: 'Б' },
        description: { en: '', ru: '' },
        supplyCap: 10,
        attributes: { ...DEMO_ATTRIBUTES, model: [{ value: 'Only', permille: 990 }] },
      }),
    );
    expect(e).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('990‰') });
  });
});

describe('marketplace and gifting', () => {
  it('lists, sells once with the fee to the community, and refuses buying your own listing', async () => {
    const d = await drop(3);
    await points(ann, 1000n);
    await points(ben, 1000n);
    const { editionId } = await h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS' });
    await h.as(owner).admin.collectibles.setMarketFee({ bps: 500 });
    const l = await h.as(ann).market.list({ editionId: editionId!, currency: 'POINTS', price: '400' });
    expect(await failure(h.as(ann).market.buy({ listingId: l.id }))).toMatchObject({ appCode: 'OWN_LISTING' });
    expect(await failure(h.as(ann).collectibles.gift({ editionId: editionId!, toTelegramId: String(ben.telegramId) }))).toMatchObject({ appCode: 'EDITION_LOCKED' });
    const market = await h.as(ben).market.listings({});
    expect(market.floors).toEqual([expect.objectContaining({ currency: 'POINTS', floor: '400', listed: 1 })]);
    const sale = await h.as(ben).market.buy({ listingId: l.id });
    expect(sale).toMatchObject({ price: '400', fee: '20' });
    expect(await balance(ben)).toBe('600');
    expect(await balance(ann)).toBe(String(900 + 400 - 20));
    const e = await h.as(ben).collectibles.edition({ id: editionId! });
    expect(e.owner).toMatchObject({ isMe: true });
    expect(e.history.map((x) => x.kind)).toEqual(['DROP', 'SALE']);
    expect((await h.as(ben).market.listings({})).recentSales[0]).toMatchObject({ price: '400' });
    await h.drain();
    // The seller is told with the edition's picture.
    expect(h.telegram.acceptedOf('sendPhoto').some((c) => c.params.chat_id === ann.telegramId && /Sold/.test(c.params.caption))).toBe(true);
    await h.expectLedgerBalanced();
  });

  it('delists, and refuses to list what is not yours', async () => {
    const d = await drop(3);
    await points(ann, 1000n);
    await h.as(ben).profile.me();
    const { editionId } = await h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS' });
    expect(await failure(h.as(ben).market.list({ editionId: editionId!, currency: 'TON', price: '1000' }))).toMatchObject({ appCode: 'NOT_OWNER' });
    const l = await h.as(ann).market.list({ editionId: editionId!, currency: 'STARS', price: '10' });
    expect(await failure(h.as(ann).market.list({ editionId: editionId!, currency: 'POINTS', price: '10' }))).toMatchObject({ appCode: 'EDITION_LOCKED' });
    await h.as(ann).market.delist({ listingId: l.id });
    expect(await failure(h.as(ben).market.buy({ listingId: l.id }))).toMatchObject({ appCode: 'LISTING_NOT_AVAILABLE' });
  });

  it('gifts a collectible with a message; the recipient is told by the bot', async () => {
    const d = await drop(3);
    await points(ann, 1000n);
    await h.as(ben).profile.me();
    const { editionId } = await h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS' });
    await h.as(ann).collectibles.gift({ editionId: editionId!, toTelegramId: String(ben.telegramId), message: 'Happy birthday!' });
    expect((await h.as(ben).collectibles.mine()).map((e) => e.id)).toEqual([editionId]);
    expect(await h.as(ann).collectibles.mine()).toEqual([]);
    await h.drain();
    const note = h.telegram.acceptedOf('sendPhoto').find((c) => c.params.chat_id === ben.telegramId)!;
    expect(note.params.caption).toMatch(/Ann sent you a collectible: Critters #1/);
    expect(note.params.caption).toContain('Happy birthday!');
    expect(await failure(h.as(ann).collectibles.gift({ editionId: editionId!, toTelegramId: String(ben.telegramId) }))).toMatchObject({ appCode: 'NOT_OWNER' });
    expect(await failure(h.as(ben).collectibles.gift({ editionId: editionId!, toTelegramId: '123456789' }))).toMatchObject({ appCode: 'RECIPIENT_NOT_FOUND' });
  });

  it('shows chosen collectibles on a showcase others can view', async () => {
    const d = await drop(3);
    await points(ann, 1000n);
    const a = await h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS' });
    await h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS' });
    await h.as(ann).collectibles.setShowcase({ editionIds: [a.editionId!] });
    const view = await h.as(ben).collectibles.showcase({ telegramId: String(ann.telegramId) });
    expect(view).toMatchObject({ name: 'Ann', editions: [expect.objectContaining({ id: a.editionId })] });
  });
});

/** Why each losing call of a race failed, as "<TRPC code> <app code>". */
async function losers(results: PromiseSettledResult<unknown>[]) {
  const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  return Promise.all(rejected.map(async (r) => failure(Promise.reject(r.reason)).then((f) => `${f.code} ${f.appCode}`)));
}

describe.runIf(!!process.env.DATABASE_URL)('concurrent collectors (PostgreSQL)', () => {
  it('50 buyers of a drop with 20 left: exactly 20 editions, numbered 1..20 with no gaps or repeats', async () => {
    const d = await drop(20);
    const buyers = Array.from({ length: 50 }, (_, i) => ({ telegramId: 9700 + i }));
    for (const b of buyers) await points(b, 500n);
    const results = await Promise.allSettled(buyers.map((b) => h.as(b).collectibles.buy({ dropId: d.id, currency: 'POINTS' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(20);
    // Every one of the 30 late buyers is told the drop sold out, not some other failure.
    expect(await losers(results)).toEqual(Array(30).fill('CONFLICT SOLD_OUT'));
    const numbers = (await h.deps.prisma.edition.findMany({ where: { dropId: d.id }, orderBy: { number: 'asc' } })).map((e) => e.number);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    await h.expectLedgerBalanced();
  });

  it('the same listing bought by two at once sells once', async () => {
    const d = await drop(3);
    await points(ann, 1000n);
    const buyers = Array.from({ length: 8 }, (_, i) => ({ telegramId: 9800 + i }));
    for (const b of buyers) await points(b, 1000n);
    const { editionId } = await h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS' });
    const l = await h.as(ann).market.list({ editionId: editionId!, currency: 'POINTS', price: '300' });
    const results = await Promise.allSettled(buyers.map((b) => h.as(b).market.buy({ listingId: l.id })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await losers(results)).toEqual(Array(7).fill('CONFLICT LISTING_NOT_AVAILABLE'));
    expect(await h.deps.prisma.editionTransfer.count({ where: { editionId: editionId!, kind: 'SALE' } })).toBe(1);
    await h.expectLedgerBalanced();
  });
});

describe('collectibles as task prizes', () => {
  it('a task can come with an edition from a drop, given once per claim while supply lasts', async () => {
    const d = await drop(1);
    const quiz = await h.task({ type: 'QUIZ', period: 'DAILY', reward: 10n, config: { answers: ['yes'], prizeDropId: d.id } });
    await h.as(ann).tasks.complete({ taskId: quiz.id, answer: 'yes' });
    const mine = await h.as(ann).collectibles.mine();
    expect(mine).toHaveLength(1);
    expect((await h.as(ann).collectibles.edition({ id: mine[0].id })).history[0]).toMatchObject({ kind: 'TASK_PRIZE', to: 'Ann' });
    // The drop is now empty: the next claim still pays points, without a collectible.
    h.clock.advance({ days: 1 });
    expect(await h.as(ann).tasks.complete({ taskId: quiz.id, answer: 'yes' })).toMatchObject({ reward: '10' });
    expect(await h.as(ann).collectibles.mine()).toHaveLength(1);
    await h.expectLedgerBalanced();
  });
});
