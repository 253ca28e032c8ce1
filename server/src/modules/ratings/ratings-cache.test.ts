import { describe, expect, it, vi } from 'vitest';
import { useHarness } from '../../test/harness.ts';

// Production boards come from a snapshot at most LEADERBOARD_CACHE_MS old; one's own points are always current.
const h = useHarness({ LEADERBOARD_CACHE_MS: '2000' });
type U = { telegramId: number; firstName: string };
const ann: U = { telegramId: 7901, firstName: 'Ann' };
const bob: U = { telegramId: 7902, firstName: 'Bob' };
const cid: U = { telegramId: 7903, firstName: 'Cid' };
const dan: U = { telegramId: 7904, firstName: 'Dan' };

const rows = (entries: { rank: number; name: string; points: string }[]) => entries.map((e) => `${e.rank} ${e.name} ${e.points}`);
const board = async (u: U) => rows((await h.as(u).ratings.leaderboard({ board: 'all' })).entries);

describe('cached leaderboards', () => {
  it('serve a snapshot for a moment, then the board as it is', async () => {
    const quiz = async (reward: bigint) => (await h.task({ type: 'QUIZ', reward, config: { answers: ['a'] } })).id;
    const [q100, q200, q300] = [await quiz(100n), await quiz(200n), await quiz(300n)];
    const earn = (u: U, taskId: number) => h.as(u).tasks.complete({ taskId, answer: 'a' });
    await earn(ann, q300);
    await earn(bob, q200);
    expect(await board(cid)).toEqual(['1 Ann 300', '2 Bob 200']);

    // Within the cache time others see the snapshot; Cid sees their own points and the place they give.
    await earn(cid, q300);
    await earn(cid, q100);
    expect(await board(ann)).toEqual(['1 Ann 300', '2 Bob 200']);
    expect(await h.as(cid).ratings.myRank({ board: 'all' })).toEqual({ board: 'all', rank: 1, points: '400', total: 2 });
    expect(await h.as(bob).ratings.myRank({ board: 'all' })).toMatchObject({ rank: 2, points: '200' });

    // Long after, the board is rebuilt before answering.
    h.clock.advance({ seconds: 11 });
    expect(await board(ann)).toEqual(['1 Cid 400', '2 Ann 300', '3 Bob 200']);
    expect(await h.as(bob).ratings.myRank({ board: 'all' })).toEqual({ board: 'all', rank: 3, points: '200', total: 3 });

    // Just past the cache time, the old snapshot answers while the new one is built, then the new one.
    await earn(dan, q100);
    h.clock.advance({ seconds: 3 });
    expect(await board(ann)).toEqual(['1 Cid 400', '2 Ann 300', '3 Bob 200']);
    await vi.waitFor(async () => expect(await board(ann)).toEqual(['1 Cid 400', '2 Ann 300', '3 Bob 200', '4 Dan 100']));
    expect(await h.as(dan).ratings.myRank({ board: 'all' })).toEqual({ board: 'all', rank: 4, points: '100', total: 4 });
  });
});
