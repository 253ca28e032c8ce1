import { describe, expect, it } from 'vitest';
import { failure, useHarness } from '../../test/harness.ts';
import { resolveParticipantWith } from '../participants/service.ts';
import { listTasks, taskActivityRead } from './service.ts';

const h = useHarness();
const alice = { telegramId: 7001, firstName: 'Alice' };
const bob = { telegramId: 7002, firstName: 'Bob' };

const pointsOf = async (u: typeof alice) =>
  (await h.as(u).ledger.balances()).find((b) => b.currency === 'POINTS')!.amount;

describe('daily check-in', () => {
  it('pays once a day, grows the streak with a bonus and resets after a missed day', async () => {
    const t = await h.task({ type: 'DAILY_CHECKIN', period: 'DAILY', reward: 50n, config: { streakBonus: 10, maxStreakBonusDays: 2 } });
    const a = h.as(alice);
    const day1 = await a.tasks.complete({ taskId: t.id });
    expect(day1).toMatchObject({ reward: '50', balance: '50', streak: 1 });
    expect(await failure(a.tasks.complete({ taskId: t.id }))).toMatchObject({ code: 'CONFLICT', appCode: 'TASK_ALREADY_CLAIMED' });

    h.clock.advance({ days: 1 });
    expect(await h.as(alice).tasks.complete({ taskId: t.id })).toMatchObject({ reward: '60', streak: 2 });
    h.clock.advance({ days: 1 });
    expect(await h.as(alice).tasks.complete({ taskId: t.id })).toMatchObject({ reward: '70', streak: 3 });
    h.clock.advance({ days: 1 });
    // The bonus is capped at two extra days.
    expect(await h.as(alice).tasks.complete({ taskId: t.id })).toMatchObject({ reward: '70', streak: 4 });

    h.clock.advance({ days: 2 });
    const me = await h.as(alice).profile.me();
    expect(me.streak).toEqual({ current: 0, best: 4, checkedInToday: false });
    expect(await h.as(alice).tasks.complete({ taskId: t.id })).toMatchObject({ reward: '50', streak: 1 });
    expect(await pointsOf(alice)).toBe(String(50 + 60 + 70 + 70 + 50));
    await h.expectLedgerBalanced();
  });

  it('turns over at midnight UTC', async () => {
    const t = await h.task({ type: 'DAILY_CHECKIN', period: 'DAILY', reward: 10n });
    h.clock.set('2026-11-24T23:59:50Z');
    await h.as(alice).tasks.complete({ taskId: t.id });
    h.clock.set('2026-11-25T00:00:05Z');
    expect(await h.as(alice).tasks.complete({ taskId: t.id })).toMatchObject({ streak: 2 });
  });
});

describe('quiz', () => {
  it('accepts the right answer ignoring case and spaces, refuses a wrong one without paying', async () => {
    const t = await h.task({
      type: 'QUIZ',
      reward: 100n,
      config: { question: { en: 'Coin?', ru: 'Монета?' }, options: { en: ['Toncoin', 'Gold'], ru: ['Toncoin', 'Золото'] }, answers: ['Toncoin'] },
    });
    const list = await h.as(alice).tasks.list();
    const view = list.find((x) => x.id === t.id)!;
    expect(view.config).toMatchObject({ question: 'Coin?', options: ['Toncoin', 'Gold'] });
    expect(JSON.stringify(view)).not.toContain('answers');

    expect(await failure(h.as(alice).tasks.complete({ taskId: t.id, answer: 'gold' }))).toMatchObject({ appCode: 'QUIZ_WRONG_ANSWER' });
    expect(await failure(h.as(alice).tasks.complete({ taskId: t.id }))).toMatchObject({ appCode: 'QUIZ_WRONG_ANSWER' });
    expect(await pointsOf(alice)).toBe('0');
    expect(await h.as(alice).tasks.complete({ taskId: t.id, answer: '  TONCOIN ' })).toMatchObject({ reward: '100' });
    expect(await failure(h.as(alice).tasks.complete({ taskId: t.id, answer: 'toncoin' }))).toMatchObject({ appCode: 'TASK_ALREADY_CLAIMED' });
  });

  it('records a rewardless quiz as done, moving no money, also when sent with paying claims', async () => {
    const paid = await h.task({ type: 'QUIZ', reward: 100n, config: { answers: ['a'] } });
    const free = await h.task({ type: 'QUIZ', reward: 0n, config: { answers: ['a'] } });
    await h.as(alice).tasks.complete({ taskId: paid.id, answer: 'a' });
    // Alice's rewardless claim and Bob's paying one arrive together.
    const [a, b] = await Promise.all([
      h.as(alice).tasks.complete({ taskId: free.id, answer: 'a' }),
      h.as(bob).tasks.complete({ taskId: paid.id, answer: 'a' }),
    ]);
    expect([a, b]).toMatchObject([{ reward: '0', balance: '100' }, { reward: '100', balance: '100' }]);
    expect((await h.as(alice).tasks.list()).find((x) => x.id === free.id)!.state).toBe('claimed');
    expect(await failure(h.as(alice).tasks.complete({ taskId: free.id, answer: 'a' }))).toMatchObject({ appCode: 'TASK_ALREADY_CLAIMED' });
    const claim = await h.deps.prisma.taskClaim.findFirstOrThrow({ where: { taskId: free.id } });
    expect({ reward: claim.reward, transferId: claim.transferId }).toEqual({ reward: 0n, transferId: null });
    expect(await h.deps.prisma.transfer.count({ where: { reference: `task:${free.slug}` } })).toBe(0);
    expect(await h.deps.prisma.transfer.count({ where: { reference: `task:${paid.slug}` } })).toBe(2);
    expect(await pointsOf(alice)).toBe('100');
    await h.expectLedgerBalanced();
  });

  it('shows the question in Russian to a Russian speaker', async () => {
    const t = await h.task({ type: 'QUIZ', config: { question: { en: 'Coin?', ru: 'Монета?' }, answers: ['x'] } });
    await h.as({ telegramId: 7003, language: 'ru' }).profile.me();
    const list = await h.as({ telegramId: 7003, language: 'ru' }).tasks.list();
    expect(list.find((x) => x.id === t.id)).toMatchObject({ title: expect.stringContaining('Задание'), config: { question: 'Монета?' } });
  });
});

describe('visit a link', () => {
  it('pays only after the dwell time counted from the recorded open', async () => {
    const t = await h.task({ type: 'VISIT_LINK', reward: 30n, config: { url: 'https://example.org', dwellSeconds: 15 } });
    const a = h.as(alice);
    expect(await failure(a.tasks.complete({ taskId: t.id }))).toMatchObject({ appCode: 'VISIT_NOT_STARTED' });
    const started = await a.tasks.start({ taskId: t.id });
    expect(new Date(started.readyAt).getTime() - new Date(started.startedAt).getTime()).toBe(15_000);
    // The Tasks screen shows the same open and when the reward becomes claimable.
    expect((await a.tasks.list()).find((x) => x.id === t.id)).toMatchObject({ state: 'started', startedAt: started.startedAt, readyAt: started.readyAt, claimedCount: 0 });
    h.clock.advance({ seconds: 10 });
    expect(await failure(h.as(alice).tasks.complete({ taskId: t.id }))).toMatchObject({ appCode: 'VISIT_TOO_EARLY', code: 'PRECONDITION_FAILED' });
    // Opening again does not restart the timer.
    await h.as(alice).tasks.start({ taskId: t.id });
    h.clock.advance({ seconds: 5 });
    expect(await h.as(alice).tasks.complete({ taskId: t.id })).toMatchObject({ reward: '30' });
  });

  it('refuses to start a task that is not a link', async () => {
    const t = await h.task({ type: 'QUIZ', config: { answers: ['a'] } });
    expect(await failure(h.as(alice).tasks.start({ taskId: t.id }))).toMatchObject({ appCode: 'TASK_NOT_STARTABLE' });
  });
});

describe('join a channel', () => {
  it('asks Telegram through getChatMember and pays members, not others', async () => {
    const t = await h.task({ type: 'JOIN_CHAT', reward: 200n, config: { chatId: '@news', chatUrl: 'https://t.me/news' } });
    expect(await failure(h.as(alice).tasks.complete({ taskId: t.id }))).toMatchObject({ appCode: 'NOT_A_MEMBER' });
    h.telegram.setMember('@news', alice.telegramId, 'left');
    expect(await failure(h.as(alice).tasks.complete({ taskId: t.id }))).toMatchObject({ appCode: 'NOT_A_MEMBER' });
    h.telegram.setMember('@news', alice.telegramId, 'member');
    expect(await h.as(alice).tasks.complete({ taskId: t.id })).toMatchObject({ reward: '200' });
    h.telegram.setMember('@news', bob.telegramId, 'administrator');
    expect(await h.as(bob).tasks.complete({ taskId: t.id })).toMatchObject({ reward: '200' });
    const calls = h.telegram.callsOf('getChatMember');
    expect(calls.at(-1)!.params).toMatchObject({ chat_id: '@news', user_id: bob.telegramId });
  });

  it('says the check failed, and pays nothing, when Telegram is unreachable', async () => {
    const t = await h.task({ type: 'JOIN_CHAT', config: { chatId: '@news' } });
    h.telegram.down = true;
    expect(await failure(h.as(alice).tasks.complete({ taskId: t.id }))).toMatchObject({ appCode: 'MEMBERSHIP_CHECK_FAILED' });
    expect(await pointsOf(alice)).toBe('0');
  });
});

describe('availability', () => {
  it('refuses unknown, switched-off, not-yet-started and ended tasks', async () => {
    expect(await failure(h.as(alice).tasks.complete({ taskId: 999 }))).toMatchObject({ code: 'NOT_FOUND', appCode: 'TASK_NOT_FOUND' });
    expect(await failure(h.as(alice).tasks.complete({ taskId: 2 ** 40 }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('is not a task id') });
    const off = await h.task({ type: 'DAILY_CHECKIN', active: false });
    const later = await h.task({ type: 'DAILY_CHECKIN', startsAt: new Date('2026-12-01T00:00:00Z') });
    const ended = await h.task({ type: 'DAILY_CHECKIN', endsAt: new Date('2026-11-01T00:00:00Z') });
    for (const t of [off, later, ended]) {
      expect(await failure(h.as(alice).tasks.complete({ taskId: t.id }))).toMatchObject({ appCode: 'TASK_INACTIVE' });
    }
    expect((await h.as(alice).tasks.list()).map((x) => x.id)).not.toContain(off.id);
  });

  it('enforces a cooldown and a per-period limit', async () => {
    const t = await h.task({ type: 'QUIZ', period: 'DAILY', limitPerPeriod: 2, cooldownSeconds: 3600, reward: 5n, config: { answers: ['yes'] } });
    await h.as(alice).tasks.complete({ taskId: t.id, answer: 'yes' });
    const cool = await failure(h.as(alice).tasks.complete({ taskId: t.id, answer: 'yes' }));
    expect(cool.appCode).toBe('TASK_COOLDOWN');
    expect((await h.as(alice).tasks.list()).find((x) => x.id === t.id)).toMatchObject({ state: 'cooldown', availableAt: '2026-11-24T13:00:00.000Z' });
    h.clock.advance({ hours: 1 });
    await h.as(alice).tasks.complete({ taskId: t.id, answer: 'yes' });
    h.clock.advance({ hours: 2 });
    expect(await failure(h.as(alice).tasks.complete({ taskId: t.id, answer: 'yes' }))).toMatchObject({ appCode: 'TASK_ALREADY_CLAIMED' });
    expect((await h.as(alice).tasks.list()).find((x) => x.id === t.id)).toMatchObject({ state: 'claimed', claimedCount: 2 });
    expect(await pointsOf(alice)).toBe('10');
  });

  it('keeps a cooldown that began yesterday, and counts only the current period', async () => {
    const t = await h.task({ type: 'QUIZ', period: 'DAILY', limitPerPeriod: 3, cooldownSeconds: 6 * 3600, reward: 5n, config: { answers: ['yes'] } });
    const checkin = await h.task({ type: 'DAILY_CHECKIN', period: 'DAILY', reward: 1n });
    h.clock.set('2026-11-20T23:00:00Z');
    for (let day = 0; day < 4; day++) {
      await h.as(alice).tasks.complete({ taskId: checkin.id });
      h.clock.advance({ days: 1 });
    }
    await h.as(alice).tasks.complete({ taskId: t.id, answer: 'yes' });
    h.clock.set('2026-11-25T01:00:00Z');
    // Read together, as one batch: each participant gets their own state.
    const [mine, bobs] = await Promise.all([h.as(alice).tasks.list(), h.as(bob).tasks.list()]);
    expect(mine.find((x) => x.id === t.id)).toMatchObject({ state: 'cooldown', claimedCount: 0, availableAt: '2026-11-25T05:00:00.000Z' });
    expect(mine.find((x) => x.id === checkin.id)).toMatchObject({ state: 'available', claimedCount: 0 });
    expect(bobs.find((x) => x.id === t.id)).toMatchObject({ state: 'available', claimedCount: 0 });
    expect(await failure(h.as(alice).tasks.complete({ taskId: t.id, answer: 'yes' }))).toMatchObject({ appCode: 'TASK_COOLDOWN' });

    h.clock.set('2026-11-25T05:00:00Z');
    await h.as(alice).tasks.complete({ taskId: t.id, answer: 'yes' });
    await h.as(alice).tasks.complete({ taskId: checkin.id });
    const after = await h.as(alice).tasks.list();
    expect(after.find((x) => x.id === t.id)).toMatchObject({ state: 'cooldown', claimedCount: 1, availableAt: '2026-11-25T11:00:00.000Z' });
    expect(after.find((x) => x.id === checkin.id)).toMatchObject({ state: 'claimed', claimedCount: 1 });
    expect(await pointsOf(alice)).toBe(String(4 * 1 + 2 * 5 + 1));
  });

  it('shows from the activity read with the sign-in exactly what a read apart shows', async () => {
    const quiz = await h.task({ type: 'QUIZ', period: 'DAILY', limitPerPeriod: 3, cooldownSeconds: 3600, reward: 5n, config: { answers: ['yes'] } });
    const link = await h.task({ type: 'VISIT_LINK', reward: 30n, config: { url: 'https://example.org', dwellSeconds: 15 } });
    const checkin = await h.task({ type: 'DAILY_CHECKIN', period: 'DAILY', reward: 1n });
    h.clock.set('2026-11-25T10:00:00.123Z');
    await h.as(alice).tasks.complete({ taskId: quiz.id, answer: 'yes' });
    await h.as(alice).tasks.start({ taskId: link.id });
    await h.as(alice).tasks.complete({ taskId: checkin.id });
    h.clock.advance({ seconds: 5 });

    const user = { id: alice.telegramId, first_name: alice.firstName };
    const { participant, read } = await resolveParticipantWith(h.deps, user, { ownerIds: [], now: h.clock.now() }, taskActivityRead);
    const apart = await listTasks(h.deps, participant);
    const states = (list: typeof apart) => list.map((t) => [t.id, t.state, t.claimedCount, t.availableAt, t.startedAt]);
    expect(states(apart)).toEqual([
      [quiz.id, 'cooldown', 1, '2026-11-25T11:00:00.123Z', null],
      [link.id, 'started', 0, null, '2026-11-25T10:00:00.123Z'],
      [checkin.id, 'claimed', 1, '2026-11-26T00:00:00.000Z', null],
    ]);
    expect(await listTasks(h.deps, participant, read)).toEqual(apart);
    // The list takes what the sign-in read when it asked for the same tasks and periods...
    const blank = { claims: [], starts: [] };
    expect(states(await listTasks(h.deps, participant, { ask: read!.ask, activity: blank }))).toEqual([
      [quiz.id, 'available', 0, null, null],
      [link.id, 'available', 0, null, null],
      [checkin.id, 'available', 0, null, null],
    ]);
    // ...and reads afresh when they differ (a period turned over in between).
    expect(await listTasks(h.deps, participant, { ask: '[]', activity: blank })).toEqual(apart);
  });

  it('rejects malformed input with a validation error', async () => {
    const e = await failure(h.as(alice).tasks.complete({ taskId: -1 } as never));
    expect(e).toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('levels', () => {
  it('multiplies rewards once a level is reached and reports the level-up', async () => {
    const t = await h.task({ type: 'QUIZ', period: 'UNLIMITED', limitPerPeriod: 1000, reward: 300n, config: { answers: ['a'] } });
    const first = await h.as(alice).tasks.complete({ taskId: t.id, answer: 'a' });
    expect(first).toMatchObject({ reward: '300', level: 1, levelUp: false });
    const second = await h.as(alice).tasks.complete({ taskId: t.id, answer: 'a' });
    expect(second).toMatchObject({ reward: '300', level: 2, levelUp: true });
    // Level 2 pays ×1.05.
    expect(await h.as(alice).tasks.complete({ taskId: t.id, answer: 'a' })).toMatchObject({ reward: '315' });
    const me = await h.as(alice).profile.me();
    expect(me.level).toMatchObject({ level: 2, points: '915', nextThreshold: '2000' });
    await h.expectLedgerBalanced();
  });
});
