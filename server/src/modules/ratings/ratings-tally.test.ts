import { describe, expect, it } from 'vitest';
import { useHarness } from '../../test/harness.ts';
import { foldScoreTally } from './service.ts';

// Boards are rebuilt from the tally the triggers on "Score" keep, not by counting every score; these
// stories check that what the tally says is what the scores say, after every kind of write.
const h = useHarness({ LEADERBOARD_CACHE_MS: '2000', ADMIN_TELEGRAM_IDS: '7950' });
type U = { telegramId: number; firstName: string };
const owner: U = { telegramId: 7950, firstName: 'Olga' };
const ann: U = { telegramId: 7951, firstName: 'Ann' };
const bob: U = { telegramId: 7952, firstName: 'Bob' };
const cid: U = { telegramId: 7953, firstName: 'Cid' };
const dan: U = { telegramId: 7954, firstName: 'Dan' };

const rows = (entries: { rank: number; name: string; points: string }[]) => entries.map((e) => `${e.rank} ${e.name} ${e.points}`);
const board = async (u: U, name: 'all' | 'weekly' = 'all') => rows((await h.as(u).ratings.leaderboard({ board: name })).entries);
const later = () => h.clock.advance({ seconds: 11 });

/** Holders per total as the scores themselves say, banned participants left out. */
const counted = (period: string) =>
  h.db.sql.query<{ points: string; n: number }>(
    `SELECT s.points::text, count(*)::int AS n FROM "Score" s JOIN "Participant" p ON p.id = s."participantId"
      WHERE s.period = $1 AND s.points > 0 AND p."bannedAt" IS NULL GROUP BY s.points ORDER BY s.points DESC`,
    [period],
  );
const tallied = (period: string) => h.db.sql.query<{ points: string; n: number }>(`SELECT points::text, n::int FROM "board_tally"($1)`, [period]);

describe('boards rebuilt from the tally of point totals', () => {
  it('rank everyone right after each rebuild, with one’s own points always current', async () => {
    const quiz = async (reward: bigint) => (await h.task({ type: 'QUIZ', reward, config: { answers: ['a'] } })).id;
    const [q100, q200, q300] = [await quiz(100n), await quiz(200n), await quiz(300n)];
    const earn = (u: U, taskId: number) => h.as(u).tasks.complete({ taskId, answer: 'a' });
    await earn(ann, q300);
    await earn(bob, q200);
    await earn(cid, q100);
    await earn(dan, q100);
    expect(await board(dan)).toEqual(['1 Ann 300', '2 Bob 200', '3 Cid 100', '3 Dan 100']);

    // Within the cache time: Cid's own points and place are current, the others see the snapshot.
    await earn(cid, q300);
    expect(await h.as(cid).ratings.myRank({ board: 'all' })).toEqual({ board: 'all', rank: 1, points: '400', total: 4 });
    expect(await h.as(bob).ratings.myRank({ board: 'all' })).toEqual({ board: 'all', rank: 2, points: '200', total: 4 });

    // Ann is banned and Bob deletes his account: after the next rebuild both are off the boards.
    await h.as(owner).admin.participants.ban({ telegramId: ann.telegramId, reason: 'bots' });
    expect(await h.as(bob).profile.deleteAccount({ confirm: 'DELETE' })).toEqual({ deleted: true });
    later();
    expect(await board(dan)).toEqual(['1 Cid 400', '2 Dan 100']);
    expect(await h.as(dan).ratings.myRank({ board: 'all' })).toEqual({ board: 'all', rank: 2, points: '100', total: 2 });
    expect((await h.as(cid).ratings.leaderboard({ board: 'weekly' })).me).toEqual({ rank: 1, points: '400' });

    // Unbanned, Ann is back in her place.
    await h.as(owner).admin.participants.unban({ telegramId: ann.telegramId });
    later();
    expect(await board(dan)).toEqual(['1 Cid 400', '2 Ann 300', '3 Dan 100']);
    expect(await h.as(dan).ratings.myRank({ board: 'all' })).toEqual({ board: 'all', rank: 3, points: '100', total: 3 });

    // Dan passes Ann; the others see it after the rebuild, Dan at once.
    await earn(dan, q300);
    expect(await h.as(dan).ratings.myRank({ board: 'all' })).toEqual({ board: 'all', rank: 1, points: '400', total: 3 });
    later();
    expect(await board(ann)).toEqual(['1 Cid 400', '1 Dan 400', '3 Ann 300']);
    expect(await h.as(ann).ratings.myRank({ board: 'all' })).toEqual({ board: 'all', rank: 3, points: '300', total: 3 });

    // The tally agrees with the scores on both boards, and the rebuilds folded every change into it.
    const week = (await h.db.sql.query<{ period: string }>(`SELECT DISTINCT period FROM "Score" WHERE period <> 'all'`)).map((r) => r.period);
    expect(week).toHaveLength(1);
    for (const period of ['all', week[0]]) expect(await tallied(period)).toEqual(await counted(period));
    const pending = await h.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "ScoreDelta"`);
    expect(pending[0].n).toBe(0);
  });

  it('count scores written in bulk and removed, whoever writes them', async () => {
    const people = await h.db.sql.query<{ id: number }>(
      `INSERT INTO "Participant" ("telegramId", "firstName", "referralCode") SELECT 8000 + g, 'P' || g, 'bulk' || g FROM generate_series(1, 300) g RETURNING id`,
    );
    expect(people).toHaveLength(300);
    // One statement inserting 300 scores, then one adding to 100 of them (add_scores, as claim batches do).
    await h.db.sql.query(`INSERT INTO "Score" (period, "participantId", points) SELECT 'all', id, id % 7 FROM "Participant" WHERE "referralCode" LIKE 'bulk%'`);
    await h.db.sql.query(
      `SELECT "add_scores"(array_agg(id), array_agg(50::bigint), array_agg('2026-W48'::text), array_agg(now()::timestamp(3)))
         FROM (SELECT id FROM "Participant" WHERE "referralCode" LIKE 'bulk%' ORDER BY id LIMIT 100) x`,
    );
    expect(await tallied('all')).toEqual(await counted('all'));
    expect(await tallied('2026-W48')).toEqual([{ points: '50', n: 100 }]);

    // The worker's job folds what waits, and finds nothing the second time; the boards still agree.
    await h.db.sql.query(`UPDATE "Score" SET points = points + 1 WHERE period = '2026-W48'`);
    const pending = async () => (await h.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "ScoreDelta"`))[0].n;
    expect(await pending()).toBe(2);
    expect(await foldScoreTally(h.deps)).toBe(2);
    expect(await foldScoreTally(h.deps)).toBe(0);
    expect(await pending()).toBe(0);
    expect(await tallied('2026-W48')).toEqual([{ points: '51', n: 100 }]);
    expect(await h.db.sql.query(`SELECT points::text, n FROM "ScoreTally" WHERE period = '2026-W48'`)).toEqual([{ points: '51', n: 100 }]);

    await h.db.sql.query(`DELETE FROM "Score" WHERE period = 'all' AND points = 50`);
    await h.db.sql.query(`UPDATE "Score" SET points = 0 WHERE period = 'all' AND points = 53`);
    expect(await tallied('all')).toEqual(await counted('all'));
    expect((await tallied('all')).map((r) => r.points)).not.toContain('50');
    const [top] = await tallied('all');
    expect(top).toEqual({ points: '56', n: expect.any(Number) });
  });
});
