import { describe, expect, it } from 'vitest';
import { failure, useHarness } from '../../test/harness.ts';
import { claimSystemTasks } from './system.ts';

const h = useHarness({ ADMIN_TELEGRAM_IDS: '9800' });
const owner = { telegramId: 9800, firstName: 'Olga' };
const kate = { telegramId: 9811, firstName: 'Kate' };
const leo = { telegramId: 9812, firstName: 'Leo' };
const mia = { telegramId: 9813, firstName: 'Mia' };
const tid = (u: { telegramId: number }) => String(u.telegramId);
const title = { en: 'For VIPs', ru: 'Для VIP' };
const description = { en: 'Only for some', ru: 'Не для всех' };
const quiz = { question: { en: 'Coin?', ru: 'Монета?' }, options: { en: ['TON', 'Gold'], ru: ['TON', 'Золото'] }, answers: ['TON'] };

async function community() {
  for (const u of [owner, kate, leo, mia]) await h.as(u).profile.me();
  await h.as(owner).admin.participants.setTags({ telegramId: tid(kate), tags: ['vip'] });
  return h.as(owner).admin.segments.save({ name: 'VIPs', filter: { tag: 'vip' } });
}

const listed = async (u: { telegramId: number; firstName: string }, slug: string) => (await h.as(u).tasks.list()).some((t) => t.slug === slug);

describe('tasks offered to a segment', () => {
  it('only its participants see and can claim it; joining the segment opens it', async () => {
    const vip = await community();
    const t = await h.as(owner).admin.catalog.saveTask({ slug: 'vip-quiz', type: 'QUIZ', title, description, reward: '40', config: quiz, segmentId: vip.id });
    expect(t).toMatchObject({ slug: 'vip-quiz', segmentId: vip.id });
    const visit = await h.as(owner).admin.catalog.saveTask({ slug: 'vip-visit', type: 'VISIT_LINK', title, description, reward: '5', config: { url: 'https://example.org' }, segmentId: vip.id });
    const open = await h.task({ type: 'QUIZ', slug: 'open-quiz', config: quiz });

    expect(await listed(kate, 'vip-quiz')).toBe(true);
    expect(await listed(leo, 'vip-quiz')).toBe(false);
    expect(await listed(leo, 'open-quiz')).toBe(true);

    // Not only hidden: a claim or an open from outside the segment is refused.
    expect(await failure(h.as(leo).tasks.complete({ taskId: t.id, answer: 'TON' }))).toMatchObject({
      code: 'FORBIDDEN',
      appCode: 'TASK_NOT_IN_SEGMENT',
      message: 'This task is not offered to you.',
    });
    expect(await failure(h.as(leo).tasks.start({ taskId: visit.id }))).toMatchObject({ code: 'FORBIDDEN', appCode: 'TASK_NOT_IN_SEGMENT' });
    expect(await h.as(kate).tasks.complete({ taskId: t.id, answer: 'TON' })).toMatchObject({ reward: '40' });
    expect(await h.as(leo).tasks.complete({ taskId: open.id, answer: 'TON' })).toMatchObject({ reward: '100' });

    await h.as(owner).admin.participants.setTags({ telegramId: tid(leo), tags: ['vip'] });
    expect(await listed(leo, 'vip-quiz')).toBe(true);
    expect(await h.as(leo).tasks.complete({ taskId: t.id, answer: 'TON' })).toMatchObject({ reward: '40' });

    // Opened to everyone again (null), and an edit that leaves the segment out keeps it.
    await h.as(owner).admin.catalog.saveTask({ id: visit.id, slug: 'vip-visit', type: 'VISIT_LINK', title, description, reward: '5', active: false });
    expect((await h.deps.prisma.task.findUniqueOrThrow({ where: { id: visit.id } })).segmentId).toBe(vip.id);
    await h.as(owner).admin.catalog.saveTask({ id: t.id, slug: 'vip-quiz', type: 'QUIZ', title, description, reward: '40', segmentId: null });
    expect(await listed(mia, 'vip-quiz')).toBe(true);

    // A segment a task uses stays.
    expect(await failure(h.as(owner).admin.segments.delete({ id: vip.id }))).toMatchObject({ code: 'CONFLICT', appCode: 'SEGMENT_IN_USE', details: { tasks: ['vip-visit'], mailings: [] } });
    await h.expectLedgerBalanced();
  });

  it('a task the system completes pays only the segment', async () => {
    const vip = await community();
    await h.as(owner).admin.catalog.saveTask({ slug: 'vip-buy', type: 'PURCHASE', title, description, reward: '70', segmentId: vip.id });
    const ids = Object.fromEntries(await Promise.all([kate, leo].map(async (u) => [u.firstName, (await h.as(u).profile.me()).id])));
    expect(await claimSystemTasks(h.deps, ids.Leo, 'PURCHASE')).toEqual([]);
    expect(await claimSystemTasks(h.deps, ids.Kate, 'PURCHASE')).toEqual([expect.objectContaining({ reward: '70' })]);
  });

  it('keeps to its schedule: hidden and refused before it starts and after it ends', async () => {
    await community();
    const startsAt = new Date(h.clock.now().getTime() + 3_600_000).toISOString();
    const endsAt = new Date(h.clock.now().getTime() + 2 * 3_600_000).toISOString();
    const t = await h.as(owner).admin.catalog.saveTask({ slug: 'happy-hour', type: 'QUIZ', title, description, reward: '10', config: quiz, startsAt, endsAt });
    expect(t).toMatchObject({ startsAt, endsAt });
    expect(await listed(kate, 'happy-hour')).toBe(false);
    expect(await failure(h.as(kate).tasks.complete({ taskId: t.id, answer: 'TON' }))).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'TASK_INACTIVE' });
    h.clock.advance({ minutes: 61 });
    expect(await listed(kate, 'happy-hour')).toBe(true);
    h.clock.advance({ minutes: 60 });
    expect(await listed(kate, 'happy-hour')).toBe(false);
    expect(await failure(h.as(kate).tasks.complete({ taskId: t.id, answer: 'TON' }))).toMatchObject({ appCode: 'TASK_INACTIVE' });

    expect(await failure(h.as(owner).admin.catalog.saveTask({ slug: 'backwards', type: 'QUIZ', title, description, reward: '10', config: quiz, startsAt: endsAt, endsAt: startsAt }))).toMatchObject({
      code: 'BAD_REQUEST',
      appCode: 'TASK_CONFIG_INVALID',
      details: { issues: [{ field: 'endsAt', message: 'must be after the start' }] },
    });
    expect(await failure(h.as(owner).admin.catalog.saveTask({ slug: 'nowhere', type: 'QUIZ', title, description, reward: '10', config: quiz, segmentId: 999_999 }))).toMatchObject({
      code: 'NOT_FOUND',
      appCode: 'SEGMENT_NOT_FOUND',
    });
    expect(await failure(h.as(owner).admin.catalog.saveTask({ slug: 'bad-date', type: 'QUIZ', title, description, reward: '10', config: quiz, startsAt: 'soon' }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('startsAt'),
    });
  });
});

describe('task figures', () => {
  it('count claims, distinct participants and points paid from the ledger, per task and window', async () => {
    await community();
    const checkin = await h.task({ type: 'DAILY_CHECKIN', slug: 'checkin', period: 'DAILY', reward: 50n, config: { streakBonus: 10, maxStreakBonusDays: 3 } });
    const q = await h.task({ type: 'QUIZ', slug: 'quiz', reward: 30n, config: quiz });
    const idle = await h.task({ type: 'QUIZ', slug: 'idle', reward: 1n, config: quiz });
    // Counted here, independently: what each claim answered.
    const tally = new Map<number, { claims: number; who: Set<number>; points: bigint; last: string }>();
    const claim = async (u: typeof kate, taskId: number, answer?: string) => {
      const r = await h.as(u).tasks.complete({ taskId, answer });
      const c = tally.get(taskId) ?? { claims: 0, who: new Set(), points: 0n, last: '' };
      c.claims++;
      c.who.add(u.telegramId);
      c.points += BigInt(r.reward);
      c.last = h.clock.now().toISOString();
      tally.set(taskId, c);
    };
    for (let day = 0; day < 4; day++) {
      await claim(kate, checkin.id);
      if (day % 2 === 0) await claim(leo, checkin.id);
      h.clock.advance({ days: 1 });
    }
    await claim(mia, q.id, 'TON');
    await claim(kate, q.id, 'TON');
    expect(await failure(h.as(leo).tasks.complete({ taskId: q.id, answer: 'Gold' }))).toMatchObject({ appCode: 'QUIZ_WRONG_ANSWER' });

    const figures = await h.as(owner).admin.catalog.taskStats();
    const row = (id: number) => figures.find((f) => f.taskId === id)!;
    for (const id of [checkin.id, q.id]) {
      const c = tally.get(id)!;
      expect(row(id)).toMatchObject({ claims: c.claims, participants: c.who.size, pointsPaid: c.points.toString(), lastClaimAt: c.last });
    }
    // Streak bonuses make the check-in's points more than reward × claims: the ledger says what was paid.
    expect(BigInt(row(checkin.id).pointsPaid)).toBeGreaterThan(50n * BigInt(row(checkin.id).claims));
    expect(row(idle.id)).toMatchObject({ claims: 0, participants: 0, pointsPaid: '0', lastClaimAt: null });
    const paid = figures.reduce((n, f) => n + BigInt(f.pointsPaid), 0n);
    const balances = await Promise.all([kate, leo, mia].map(async (u) => BigInt((await h.as(u).ledger.balances()).find((b) => b.currency === 'POINTS')!.amount)));
    expect(paid).toBe(balances.reduce((a, b) => a + b, 0n));

    // The last day: Kate's last check-in (a day ago to the millisecond) and the quizzes (now).
    const recent = await h.as(owner).admin.catalog.taskStats({ days: 1 });
    expect(recent.find((f) => f.taskId === checkin.id)).toMatchObject({ claims: 1, participants: 1 });
    expect(recent.find((f) => f.taskId === q.id)).toMatchObject({ claims: 2, participants: 2, pointsPaid: '60' });

    expect(await failure(h.as(owner).admin.catalog.taskStats({ days: 0 }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('days') });
    expect(await failure(h.as(kate).admin.catalog.taskStats())).toMatchObject({ code: 'FORBIDDEN', message: 'Your role does not allow this action.' });
    await h.expectLedgerBalanced();
  });
});
