import { beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ATTRIBUTES } from '../../seed/demo.ts';
import { failure, useHarness } from '../../test/harness.ts';
import { runSeasons } from './season-end.ts';

const h = useHarness({ ADMIN_TELEGRAM_IDS: '8100' });
type U = { telegramId: number; firstName: string };
const owner: U = { telegramId: 8100, firstName: 'Olga' };
const ann: U = { telegramId: 8101, firstName: 'Ann' };
const bob: U = { telegramId: 8102, firstName: 'Bob' };
const cid: U = { telegramId: 8103, firstName: 'Cid' };
const dan: U = { telegramId: 8104, firstName: 'Dan' };
const eve: U = { telegramId: 8105, firstName: 'Eve' };
const fay: U = { telegramId: 8106, firstName: 'Fay' };

const TON = 1_000_000_000n;
const GIFT = '5170145012310081615';
const sticker = { file_id: 'f', file_unique_id: 'u', type: 'regular', width: 512, height: 512, is_animated: true, is_video: false, emoji: '💝' };

let quiz: Record<100 | 200 | 300, number>;
let dropId: number;
beforeEach(async () => {
  h.telegram.on('getAvailableGifts', () => ({ gifts: [{ id: GIFT, sticker, star_count: 15 }] }));
  h.telegram.on('sendGift', () => true);
  const q = async (reward: bigint) => (await h.task({ type: 'QUIZ', reward, config: { answers: ['a'] }, period: 'DAILY' })).id;
  quiz = { 100: await q(100n), 200: await q(200n), 300: await q(300n) };
  await h.as(owner).profile.me();
  const c = await h.as(owner).admin.collectibles.createCollection({
    slug: 'season-critters',
    title: { en: 'Critters', ru: 'Зверята' },
    description: { en: 'Critters', ru: 'Зверята' },
    supplyCap: 100,
    attributes: DEMO_ATTRIBUTES,
  });
  dropId = (await h.as(owner).admin.collectibles.createDrop({ collectionId: c.id, title: { en: 'Prizes', ru: 'Призы' }, supply: 10, startsAt: '2026-11-24T00:00:00.000Z', pricePoints: '100' })).id;
});

const earn = async (u: U, ...rewards: (100 | 200 | 300)[]) => {
  for (const r of rewards) await h.as(u).tasks.complete({ taskId: quiz[r], answer: 'a' });
};
const idOf = async (u: U) => (await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(u.telegramId) } })).id;
const balance = async (u: U, currency: 'POINTS' | 'TON') =>
  (await h.deps.prisma.account.findFirst({ where: { participantId: await idOf(u), currency } }))?.balance ?? 0n;

/** Week-long season from 13:00 on the harness's day; five prize places of every kind. */
const weekSeason = () =>
  h.as(owner).admin.ratings.saveSeason({
    name: { en: 'Winter cup', ru: 'Зимний кубок' },
    startsAt: '2026-11-24T13:00:00.000Z',
    endsAt: '2026-12-01T13:00:00.000Z',
    prizes: [
      { fromPlace: 1, toPlace: 1, kind: 'points', amount: '1000' },
      { fromPlace: 2, toPlace: 2, kind: 'ton', amount: String(2n * TON) },
      { fromPlace: 3, toPlace: 4, kind: 'collectible', dropId },
      { fromPlace: 5, toPlace: 5, kind: 'telegram_gift', giftId: GIFT },
    ],
  });

describe('rating seasons', () => {
  it('count only points earned inside the season, freeze the winners at the end and pay each prize once', async () => {
    for (const u of [ann, bob, cid, dan, eve, fay]) await h.as(u).profile.me();
    const season = await weekSeason();
    expect(season).toMatchObject({ name: 'Winter cup', status: 'SCHEDULED', prizes: [{ kind: 'points', amount: '1000' }, { kind: 'ton' }, { kind: 'collectible', collection: 'Critters' }, { kind: 'telegram_gift', giftId: GIFT }] });
    // Before it starts: earned points count all-time, not in the season, which participants see as next.
    await earn(fay, 300);
    expect(await h.as(ann).ratings.seasons()).toMatchObject({ current: null, next: { id: season.id, name: 'Winter cup' }, past: [] });

    h.clock.set('2026-11-24T13:00:00Z');
    await earn(ann, 300); // Ann reaches 300 first …
    h.clock.advance({ minutes: 5 });
    await earn(bob, 200, 100); // … Bob ties her later: Ann places ahead.
    await earn(cid, 200);
    await earn(dan, 100);
    await earn(eve, 100);
    await earn(fay, 100);
    const mid = await h.as(cid).ratings.seasons();
    expect(mid.current).toMatchObject({ id: season.id, status: 'ACTIVE', me: { rank: 3, points: '200' }, total: 6 });
    expect(mid.current!.entries.map((e) => `${e.rank} ${e.name} ${e.points}`)).toEqual(['1 Ann 300', '1 Bob 300', '3 Cid 200', '4 Dan 100', '4 Eve 100', '4 Fay 100']);
    // The back office shows the places as they would be frozen now, ties to who got there first.
    const live = await h.as(owner).admin.ratings.season({ id: season.id });
    expect(live.standings.map((s) => `${s.place} ${s.name} ${s.points} ${s.prize}`)).toEqual([
      '1 Ann 300 points', '2 Bob 300 ton', '3 Cid 200 collectible', '4 Dan 100 collectible', '5 Eve 100 telegram_gift', '6 Fay 100 null',
    ]);
    // Started: it can no longer be changed.
    expect(await failure(h.as(owner).admin.ratings.saveSeason({ id: season.id, name: { en: 'X' }, startsAt: '2026-12-24T13:00:00.000Z', endsAt: '2026-12-25T13:00:00.000Z', prizes: [{ fromPlace: 1, toPlace: 1, kind: 'points', amount: '1' }] })))
      .toMatchObject({ code: 'CONFLICT', appCode: 'SEASON_STATE', message: 'Only a season that has not started yet can be changed.' });

    // After its end, points no longer count there, even before the job has ended it.
    h.clock.set('2026-12-01T13:00:00Z');
    await earn(fay, 300);
    expect(await runSeasons(h.deps)).toBeGreaterThanOrEqual(1);
    expect(await runSeasons(h.deps)).toBe(0); // the second run finds nothing to do

    const ended = await h.as(owner).admin.ratings.season({ id: season.id });
    expect(ended.status).toBe('PAID');
    expect(ended.results.map((r) => `${r.place} ${r.name} ${r.points} ${r.kind} ${r.paidAt ? 'paid' : 'unpaid'}`)).toEqual([
      '1 Ann 300 points paid', '2 Bob 300 ton paid', '3 Cid 200 collectible paid', '4 Dan 100 collectible paid', '5 Eve 100 telegram_gift paid',
    ]);
    expect(ended.results[0].transferId).toMatch(/^\d+$/);
    expect(ended.results[1].transferId).toMatch(/^\d+$/);
    expect(ended.results[2].editionId).toEqual(expect.any(Number));
    expect(ended.results[4].giftSendId).toEqual(expect.any(Number));

    // Points and TON through the ledger, once each.
    expect(await balance(ann, 'POINTS')).toBe(300n + 1000n);
    expect(await balance(bob, 'TON')).toBe(2n * TON);
    expect(await h.deps.prisma.transfer.count({ where: { kind: 'SEASON_PRIZE' } })).toBe(2);
    // Editions from the drop, rolled like an award.
    expect(await h.deps.prisma.edition.count({ where: { ownerId: { in: [await idOf(cid), await idOf(dan)] } } })).toBe(2);
    // The gift and the winners' messages go after the commit, through the outbox; draining twice sends once.
    // (retryNow: a call that met a closed keep-alive socket of the fake Bot API is tried again at once.)
    await h.drain({ retryNow: true });
    await runSeasons(h.deps);
    await h.as(owner).admin.ratings.endSeason({ id: season.id });
    await h.drain({ retryNow: true });
    expect(h.telegram.callsOf('sendGift').map((c) => c.params)).toEqual([expect.objectContaining({ user_id: eve.telegramId, gift_id: GIFT })]);
    expect((await h.as(owner).admin.ratings.season({ id: season.id })).results[4].giftStatus).toBe('SENT');
    const told = h.telegram.callsOf('sendMessage').filter((c) => String(c.params.text).includes('Winter cup'));
    expect(told.map((c) => c.params.chat_id).sort()).toEqual([ann, bob, cid, dan, eve].map((u) => u.telegramId).sort());
    expect(told.find((c) => c.params.chat_id === ann.telegramId)!.params.text).toBe('🏆 The season “Winter cup” has ended: you placed #1! Your prize: 1000 points.');
    expect(told.find((c) => c.params.chat_id === bob.telegramId)!.params.text).toContain('2 TON');
    await h.expectLedgerBalanced();

    // Participants see it among past seasons, with its winners and their own place; Fay's late points are not in it.
    const after = await h.as(fay).ratings.seasons();
    expect(after.current).toBeNull();
    expect(after.past).toHaveLength(1);
    expect(after.past[0]).toMatchObject({ id: season.id, status: 'PAID', me: { place: null, points: '100' } });
    expect(after.past[0].winners.map((w) => `${w.place} ${w.name} ${w.kind} ${w.amount ?? ''}`.trim())).toEqual([
      '1 Ann points 1000', `2 Bob ton ${2n * TON}`, '3 Cid collectible', '4 Dan collectible', '5 Eve telegram_gift',
    ]);
    expect((await h.as(ann).ratings.seasons()).past[0].me).toEqual({ place: 1, points: '300' });
    // The prize in Ann's history names the season.
    expect((await h.as(ann).ledger.history()).items[0]).toMatchObject({ kind: 'SEASON_PRIZE', direction: 'in', amount: '1000', subject: 'Winter cup' });
    // A Russian reader gets the Russian name.
    await h.as(ann).profile.update({ language: 'ru' });
    expect((await h.as(ann).ratings.seasons()).past[0].name).toBe('Зимний кубок');
    expect((await h.as(ann).ledger.history()).items[0].subject).toBe('Зимний кубок');
  });

  it('ends a season now from the back office, leaving out banned participants, and keeps it among past seasons', async () => {
    const season = await weekSeason();
    h.clock.set('2026-11-25T10:00:00Z');
    await earn(ann, 100);
    await earn(bob, 300);
    await h.as(owner).admin.participants.ban({ telegramId: String(bob.telegramId), reason: 'cheating' });
    const ended = await h.as(owner).admin.ratings.endSeason({ id: season.id });
    expect(ended).toMatchObject({ status: 'PAID', endsAt: '2026-11-25T10:00:00.000Z' });
    expect(ended.results.map((r) => `${r.place} ${r.name}`)).toEqual(['1 Ann']);
    // Ending again pays nothing more.
    await h.as(owner).admin.ratings.endSeason({ id: season.id });
    expect(await balance(ann, 'POINTS')).toBe(100n + 1000n);
    const list = await h.as(owner).admin.ratings.seasons({});
    expect(list).toMatchObject({ total: 1, items: [{ id: season.id, status: 'PAID', winners: 1, paid: 1 }] });
    await h.expectLedgerBalanced();
  });

  it('lists seasons in the back office by state, by a part of the name, sorted as asked', async () => {
    await weekSeason();
    const cup = (en: string, startsAt: string, endsAt: string) =>
      h.as(owner).admin.ratings.saveSeason({ name: { en }, startsAt, endsAt, prizes: [{ fromPlace: 1, toPlace: 1, kind: 'points', amount: '10' }] });
    const autumn = await cup('Autumn cup', '2026-11-24T12:30:00.000Z', '2026-11-30T12:00:00.000Z');
    await cup('Spring cup', '2026-12-10T12:00:00.000Z', '2026-12-20T12:00:00.000Z');
    h.clock.set('2026-11-24T14:00:00Z');
    await h.as(owner).admin.ratings.endSeason({ id: autumn.id });
    const names = async (input: Parameters<ReturnType<typeof h.as>['admin']['ratings']['seasons']>[0]) =>
      (await h.as(owner).admin.ratings.seasons(input)).items.map((s) => s.name);
    expect(await names({})).toEqual(['Spring cup', 'Winter cup', 'Autumn cup']);
    expect(await names({ state: 'upcoming' })).toEqual(['Spring cup']);
    expect(await names({ state: 'running' })).toEqual(['Winter cup']);
    expect(await names({ state: 'ended' })).toEqual(['Autumn cup']);
    expect(await names({ search: 'КУБОК' })).toEqual(['Winter cup']);
    expect(await names({ search: 'cup', sort: { by: 'name', dir: 'asc' } })).toEqual(['Autumn cup', 'Spring cup', 'Winter cup']);
    expect(await names({ sort: { by: 'endsAt', dir: 'asc' }, limit: 2, page: 2 })).toEqual(['Spring cup']);
    expect((await h.as(owner).admin.ratings.seasons({ state: 'running', limit: 1 })).total).toBe(1);
    expect(await failure(h.as(owner).admin.ratings.seasons({ sort: { by: 'prizes' as 'name', dir: 'asc' } }))).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('records a prize that cannot be paid and pays it on a later run', async () => {
    const season = await h.as(owner).admin.ratings.saveSeason({
      name: { en: 'Tiny' },
      startsAt: '2026-11-24T12:00:00.000Z',
      endsAt: '2026-11-25T12:00:00.000Z',
      prizes: [{ fromPlace: 1, toPlace: 1, kind: 'collectible', dropId }],
    });
    await earn(ann, 100);
    // The drop's stock runs out before the season ends.
    await h.deps.prisma.product.updateMany({ where: { dropId }, data: { stock: 0 } });
    h.clock.set('2026-11-25T12:00:00Z');
    await runSeasons(h.deps);
    const stuck = await h.as(owner).admin.ratings.season({ id: season.id });
    expect(stuck).toMatchObject({ status: 'ENDED', results: [{ place: 1, name: 'Ann', paidAt: null, attempts: 1, lastError: 'Nothing left in drop ' + dropId + ' for this prize.' }] });
    await h.deps.prisma.product.updateMany({ where: { dropId }, data: { stock: 1 } });
    await runSeasons(h.deps);
    expect(await h.as(owner).admin.ratings.season({ id: season.id })).toMatchObject({ status: 'PAID', results: [{ paidAt: '2026-11-25T12:00:00.000Z', lastError: null }] });
  });

  it('refuses bad seasons with clear codes', async () => {
    const base = { name: { en: 'S' }, startsAt: '2026-11-25T00:00:00.000Z', endsAt: '2026-11-26T00:00:00.000Z' };
    const save = (o: Record<string, unknown>) => failure(h.as(owner).admin.ratings.saveSeason({ ...base, prizes: [{ fromPlace: 1, toPlace: 1, kind: 'points', amount: '10' }], ...o } as never));
    const pts = (fromPlace: number, toPlace: number, amount = '10') => ({ fromPlace, toPlace, kind: 'points' as const, amount });
    expect(await save({ prizes: [pts(1, 3), pts(3, 5)] })).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('places must be ascending and not overlap') });
    expect(await save({ prizes: [pts(4, 5), pts(1, 3)] })).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('places must be ascending and not overlap') });
    expect(await save({ prizes: [pts(3, 1)] })).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('must not be before fromPlace') });
    expect(await save({ prizes: [] })).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('at least one prize') });
    expect(await save({ prizes: [pts(1, 1, String(10n ** 12n + 1n))] })).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('must be at most 1,000,000,000,000 points') });
    expect(await save({ prizes: [{ fromPlace: 1, toPlace: 1, kind: 'ton', amount: String(10n ** 15n + 1n) }] })).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('nanotons') });
    expect(await save({ prizes: [pts(1, 1001)] })).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('at most 1000') });
    expect(await save({ prizes: [{ fromPlace: 1, toPlace: 1, kind: 'stars', amount: '5' }] })).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await save({ endsAt: '2026-11-24T23:00:00.000Z' })).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('must be after startsAt') });
    expect(await save({ startsAt: '2026-11-24T11:00:00.000Z' })).toMatchObject({ code: 'BAD_REQUEST', appCode: 'SEASON_DATES', message: 'A season cannot start in the past.' });
    expect(await save({ prizes: [{ fromPlace: 1, toPlace: 1, kind: 'collectible', dropId: 999 }] })).toMatchObject({ code: 'NOT_FOUND', appCode: 'DROP_NOT_FOUND' });
    expect(await save({ prizes: [{ fromPlace: 1, toPlace: 1, kind: 'telegram_gift', giftId: 'nope' }] })).toMatchObject({ code: 'NOT_FOUND', appCode: 'NOT_FOUND', message: 'This gift is not in Telegram’s catalogue.' });
    expect(await save({ id: 999 })).toMatchObject({ code: 'NOT_FOUND', appCode: 'SEASON_NOT_FOUND' });
    expect(await failure(h.as(owner).admin.ratings.endSeason({ id: 999 }))).toMatchObject({ code: 'NOT_FOUND', appCode: 'SEASON_NOT_FOUND' });
    expect(await failure(h.as(owner).admin.ratings.season({ id: 0 }))).toMatchObject({ code: 'BAD_REQUEST' });
    const s = await h.as(owner).admin.ratings.saveSeason({ ...base, prizes: [pts(1, 1)] });
    expect(await failure(h.as(owner).admin.ratings.endSeason({ id: s.id }))).toMatchObject({ code: 'CONFLICT', appCode: 'SEASON_STATE', message: 'A season that has not started cannot be ended.' });
    // Not started yet: it can be changed.
    expect(await h.as(owner).admin.ratings.saveSeason({ ...base, id: s.id, name: { en: 'Renamed' }, prizes: [pts(1, 2, '50')] })).toMatchObject({ id: s.id, name: 'Renamed', prizes: [{ toPlace: 2, amount: '50' }] });
    expect(await failure(h.as(ann).admin.ratings.saveSeason({ ...base, prizes: [pts(1, 1)] } as never))).toMatchObject({ code: 'FORBIDDEN', message: 'Your role does not allow this action.' });
  });
});
