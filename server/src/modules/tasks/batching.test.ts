import { beforeEach, describe, expect, it } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { failure, useHarness } from '../../test/harness.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';
import { periodKeyOf } from './rules.ts';
import { forgetTasks } from './service.ts';

// Concurrent requests share queries and claims are paid in batches (one call, one commit); these stories
// check that what each participant sees is what they would see one at a time.
const h = useHarness({ TASK_CACHE_MS: '60000', ADMIN_TELEGRAM_IDS: '9400' });
const owner = { telegramId: 9400, firstName: 'Owner' };
const people = Array.from({ length: 30 }, (_, i) => ({ telegramId: 8100 + i, firstName: `P${i}` }));
const pointsOf = async (u: { telegramId: number }) => (await h.as(u).ledger.balances()).find((b) => b.currency === 'POINTS')!.amount;

// Each test starts from an emptied database; the process's task list must not outlive it.
beforeEach(() => forgetTasks(h.deps.db));

describe('claims that arrive together', () => {
  it('pay each of 30 people once, with their own balance and streak, and refuse their duplicates', async () => {
    const t = await h.task({ type: 'DAILY_CHECKIN', period: 'DAILY', reward: 50n });
    const ids = await Promise.all(people.map(async (u) => (await h.as(u).profile.me()).id));
    const results = await Promise.allSettled(people.flatMap((u) => [h.as(u).tasks.complete({ taskId: t.id }), h.as(u).tasks.complete({ taskId: t.id })]));
    const ok = results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<{ reward: string; balance: string; streak: number }>).value);
    expect(ok).toHaveLength(30);
    expect(ok.map((r) => `${r.reward}/${r.balance}/${r.streak}`)).toEqual(Array(30).fill('50/50/1'));
    const refused = await Promise.all(results.filter((r) => r.status === 'rejected').map((r) => failure(Promise.reject((r as PromiseRejectedResult).reason))));
    expect(refused.map((e) => e.appCode)).toEqual(Array(30).fill('TASK_ALREADY_CLAIMED'));

    expect(await Promise.all(people.map(pointsOf))).toEqual(Array(30).fill('50'));
    const claims = await h.deps.prisma.taskClaim.groupBy({ by: ['participantId'], _count: true, where: { taskId: t.id } });
    expect(claims.map((c) => c._count)).toEqual(Array(30).fill(1));
    expect(claims.map((c) => c.participantId).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    const me = await h.as(people[7]).profile.me();
    expect(me.streak).toMatchObject({ current: 1, checkedInToday: true });
    await h.expectLedgerBalanced();
  });

  it('let one claim that breaks an invariant fail alone; the others sent with it are paid', async () => {
    const t = await h.task({ type: 'DAILY_CHECKIN', period: 'DAILY', reward: 50n });
    const ids = await Promise.all(people.slice(0, 10).map(async (u) => (await h.as(u).profile.me()).id));
    // A reward transfer for people[3]'s claim that has no claim row: claim_task refuses to pay it again.
    const key = `task:${ids[3]}:${t.id}:${periodKeyOf('DAILY', h.clock.now())}:1`;
    await inTx(h.deps.prisma, (tx) =>
      transfer(tx, { key, debit: { system: SystemAccount.ISSUANCE }, credit: { participantId: ids[3] }, currency: 'POINTS', amount: 50n, kind: 'TASK_REWARD' }),
    );
    const results = await Promise.allSettled(people.slice(0, 10).map((u) => h.as(u).tasks.complete({ taskId: t.id })));
    expect(results.map((r) => r.status)).toEqual([...Array(3).fill('fulfilled'), 'rejected', ...Array(6).fill('fulfilled')]);
    // The database's unique key refuses the second payment; it reaches the caller as that refusal.
    expect(await failure(Promise.reject((results[3] as PromiseRejectedResult).reason))).toMatchObject({ code: 'CONFLICT', appCode: 'ALREADY_EXISTS' });
    expect(await Promise.all(people.slice(0, 10).map(pointsOf))).toEqual(Array(10).fill('50'));
    expect(await h.deps.prisma.taskClaim.count({ where: { taskId: t.id } })).toBe(9);
    await h.expectLedgerBalanced();
  });

  it('pay two different tasks of one person sent together, the second on the points the first left', async () => {
    const quizzes = [await h.task({ type: 'QUIZ', reward: 300n, config: { answers: ['a'] } }), await h.task({ type: 'QUIZ', reward: 300n, config: { answers: ['a'] } })];
    await h.as(people[0]).profile.me();
    const paid = await Promise.all(quizzes.map((q) => h.as(people[0]).tasks.complete({ taskId: q.id, answer: 'a' })));
    expect(paid.map((p) => p.balance).sort()).toEqual(['300', '600']);
    expect(await pointsOf(people[0])).toBe('600');
    await h.expectLedgerBalanced();
  });
});

describe('task definitions kept for TASK_CACHE_MS', () => {
  it('show an admin’s edit at once in the process that made it', async () => {
    const t = await h.task({ type: 'QUIZ', reward: 10n, config: { answers: ['a'] } });
    expect((await h.as(people[0]).tasks.list()).map((x) => x.id)).toEqual([t.id]);
    // A change made behind the app's back is seen only when the cache runs out.
    await h.deps.prisma.task.update({ where: { id: t.id }, data: { reward: 20n } });
    expect((await h.as(people[0]).tasks.list())[0].reward).toBe('10');
    await h.as(owner).admin.catalog.saveTask({ id: t.id, slug: t.slug, type: 'QUIZ', title: { en: 'Q', ru: 'В' }, description: { en: '', ru: '' }, reward: '30', active: false });
    expect(await h.as(people[0]).tasks.list()).toEqual([]);
    expect(await failure(h.as(people[0]).tasks.complete({ taskId: t.id, answer: 'a' }))).toMatchObject({ appCode: 'TASK_INACTIVE' });
  });

  it('open and close tasks at their start and end, and turn periods over at midnight, while the list is kept', async () => {
    h.clock.set('2026-11-25T23:59:40Z');
    const checkin = await h.task({ type: 'DAILY_CHECKIN', period: 'DAILY', reward: 5n });
    const quiz = await h.task({
      type: 'QUIZ',
      reward: 10n,
      config: { answers: ['a'] },
      startsAt: new Date('2026-11-25T23:59:45Z'),
      endsAt: new Date('2026-11-26T00:00:20Z'),
    });
    const u = people[1];
    const screen = async () => (await h.as(u).tasks.list()).map((t) => `${t.id === quiz.id ? 'quiz' : 'checkin'} ${t.state}`);
    await h.as(u).tasks.complete({ taskId: checkin.id });
    expect(await screen()).toEqual(['checkin claimed']);
    h.clock.set('2026-11-25T23:59:45Z');
    expect(await screen()).toEqual(['checkin claimed', 'quiz available']);
    h.clock.set('2026-11-26T00:00:00Z');
    expect(await screen()).toEqual(['checkin available', 'quiz available']);
    h.clock.set('2026-11-26T00:00:20Z');
    expect(await screen()).toEqual(['checkin available']);
    // Back before the end (a clock set back in a test): shown again.
    h.clock.set('2026-11-26T00:00:19Z');
    expect(await screen()).toEqual(['checkin available', 'quiz available']);
  });

  it('find a task created since the list was read', async () => {
    await h.as(people[0]).tasks.list();
    const t = await h.task({ type: 'QUIZ', reward: 10n, config: { answers: ['a'] } });
    expect(await h.as(people[0]).tasks.complete({ taskId: t.id, answer: 'a' })).toMatchObject({ reward: '10' });
  });
});
