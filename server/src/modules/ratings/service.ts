import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import type { Clock } from '../../lib/time.ts';
import type { Tx } from '../ledger/service.ts';
import { weekKey } from '../../lib/time.ts';
import { displayName, sessionRead } from '../participants/service.ts';
import { batchLoader, perDatabase } from '../../db/batch.ts';
import { fitsInteger, outOfRange } from '../../lib/schemas.ts';
import { rememberJson } from '../../lib/json.ts';

export type Board = 'all' | 'weekly' | 'friends';
export const ALL_TIME = 'all';

/**
 * Points earned count toward ratings; spending never lowers a rank. Written by the SQL function
 * add_scores (server/src/db/functions), the one writer of "Score", which the claim batch calls too.
 */
export async function addScore(tx: Tx, participantId: number, points: bigint, now: Date): Promise<void> {
  if (points <= 0n) return;
  await tx.$executeRawUnsafe(
    `SELECT "add_scores"(ARRAY[$1::int], ARRAY[$2::bigint], ARRAY[$3::text], ARRAY[$4::timestamp(3)])`,
    participantId,
    points,
    weekKey(now),
    now,
  );
}

export async function allTimePoints(db: Pick<Database, 'sql'>, participantId: number): Promise<bigint> {
  return (await ownPoints(db).load({ period: ALL_TIME, participantId })) ?? 0n;
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

export interface BoardDeps {
  db: Pick<Database, 'sql'>;
  clock: Clock;
  config: Pick<Config, 'leaderboardCacheMs'>;
}

/**
 * One board period as of a moment: its top entries, and every distinct point total (descending) with
 * how many unbanned participants hold more. A rank is then a binary search, however long the board,
 * instead of counting index entries per request.
 */
interface Snapshot {
  at: number;
  top: EntryRow[];
  /** The top as everyone but its own members sees it, built once per snapshot. */
  entries: BoardEntry[];
  points: Float64Array;
  above: Float64Array;
  total: number;
}

const TOP = 50;
interface Boards {
  slots: Map<string, { snap?: Snapshot; building?: Promise<Snapshot> }>;
  /** The build under way in this process, if any: builds of different boards run one after another. */
  queue: Promise<unknown>;
}
const snapshots = new WeakMap<object, Boards>();

// Competition ranking (1, 2, 2, 4): ties share a rank; banned participants are not ranked.
async function buildSnapshot(deps: BoardDeps, period: string): Promise<Snapshot> {
  const at = deps.clock.now().getTime();
  const [top, groups] = await Promise.all([
    // Rank only the top of the board (an index scan): ranks within the top N equal global ranks.
    deps.db.sql.query<EntryRow>(
      `SELECT t."participantId", t.points, t."firstName", t."lastName", t.username, t."photoUrl",
              RANK() OVER (ORDER BY t.points DESC) AS rank
         FROM (SELECT s."participantId", s.points, p."firstName", p."lastName", p.username, p."photoUrl"
                 FROM "Score" s JOIN "Participant" p ON p.id = s."participantId"
                WHERE s.period = $1 AND p."bannedAt" IS NULL
                ORDER BY s.points DESC, s."participantId" ASC
                LIMIT $2) t
        ORDER BY t.points DESC, t."participantId" ASC`,
      [period, TOP],
    ),
    // Holders per total from the tally the triggers on "Score" keep: its cost follows the number of
    // distinct totals, not of participants (a count over a million scores took 0.75-1.6 s of a core).
    deps.db.sql.query<{ points: bigint; n: bigint }>(`SELECT points, n FROM "board_tally"($1)`, [period]),
  ]);
  const points = new Float64Array(groups.length);
  const above = new Float64Array(groups.length);
  let seen = 0;
  groups.forEach((g, i) => {
    points[i] = Number(g.points);
    above[i] = seen;
    seen += Number(g.n);
  });
  return { at, top, entries: rememberJson(top.map((r) => toEntry(r, 0))), points, above, total: seen };
}

/**
 * The board as of at most LEADERBOARD_CACHE_MS ago. A stale snapshot is served while its successor
 * is built (one build at a time); a much older one, or none, is waited for. With 0 every call is exact.
 */
async function snapshotOf(deps: BoardDeps, period: string): Promise<Snapshot> {
  let boards = snapshots.get(deps.db);
  if (!boards) snapshots.set(deps.db, (boards = { slots: new Map(), queue: Promise.resolve() }));
  let slot = boards.slots.get(period);
  if (!slot) {
    // A new week's board replaces last week's: keep only the periods still asked for.
    for (const [p, old] of boards.slots) if (!old.building && (old.snap?.at ?? 0) < deps.clock.now().getTime() - 3_600_000) boards.slots.delete(p);
    boards.slots.set(period, (slot = {}));
  }
  const s = slot;
  const ttl = deps.config.leaderboardCacheMs;
  const age = s.snap ? deps.clock.now().getTime() - s.snap.at : Infinity;
  if (s.snap && ttl > 0 && age <= ttl) return s.snap;
  if (!s.building) {
    const b = boards;
    const build = b.queue.then(() => buildSnapshot(deps, period));
    b.queue = build.catch(() => {});
    s.building = build.then((snap) => (s.snap = snap)).finally(() => (s.building = undefined));
    // A failed build is the error of those who wait for it; served stale, nobody does.
    s.building.catch(() => {});
  }
  return s.snap && ttl > 0 && age <= 5 * ttl ? s.snap : s.building;
}

/**
 * Folds the score changes waiting in ScoreDelta into the tally (the worker's `score-tally` job), so they
 * stay few even while no board is read. Returns how many were folded; 0 when another caller is folding.
 */
export async function foldScoreTally(deps: { db: Pick<Database, 'sql'> }): Promise<number> {
  const [r] = await deps.db.sql.query<{ folded: number }>(`SELECT "fold_score_deltas"() AS folded`);
  return r.folded;
}

/** Competition rank of a point total within a snapshot: one plus everyone strictly above. */
function rankIn(snap: Snapshot, points: number): number {
  // Binary search for the first total not above `points` (totals are descending).
  let lo = 0;
  let hi = snap.points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (snap.points[mid] > points) lo = mid + 1;
    else hi = mid;
  }
  return lo < snap.points.length ? snap.above[lo] + 1 : snap.total + 1;
}

export async function leaderboard(deps: BoardDeps, board: Board, me: number, now: Date) {
  if (board === 'friends') return friendsBoard(deps, me);
  const snap = await snapshotOf(deps, periodOf(board, now));
  return snap.top.some((r) => r.participantId === me) ? snap.top.map((r) => toEntry(r, me)) : snap.entries;
}

async function friendsBoard(deps: BoardDeps, me: number): Promise<BoardEntry[]> {
  const rows = await deps.db.sql.query<EntryRow>(
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
    [me],
  );
  return rows.map((r) => toEntry(r, me));
}

const ownPoints = perDatabase((sql) =>
  batchLoader<{ period: string; participantId: number }, bigint | undefined>(async (keys) => {
    const rows = await sql.query<{ period: string; participantId: number; points: bigint }>(
      `SELECT s.period, s."participantId", s.points FROM "Score" s
        JOIN unnest($1::text[], $2::int[]) AS k(period, pid) ON s.period = k.period AND s."participantId" = k.pid`,
      [keys.map((k) => k.period), keys.map((k) => k.participantId)],
    );
    const m = new Map(rows.map((r) => [`${r.period}:${r.participantId}`, r.points]));
    return keys.map((k) => m.get(`${k.period}:${k.participantId}`));
  }, { check: (k) => (fitsInteger(k.participantId) ? undefined : outOfRange('A participant id')) }),
);

/**
 * Any board period's top entries and my own place on it (a season's board is period `season:<id>`),
 * from the same snapshot the other boards use: ties share a place.
 */
export async function periodStanding(deps: BoardDeps, period: string, me: number) {
  const [snap, own] = await Promise.all([snapshotOf(deps, period), ownPoints(deps.db).load({ period, participantId: me })]);
  const points = own ?? 0n;
  const entries = snap.top.some((r) => r.participantId === me) ? snap.top.map((r) => toEntry(r, me)) : snap.entries;
  return { entries, me: { rank: points > 0n ? rankIn(snap, Number(points)) : null, points: points.toString() }, total: snap.total };
}

export interface MyRank {
  board: Board;
  rank: number | null;
  points: string;
  total: number;
}

/** Own points on the all-time board and this week's, read with the sign-in's participant lookup. */
export interface OwnPoints {
  all: bigint;
  week: bigint;
  weekKey: string;
}
export const ownPointsRead = sessionRead<OwnPoints>({
  columns: `(SELECT s.points FROM "Score" s WHERE s.period = '${ALL_TIME}' AND s."participantId" = p.id) AS "_pAll",
            (SELECT s.points FROM "Score" s WHERE s.period = (SELECT $2::text) AND s."participantId" = p.id) AS "_pWeek"`,
  arg: (_deps, now) => weekKey(now),
  take: (row, weekKey) => ({ all: (row._pAll as bigint | null) ?? 0n, week: (row._pWeek as bigint | null) ?? 0n, weekKey }),
});

/** `own`, when read with the sign-in, saves reading the participant's points again. */
export async function myRank(deps: BoardDeps, board: Board, me: number, now: Date, own?: OwnPoints | null): Promise<MyRank> {
  if (board === 'friends') {
    const entries = await friendsBoard(deps, me);
    const mine = entries.find((e) => e.isMe);
    return { board, rank: mine?.rank ?? null, points: mine?.points ?? '0', total: entries.length };
  }
  const period = periodOf(board, now);
  // My own points are read now; the others' come from the snapshot.
  const known = !own ? undefined : period === ALL_TIME ? own.all : period === own.weekKey ? own.week : undefined;
  const [row, snap] = await Promise.all([
    known ?? ownPoints(deps.db).load({ period, participantId: me }),
    snapshotOf(deps, period),
  ]);
  const points = row ?? 0n;
  return {
    board,
    rank: points <= 0n ? null : rankIn(snap, Number(points)),
    points: points.toString(),
    total: snap.total,
  };
}
