import { beforeEach, describe, expect, it } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { useHarness } from '../../test/harness.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';
import { myRank } from './service.ts';

const h = useHarness();
type U = { telegramId: number; firstName: string; startParam?: string };
const ann: U = { telegramId: 7801, firstName: 'Ann' };
const bob: U = { telegramId: 7802, firstName: 'Bob' };
const cid: U = { telegramId: 7803, firstName: 'Cid' };
const dan: U = { telegramId: 7804, firstName: 'Dan' };
const eve: U = { telegramId: 7805, firstName: 'Eve' };

let tasks: Record<100 | 200 | 300, number>;
beforeEach(async () => {
  const quiz = async (reward: bigint) => (await h.task({ type: 'QUIZ', reward, config: { answers: ['a'] } })).id;
  tasks = { 100: await quiz(100n), 200: await quiz(200n), 300: await quiz(300n) };
});
const earn = async (u: U, ...rewards: (100 | 200 | 300)[]) => {
  for (const r of rewards) await h.as(u).tasks.complete({ taskId: tasks[r], answer: 'a' });
};
const board = async (u: U, name: 'all' | 'weekly' | 'friends') => (await h.as(u).ratings.leaderboard({ board: name })).entries;
const rows = (entries: { rank: number; name: string; points: string; isMe: boolean }[]) =>
  entries.map((e) => `${e.rank} ${e.name} ${e.points}${e.isMe ? ' (me)' : ''}`);

/** Ann 300, Bob 300 (a tie), Cid 200, Dan 100; Eve joined but earned nothing. */
async function season() {
  await earn(ann, 300);
  await earn(bob, 200, 100);
  await earn(cid, 200);
  await earn(dan, 100);
  await h.as(eve).profile.me();
}

describe('leaderboards', () => {
  it('rank everyone by points earned, ties sharing a rank, with my own place', async () => {
    await season();
    expect(rows(await board(cid, 'all'))).toEqual(['1 Ann 300', '1 Bob 300', '3 Cid 200 (me)', '4 Dan 100']);
    expect(await h.as(cid).ratings.myRank({ board: 'all' })).toEqual({ board: 'all', rank: 3, points: '200', total: 4 });
    expect((await h.as(cid).ratings.leaderboard({ board: 'all' })).me).toEqual({ rank: 3, points: '200' });
    expect((await h.as(bob).ratings.leaderboard({ board: 'all' })).me).toEqual({ rank: 1, points: '300' });
    expect(await h.as(dan).ratings.myRank({ board: 'all' })).toMatchObject({ rank: 4, points: '100' });
    // Nothing earned, no place yet.
    expect(await h.as(eve).ratings.myRank({ board: 'all' })).toMatchObject({ rank: null, points: '0' });
    expect(rows(await board(eve, 'all'))).not.toContainEqual(expect.stringContaining('Eve'));
    await h.expectLedgerBalanced();
  });

  it('read my points afresh when those read with the sign-in are for another week', async () => {
    await season();
    const p = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(ann.telegramId) } });
    // As if the sign-in ran just before a new week began and the board just after.
    const lastWeeks = { all: 300n, week: 5n, weekKey: '2026-W01' };
    expect(await myRank(h.deps, 'weekly', p.id, h.clock.now(), lastWeeks)).toMatchObject({ rank: 1, points: '300' });
  });

  it('start the weekly board afresh in the next UTC ISO week, keeping the all-time one', async () => {
    await season();
    expect(rows(await board(ann, 'weekly'))).toEqual(['1 Ann 300 (me)', '1 Bob 300', '3 Cid 200', '4 Dan 100']);

    h.clock.set('2026-11-29T23:59:59Z'); // Sunday: still the same week
    expect(rows(await board(ann, 'weekly'))).toHaveLength(4);

    h.clock.set('2026-11-30T00:00:00Z'); // Monday 00:00 UTC
    expect(await board(ann, 'weekly')).toEqual([]);
    expect(await h.as(ann).ratings.myRank({ board: 'weekly' })).toMatchObject({ rank: null, points: '0' });
    expect(rows(await board(ann, 'all'))).toEqual(['1 Ann 300 (me)', '1 Bob 300', '3 Cid 200', '4 Dan 100']);

    await earn(dan, 200);
    expect(rows(await board(ann, 'weekly'))).toEqual(['1 Dan 200']);
    expect(await h.as(dan).ratings.myRank({ board: 'weekly' })).toMatchObject({ rank: 1, points: '200', total: 1 });
    expect(rows(await board(ann, 'all'))).toEqual(['1 Ann 300 (me)', '1 Bob 300', '1 Dan 300', '4 Cid 200']);
    await h.expectLedgerBalanced();
  });

  it('show on the friends board only me, the people I invited and the one who invited me', async () => {
    const zed: U = { telegramId: 7809, firstName: 'Zed' };
    const zedCode = (await h.as(zed).profile.me()).referralCode;
    const annCode = (await h.as({ ...ann, startParam: `ref_${zedCode}` }).profile.me()).referralCode;
    await h.as({ ...bob, startParam: `ref_${annCode}` }).profile.me();
    await h.as({ ...cid, startParam: `ref_${annCode}` }).profile.me();
    await season();

    expect(rows(await board(ann, 'friends'))).toEqual(['1 Ann 300 (me)', '1 Bob 300', '3 Cid 200', '4 Zed 0']);
    // Bob sees his inviter, not the other people Ann invited.
    expect(rows(await board(bob, 'friends'))).toEqual(['1 Ann 300', '1 Bob 300 (me)']);
    expect(rows(await board(dan, 'friends'))).toEqual(['1 Dan 100 (me)']);
    expect(await h.as(cid).ratings.myRank({ board: 'friends' })).toMatchObject({ rank: 2, points: '200', total: 2 });
    await h.expectLedgerBalanced();
  });

  it('leave banned participants out, and move the others up', async () => {
    const annCode = (await h.as(ann).profile.me()).referralCode;
    await h.as({ ...bob, startParam: `ref_${annCode}` }).profile.me();
    await season();
    await h.deps.prisma.participant.update({ where: { telegramId: BigInt(bob.telegramId) }, data: { bannedAt: h.clock.now() } });

    expect(rows(await board(cid, 'all'))).toEqual(['1 Ann 300', '2 Cid 200 (me)', '3 Dan 100']);
    expect(rows(await board(cid, 'weekly'))).toEqual(['1 Ann 300', '2 Cid 200 (me)', '3 Dan 100']);
    expect(rows(await board(ann, 'friends'))).toEqual(['1 Ann 300 (me)']);
    expect(await h.as(cid).ratings.myRank({ board: 'all' })).toEqual({ board: 'all', rank: 2, points: '200', total: 3 });
    await h.expectLedgerBalanced();
  });

  it('do not go down when points are spent', async () => {
    await season();
    const annId = (await h.as(ann).profile.me()).id;
    await inTx(h.deps.prisma, (tx) =>
      transfer(tx, { key: 'order:1', debit: { participantId: annId }, credit: { system: SystemAccount.SINK }, currency: 'POINTS', amount: 250n, kind: 'PURCHASE' }),
    );
    expect((await h.as(ann).ledger.balances()).find((b) => b.currency === 'POINTS')!.amount).toBe('50');
    expect(rows(await board(ann, 'all'))).toEqual(['1 Ann 300 (me)', '1 Bob 300', '3 Cid 200', '4 Dan 100']);
    expect(rows(await board(ann, 'weekly'))[0]).toBe('1 Ann 300 (me)');
    expect(await h.as(ann).ratings.myRank({ board: 'all' })).toMatchObject({ rank: 1, points: '300' });
    expect((await h.as(ann).profile.me()).level).toMatchObject({ points: '300' });
    await h.expectLedgerBalanced();
  });
});
