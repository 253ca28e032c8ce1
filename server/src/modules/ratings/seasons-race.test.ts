import { describe, expect, it } from 'vitest';
import { useHarness } from '../../test/harness.ts';
import { endSeasonNow, runSeasons } from './season-end.ts';
import { seasonPeriod } from './seasons.ts';

// Real races on PostgreSQL (DATABASE_URL); on PGlite the same calls run one after another.
const h = useHarness({ ADMIN_TELEGRAM_IDS: '8200' });
const owner = { telegramId: 8200, firstName: 'Olga' };
const people = Array.from({ length: 24 }, (_, i) => ({ telegramId: 8300 + i, firstName: `P${i}` }));

async function setUp(places: number) {
  await h.as(owner).profile.me();
  const quiz = (await h.task({ type: 'QUIZ', reward: 10n, config: { answers: ['a'] }, period: 'UNLIMITED', limitPerPeriod: 1000, cooldownSeconds: 0 })).id;
  const season = await h.as(owner).admin.ratings.saveSeason({
    name: { en: 'Race' },
    startsAt: '2026-11-24T13:00:00.000Z',
    endsAt: '2026-11-30T13:00:00.000Z',
    prizes: [{ fromPlace: 1, toPlace: places, kind: 'points', amount: '500' }],
  });
  h.clock.set('2026-11-25T10:00:00Z');
  return { quiz, season };
}
const claim = (u: (typeof people)[number], taskId: number) => h.as(u).tasks.complete({ taskId, answer: 'a' });

describe('rating seasons under races', () => {
  it('pays once when the job and the admin end the same season side by side', async () => {
    const { quiz, season } = await setUp(24);
    for (const u of people) await claim(u, quiz);
    h.clock.set('2026-11-30T13:00:00Z');
    const admin = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(owner.telegramId) } });
    await Promise.all([runSeasons(h.deps), runSeasons(h.deps), endSeasonNow(h.deps, admin.id, season.id), endSeasonNow(h.deps, admin.id, season.id), runSeasons(h.deps)]);
    const s = await h.as(owner).admin.ratings.season({ id: season.id });
    expect(s.status).toBe('PAID');
    expect(s.results).toHaveLength(24);
    expect(s.results.every((r) => r.paidAt && r.transferId)).toBe(true);
    expect(await h.deps.prisma.transfer.count({ where: { kind: 'SEASON_PRIZE' } })).toBe(24);
    expect(await h.deps.prisma.outboxEvent.count({ where: { type: 'participant.notify', key: { startsWith: 'notify:season:' } } })).toBe(24);
    expect(await h.deps.prisma.auditLog.count({ where: { action: 'season.ended' } })).toBe(1);
    await h.expectLedgerBalanced();
  }, 60_000);

  it('freezes exactly the points written before the end, while claims keep coming', async () => {
    const { quiz, season } = await setUp(24);
    for (const u of people) await claim(u, quiz);
    const admin = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(owner.telegramId) } });
    // Claims from everyone, several rounds, with the end in the middle of them.
    const claims = Promise.all(people.map(async (u) => { for (let i = 0; i < 4; i++) await claim(u, quiz); }));
    await new Promise((r) => setTimeout(r, 30));
    await endSeasonNow(h.deps, admin.id, season.id);
    await claims;
    // Every point on the season's board was there when it froze: each winner's frozen points are the
    // board's points now, and the board holds nobody else.
    const board = await h.deps.prisma.score.findMany({ where: { period: seasonPeriod(season.id) } });
    const results = (await h.as(owner).admin.ratings.season({ id: season.id })).results;
    expect(board).toHaveLength(24);
    expect(Object.fromEntries(results.map((r) => [r.participantId, r.points]))).toEqual(Object.fromEntries(board.map((b) => [b.participantId, b.points.toString()])));
    // The end did fall among the claims: some counted in the season, some only after it.
    const frozen = board.reduce((n, b) => n + b.points, 0n);
    expect(frozen).toBeGreaterThanOrEqual(24n * 10n);
    expect(frozen).toBeLessThan(24n * 5n * 10n);
    // The all-time board kept counting after the end.
    const allTime = await h.deps.prisma.score.aggregate({ where: { period: 'all' }, _sum: { points: true } });
    expect(allTime._sum.points).toBe(24n * 5n * 10n);
    await h.expectLedgerBalanced();
  }, 60_000);
});
