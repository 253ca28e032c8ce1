import type { Prisma } from '../../db/client.ts';
import type { Tx } from '../ledger/service.ts';
import { weekKey } from '../../lib/time.ts';
import { displayName } from '../participants/service.ts';

export type Board = 'all' | 'weekly' | 'friends';
export const ALL_TIME = 'all';

/** Points earned count toward ratings; spending never lowers a rank. */
export async function addScore(tx: Tx, participantId: number, points: bigint, now: Date): Promise<void> {
  if (points <= 0n) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO "Score" (period, "participantId", points, "updatedAt")
     VALUES ($1, $3, $4::bigint, $5), ($2, $3, $4::bigint, $5)
     ON CONFLICT (period, "participantId") DO UPDATE SET points = "Score".points + EXCLUDED.points, "updatedAt" = EXCLUDED."updatedAt"`,
    ALL_TIME,
    weekKey(now),
    participantId,
    points,
    now,
  );
}

export async function allTimePoints(prisma: Prisma | Tx, participantId: number): Promise<bigint> {
  const s = await prisma.score.findUnique({ where: { period_participantId: { period: ALL_TIME, participantId } } });
  return s?.points ?? 0n;
}

export interface BoardEntry {
  rank: number;
  participantId: number;
  name: string;
  username: string | null;
  photoUrl: string | null;
  points: string;
  isMe: boolean;
}

type EntryRow = {
  participantId: number;
  points: bigint;
  firstName: string;
  lastName: string | null;
  username: string | null;
  photoUrl: string | null;
  rank: bigint | number;
};

function toEntry(r: EntryRow, me: number): BoardEntry {
  return {
    rank: Number(r.rank),
    participantId: r.participantId,
    name: displayName(r),
    username: r.username,
    photoUrl: r.photoUrl,
    points: r.points.toString(),
    isMe: r.participantId === me,
  };
}

export function periodOf(board: Exclude<Board, 'friends'>, now: Date): string {
  return board === 'weekly' ? weekKey(now) : ALL_TIME;
}

// Competition ranking (1, 2, 2, 4): ties share a rank; banned participants are not ranked.
export async function leaderboard(prisma: Prisma, board: Board, me: number, now: Date, limit = 50) {
  if (board === 'friends') return friendsBoard(prisma, me);
  // Rank only the top of the board (an index scan), not every row: ranks within the top N equal global ranks.
  const rows = await prisma.$queryRawUnsafe<EntryRow[]>(
    `SELECT t."participantId", t.points, t."firstName", t."lastName", t.username, t."photoUrl",
            RANK() OVER (ORDER BY t.points DESC) AS rank
       FROM (SELECT s."participantId", s.points, p."firstName", p."lastName", p.username, p."photoUrl"
               FROM "Score" s JOIN "Participant" p ON p.id = s."participantId"
              WHERE s.period = $1 AND p."bannedAt" IS NULL
              ORDER BY s.points DESC, s."participantId" ASC
              LIMIT $2) t
      ORDER BY t.points DESC, t."participantId" ASC`,
    periodOf(board, now),
    limit,
  );
  return rows.map((r) => toEntry(r, me));
}

async function friendsBoard(prisma: Prisma, me: number): Promise<BoardEntry[]> {
  const rows = await prisma.$queryRawUnsafe<EntryRow[]>(
    `WITH circle AS (
       SELECT id FROM "Participant" WHERE id = $1 OR "invitedById" = $1
       UNION SELECT "invitedById" FROM "Participant" WHERE id = $1 AND "invitedById" IS NOT NULL
     )
     SELECT p.id AS "participantId", COALESCE(s.points, 0) AS points, p."firstName", p."lastName", p.username, p."photoUrl",
            RANK() OVER (ORDER BY COALESCE(s.points, 0) DESC) AS rank
       FROM circle c JOIN "Participant" p ON p.id = c.id
       LEFT JOIN "Score" s ON s."participantId" = p.id AND s.period = 'all'
      WHERE p."bannedAt" IS NULL OR p.id = $1
      ORDER BY points DESC, p.id ASC
      LIMIT 200`,
    me,
  );
  return rows.map((r) => toEntry(r, me));
}

export interface MyRank {
  board: Board;
  rank: number | null;
  points: string;
  total: number;
}

export async function myRank(prisma: Prisma, board: Board, me: number, now: Date, withTotal = true): Promise<MyRank> {
  if (board === 'friends') {
    const entries = await friendsBoard(prisma, me);
    const mine = entries.find((e) => e.isMe);
    return { board, rank: mine?.rank ?? null, points: mine?.points ?? '0', total: entries.length };
  }
  // Rows above me come from an index range; the few banned ones above are subtracted via a partial index.
  const [row] = await prisma.$queryRawUnsafe<{ points: bigint | null; above: bigint; total: bigint }[]>(
    `WITH mine AS (SELECT points FROM "Score" WHERE period = $1 AND "participantId" = $2)
     SELECT (SELECT points FROM mine) AS points,
            (SELECT count(*) FROM "Score" s WHERE s.period = $1 AND s.points > (SELECT points FROM mine))
            - (SELECT count(*) FROM "Participant" p JOIN "Score" s ON s."participantId" = p.id AND s.period = $1
                WHERE p."bannedAt" IS NOT NULL AND s.points > (SELECT points FROM mine)) AS above,
            CASE WHEN $3::boolean THEN
              (SELECT count(*) FROM "Score" s WHERE s.period = $1)
              - (SELECT count(*) FROM "Participant" p JOIN "Score" s ON s."participantId" = p.id AND s.period = $1 WHERE p."bannedAt" IS NOT NULL)
            ELSE 0 END AS total`,
    periodOf(board, now),
    me,
    withTotal,
  );
  const points = row.points;
  return {
    board,
    rank: points == null || points <= 0n ? null : Number(row.above) + 1,
    points: (points ?? 0n).toString(),
    total: Number(row.total),
  };
}
