import { describe, expect, it } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { failure, useHarness } from '../../test/harness.ts';
import { SystemAccount } from './accounts.ts';
import { transfer } from './service.ts';
import { openDatabase } from '../../db/client.ts';
import { completeTask } from '../tasks/service.ts';

// PGlite is one connection, so races need PostgreSQL: these run only when DATABASE_URL is set.
describe.runIf(!!process.env.DATABASE_URL)('racing requests on PostgreSQL', () => {
  const h = useHarness();
  const alice = { telegramId: 7501, firstName: 'Alice' };
  const bob = { telegramId: 7502, firstName: 'Bob' };
  const points = async (u: { telegramId: number }) => (await h.as(u).ledger.balances()).find((b) => b.currency === 'POINTS')!.amount;
  const settled = <T>(ps: Promise<T>[]) => Promise.allSettled(ps);

  it('50 check-ins of the same daily task at once pay exactly one reward', async () => {
    const t = await h.task({ type: 'DAILY_CHECKIN', period: 'DAILY', reward: 50n });
    const me = await h.as(alice).profile.me();
    const results = await settled(Array.from({ length: 50 }, () => h.as(alice).tasks.complete({ taskId: t.id })));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = await Promise.all(results.filter((r) => r.status === 'rejected').map((r) => failure(Promise.reject((r as PromiseRejectedResult).reason))));
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(49);
    expect(new Set(refused.map((e) => `${e.code}/${e.appCode}`))).toEqual(new Set(['CONFLICT/TASK_ALREADY_CLAIMED']));
    expect(await points(alice)).toBe('50');
    expect(await h.deps.prisma.taskClaim.count({ where: { participantId: me.id, taskId: t.id } })).toBe(1);
    expect((await h.as(alice).profile.me()).streak).toMatchObject({ current: 1, checkedInToday: true });
    await h.expectLedgerBalanced();
  });

  it('12 different tasks claimed at once each pay at the level reached before them', async () => {
    // Levels: x1.00 below 500 points, x1.05 from 500. In any order, five claims pay 100 and seven pay 105.
    const quizzes = [];
    for (let i = 0; i < 12; i++) quizzes.push(await h.task({ type: 'QUIZ', reward: 100n, config: { answers: ['ton'] } }));
    await h.as(alice).profile.me();
    const results = await settled(quizzes.map((q) => h.as(alice).tasks.complete({ taskId: q.id, answer: 'ton' })));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const rewards = results.map((r) => (r as PromiseFulfilledResult<{ reward: string }>).value.reward).sort();
    expect(rewards).toEqual([...Array(5).fill('100'), ...Array(7).fill('105')]);
    expect(await points(alice)).toBe('1235');
    expect((await h.as(alice).ratings.myRank({ board: 'all' })).points).toBe('1235');
    await h.expectLedgerBalanced();
  });

  it('30 transfers that together exceed the balance never overdraw it', async () => {
    const a = (await h.as(alice).profile.me()).id;
    const b = (await h.as(bob).profile.me()).id;
    const start = 1000n;
    await inTx(h.deps.prisma, (tx) =>
      transfer(tx, { key: 'grant', debit: { system: SystemAccount.ISSUANCE }, credit: { participantId: a }, currency: 'POINTS', amount: start, kind: 'AWARD' }),
    );
    const amounts = Array.from({ length: 30 }, (_, i) => BigInt(60 + ((i * 37) % 90)));
    expect(amounts.reduce((s, x) => s + x, 0n)).toBeGreaterThan(start);

    // Watch the balance from another connection while the transfers race.
    const seen: bigint[] = [];
    let racing = true;
    const watcher = (async () => {
      while (racing) {
        const acc = await h.deps.prisma.account.findFirstOrThrow({ where: { participantId: a, currency: 'POINTS' } });
        seen.push(acc.balance);
      }
    })();
    const results = await settled(
      amounts.map((amount, i) =>
        inTx(h.deps.prisma, (tx) =>
          transfer(tx, { key: `gift:${i}`, debit: { participantId: a }, credit: { participantId: b }, currency: 'POINTS', amount, kind: 'GIFT' }),
        ),
      ),
    );
    racing = false;
    await watcher;

    const paid = amounts.filter((_, i) => results[i].status === 'fulfilled');
    const refused = amounts.filter((_, i) => results[i].status === 'rejected');
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ appCode: 'INSUFFICIENT_FUNDS' });
    const spent = paid.reduce((s, x) => s + x, 0n);
    expect(paid.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(start);
    expect(await points(alice)).toBe((start - spent).toString());
    expect(await points(bob)).toBe(spent.toString());
    // Nothing was refused that would have fitted: the balance only fell, so each refusal still holds at the end.
    for (const x of refused) expect(x).toBeGreaterThan(start - spent);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((x) => x < 0n)).toEqual([]);
    expect(await h.deps.prisma.transfer.count({ where: { kind: 'GIFT' } })).toBe(paid.length);
    await h.expectLedgerBalanced();
  });

  it('pays the inviter once per friend when each friend finishes two tasks at the same moment', async () => {
    await h.task({ type: 'INVITE_FRIENDS', period: 'UNLIMITED', reward: 150n, config: { perFriend: true } });
    const quiz = await h.task({ type: 'QUIZ', reward: 10n, config: { answers: ['ton'] } });
    const checkin = await h.task({ type: 'DAILY_CHECKIN', period: 'DAILY', reward: 20n });
    const code = (await h.as(alice).profile.me()).referralCode;
    const friends = Array.from({ length: 10 }, (_, i) => ({ telegramId: 7600 + i, firstName: `Friend ${i}`, startParam: `ref_${code}` }));
    for (const f of friends) await h.as(f).profile.me();

    const results = await settled(
      friends.flatMap((f) => [h.as(f).tasks.complete({ taskId: quiz.id, answer: 'ton' }), h.as(f).tasks.complete({ taskId: checkin.id })]),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await points(alice)).toBe(String(10 * 150));
    expect(await h.as(alice).referrals.summary()).toMatchObject({ invited: 10, active: 10, earned: '1500' });
    expect(await h.deps.prisma.transfer.count({ where: { kind: 'REFERRAL_REWARD' } })).toBe(10);
    await h.expectLedgerBalanced();
  });

  it('two API processes paying batches of claims for the same people at once pay each claim once, without deadlocks', async () => {
    // A second pool, as a second API process has: its own batches, racing the first's on the same rows.
    const [{ name }] = await h.deps.db.sql.query<{ name: string }>('SELECT current_database() AS name');
    const other = await openDatabase({ databaseUrl: Object.assign(new URL(process.env.DATABASE_URL!), { pathname: `/${name}` }).toString(), migrate: false });
    try {
      await h.task({ type: 'INVITE_FRIENDS', period: 'UNLIMITED', reward: 150n, config: { perFriend: true } });
      const tasks = [
        await h.task({ type: 'DAILY_CHECKIN', period: 'DAILY', reward: 20n }),
        await h.task({ type: 'QUIZ', reward: 10n, config: { answers: ['ton'] } }),
        await h.task({ type: 'QUIZ', reward: 30n, config: { answers: ['ton'] } }),
      ];
      const code = (await h.as(alice).profile.me()).referralCode;
      // Half of them were invited by Alice: their first claim also pays her (the locking path).
      const people = Array.from({ length: 40 }, (_, i) => ({ telegramId: 7700 + i, firstName: `P${i}`, startParam: i % 2 ? `ref_${code}` : undefined }));
      for (const u of people) await h.as(u).profile.me();
      const rows = await h.deps.prisma.participant.findMany({ where: { telegramId: { in: people.map((u) => BigInt(u.telegramId)) } } });
      const viaOther = { ...h.deps, db: other, prisma: other.prisma };

      const results = await settled(
        rows.flatMap((p) =>
          tasks.flatMap((t) => [
            completeTask(h.deps, p, t.id, 'ton'),
            completeTask(viaOther, p, t.id, 'ton'),
          ]),
        ),
      );
      // Called below the API: refusals are the domain errors themselves.
      const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason);
      expect(new Set(refused.map((e) => e.appCode ?? String(e)))).toEqual(new Set(['TASK_ALREADY_CLAIMED']));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(40 * 3);

      const claims = await h.deps.prisma.taskClaim.groupBy({ by: ['participantId', 'taskId'], _count: true, where: { taskId: { in: tasks.map((t) => t.id) } } });
      expect(claims).toHaveLength(40 * 3);
      expect(claims.filter((c) => c._count !== 1)).toEqual([]);
      for (const u of people.slice(0, 4)) expect(await points(u)).toBe('60');
      expect(await points(alice)).toBe(String(20 * 150));
      expect(await h.deps.prisma.transfer.count({ where: { kind: 'REFERRAL_REWARD' } })).toBe(20);
      await h.expectLedgerBalanced();
    } finally {
      await other.close();
    }
  });
});
