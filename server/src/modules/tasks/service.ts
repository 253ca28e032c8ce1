import type { Participant, Task, TaskStart } from '../../generated/prisma/client.ts';
import type { Database, Prisma } from '../../db/client.ts';
import { inTx } from '../../db/tx.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { isMember, type TelegramGateway } from '../../lib/telegram.ts';
import type { Clock } from '../../lib/time.ts';
import { dayKey, startOfDay, startOfNextDay, weekKey } from '../../lib/time.ts';
import { SYSTEM_SHARDS, SystemAccount } from '../ledger/accounts.ts';
import { transfer, type Tx } from '../ledger/service.ts';
import { addScore } from '../ratings/service.ts';
import { applyMultiplier, levelFor, levelsOf, type LevelRow } from '../ratings/levels.ts';
import { parseTaskConfig, pick, type Lang, type TaskConfig } from './config.ts';
import { answerMatches, checkinReward, nextPeriodStart, nextStreak, periodKeyOf } from './rules.ts';
import { prizeFromDrop } from '../collectibles/service.ts';
import { batchLoader, perDatabase } from '../../db/batch.ts';
import { sessionRead, sessionReadOf } from '../participants/service.ts';
import type { Sql } from '../../db/sql.ts';
import type { Config } from '../../config.ts';

export interface TaskDeps {
  prisma: Prisma;
  db: Pick<Database, 'sql'>;
  clock: Clock;
  telegram: TelegramGateway;
  /** Without it, tasks are read on every call. */
  config?: Pick<Config, 'taskCacheMs'>;
}

export type TaskState = 'available' | 'started' | 'claimed' | 'cooldown' | 'locked';

export interface TaskView {
  id: number;
  slug: string;
  type: Task['type'];
  title: string;
  description: string;
  reward: string;
  period: Task['period'];
  limitPerPeriod: number;
  cooldownSeconds: number;
  state: TaskState;
  availableAt: string | null;
  startedAt: string | null;
  readyAt: string | null;
  claimedCount: number;
  config: {
    url?: string;
    chatUrl?: string;
    question?: string;
    options?: string[];
    dwellSeconds?: number;
    friendsRequired?: number;
    perFriend?: boolean;
  };
}

const tooEarly = (code: typeof AppCodes.TASK_COOLDOWN | typeof AppCodes.VISIT_TOO_EARLY, msg: string, at: Date) =>
  new DomainError(code, 'PRECONDITION_FAILED', msg, { availableAt: at.toISOString() });

/** Tasks a participant may see now: switched on and inside their dates. */
function isOpen(t: Task, now: Date): boolean {
  return t.active && (!t.startsAt || t.startsAt <= now) && (!t.endsAt || t.endsAt > now);
}

function publicConfig(cfg: TaskConfig, lang: Lang): TaskView['config'] {
  return {
    url: cfg.url,
    chatUrl: cfg.chatUrl,
    question: cfg.question ? pick(cfg.question, lang) : undefined,
    options: cfg.options ? cfg.options[lang] ?? cfg.options.en : undefined,
    dwellSeconds: cfg.dwellSeconds,
    friendsRequired: cfg.friendsRequired,
    perFriend: cfg.perFriend,
  };
}

// Task definitions change when an admin edits them; every claim and Tasks screen reads them. They are
// kept for TASK_CACHE_MS per process (the editing process forgets them at once), one read at a time.
const taskCache = perDatabase(() => ({ at: -Infinity, rows: [] as Task[], reading: null as Promise<Task[]> | null, generation: 0 }));

const readTasks = (db: Pick<Database, 'sql'>) => db.sql.query<Task>('SELECT * FROM "Task" ORDER BY "sortOrder", id');

async function allTasks(deps: Pick<TaskDeps, 'db' | 'config'>): Promise<Task[]> {
  const ttl = deps.config?.taskCacheMs ?? 0;
  if (ttl <= 0) return readTasks(deps.db);
  const c = taskCache(deps.db);
  if (Date.now() - c.at < ttl) return c.rows;
  if (!c.reading) {
    const generation = c.generation;
    c.reading = readTasks(deps.db)
      .then((rows) => {
        // A read that began before an edit must not be kept as if it came after it.
        if (c.generation === generation) {
          c.rows = rows;
          c.at = Date.now();
        }
        return rows;
      })
      .finally(() => {
        if (c.generation === generation) c.reading = null;
      });
  }
  return c.reading;
}

/** After an edit: this process reads tasks afresh; others within TASK_CACHE_MS. */
export function forgetTasks(db: Pick<Database, 'sql'>): void {
  const c = taskCache(db);
  c.generation++;
  c.at = -Infinity;
  c.reading = null;
}

type ClaimCount = { participantId: number; taskId: number; inPeriod: bigint; last: Date | null };
type TaskActivity = { claims: ClaimCount[]; starts: TaskStart[] };

type OpenTasks = { tasks: Task[]; ask: string };
// Every Tasks screen asks this twice (sign-in and list) with the same answer until midnight or a task's
// start or end: kept per task list for that window.
const openTasksSeen = new WeakMap<Task[], { from: number; until: number; open: OpenTasks }>();

/** The open tasks now and the period each is in: what a Tasks screen shows, and how its activity is asked. */
function openTasksAt(rows: Task[], now: Date): OpenTasks {
  const t0 = now.getTime();
  const seen = openTasksSeen.get(rows);
  if (seen && seen.from <= t0 && t0 < seen.until) return seen.open;
  const tasks = rows.filter((t) => isOpen(t, now));
  const keys = tasks.map((t) => periodKeyOf(t.period, now));
  const ask = JSON.stringify(tasks.map((t, i) => [t.id, keys[i], t.cooldownSeconds > 0, t.type === 'VISIT_LINK']));
  const open = { tasks, ask };
  // Period keys turn over at 00:00 UTC (weeks too); isOpen changes at a start or an end.
  let until = startOfNextDay(now).getTime();
  for (const t of rows) {
    for (const edge of [t.startsAt, t.endsAt]) if (edge && edge.getTime() > t0 && edge.getTime() < until) until = edge.getTime();
  }
  openTasksSeen.set(rows, { from: t0, until, open });
  return open;
}

/**
 * A participant's activity on the open tasks, read with the sign-in's participant lookup: per task, the
 * current period's claims, the last claim when the task has a cooldown and the open link visit, each
 * through an index on exactly what it needs. Older claims are never read, so a Tasks screen costs the
 * same after a year of check-ins as on the first day. The open tasks come as one JSON argument,
 * [[id, periodKey, cools, opens], ...] (the `ask`); times come back as epoch ms.
 */
export const taskActivityRead = sessionRead<{ ask: string; activity: TaskActivity }>({
  columns: `(SELECT json_agg(json_build_array(
        (t.e->>0)::int, t.e->>1,
        (SELECT count(*) FROM "TaskClaim" c WHERE c."participantId" = p.id AND c."taskId" = (t.e->>0)::int AND c."periodKey" = t.e->>1),
        CASE WHEN (t.e->>2)::bool THEN (SELECT floor(extract(epoch FROM max(c."createdAt")) * 1000) FROM "TaskClaim" c WHERE c."participantId" = p.id AND c."taskId" = (t.e->>0)::int) END,
        CASE WHEN (t.e->>3)::bool THEN (SELECT floor(extract(epoch FROM s."startedAt") * 1000) FROM "TaskStart" s WHERE s."participantId" = p.id AND s."taskId" = (t.e->>0)::int AND s."periodKey" = t.e->>1) END
      ) ORDER BY t.i) FROM jsonb_array_elements((SELECT $2::text::jsonb)) WITH ORDINALITY AS t(e, i)) AS "_tasks"`,
  arg: async (deps, now) => openTasksAt(await allTasks(deps), now).ask,
  take: (row, ask) => {
    const participantId = row.id as number;
    const activity: TaskActivity = { claims: [], starts: [] };
    for (const [taskId, periodKey, n, last, started] of (row._tasks as [number, string, number, number | null, number | null][] | null) ?? []) {
      if (n > 0 || last != null) activity.claims.push({ participantId, taskId, inPeriod: BigInt(n), last: last == null ? null : new Date(last) });
      if (started != null) activity.starts.push({ participantId, taskId, periodKey, startedAt: new Date(started) });
    }
    return { ask, activity };
  },
});

/** `pre`, read with the sign-in for the same open tasks and periods, saves reading the activity again. */
export async function listTasks(deps: TaskDeps, p: Pick<Participant, 'telegramId' | 'language'>, pre?: { ask: string; activity: TaskActivity } | null): Promise<TaskView[]> {
  const now = deps.clock.now();
  const lang = p.language as Lang;
  const { tasks, ask } = openTasksAt(await allTasks(deps), now);
  // Otherwise (a participant created by this call, a period turned over since the sign-in) read it now.
  const read = pre && pre.ask === ask ? pre : await sessionReadOf(deps.db, taskActivityRead, p.telegramId, ask);
  const { claims, starts } = read?.activity ?? { claims: [], starts: [] };
  const byTask = new Map(claims.map((c) => [c.taskId, c]));
  return tasks.map((t) => {
    const cfg = parseTaskConfig(t.config);
    const c = byTask.get(t.id);
    const inPeriod = Number(c?.inPeriod ?? 0);
    // The loader returns only the current period's open, so the task id finds it.
    const start = starts.find((s) => s.taskId === t.id);
    const readyAt = start ? new Date(start.startedAt.getTime() + (cfg.dwellSeconds ?? 0) * 1000) : null;
    let state: TaskState = 'available';
    let availableAt: Date | null = null;
    if (t.type === 'INVITE_FRIENDS' && cfg.perFriend) state = 'locked';
    else if (inPeriod >= t.limitPerPeriod) {
      state = 'claimed';
      availableAt = nextPeriodStart(t.period, now);
    } else if (t.cooldownSeconds > 0 && c?.last && c.last.getTime() + t.cooldownSeconds * 1000 > now.getTime()) {
      state = 'cooldown';
      availableAt = new Date(c.last.getTime() + t.cooldownSeconds * 1000);
    } else if (start) state = 'started';
    return {
      id: t.id,
      slug: t.slug,
      type: t.type,
      title: pick(t.title, lang),
      description: pick(t.description, lang),
      reward: t.reward.toString(),
      period: t.period,
      limitPerPeriod: t.limitPerPeriod,
      cooldownSeconds: t.cooldownSeconds,
      state,
      availableAt: availableAt?.toISOString() ?? null,
      startedAt: start?.startedAt.toISOString() ?? null,
      readyAt: readyAt?.toISOString() ?? null,
      claimedCount: inPeriod,
      config: publicConfig(cfg, lang),
    };
  });
}

async function openTask(deps: Pick<TaskDeps, 'db' | 'config'>, taskId: number, now: Date): Promise<Task> {
  // A task created since the cache was filled is read directly.
  const t =
    (await allTasks(deps)).find((x) => x.id === taskId) ??
    (await deps.db.sql.query<Task>('SELECT * FROM "Task" WHERE id = $1', [taskId]))[0];
  if (!t) throw new DomainError(AppCodes.TASK_NOT_FOUND, 'NOT_FOUND', 'This task does not exist.');
  if (!isOpen(t, now)) throw new DomainError(AppCodes.TASK_INACTIVE, 'PRECONDITION_FAILED', 'This task is not available now.');
  return t;
}

/** Records that a participant opened a link task; the dwell time counts from the first open. */
export async function startTask(deps: TaskDeps, p: Participant, taskId: number) {
  const now = deps.clock.now();
  const t = await openTask(deps, taskId, now);
  if (t.type !== 'VISIT_LINK') {
    throw new DomainError(AppCodes.TASK_NOT_STARTABLE, 'BAD_REQUEST', 'This task does not need to be started.');
  }
  const cfg = parseTaskConfig(t.config);
  const periodKey = periodKeyOf(t.period, now);
  const start = await deps.prisma.taskStart.upsert({
    where: { participantId_taskId_periodKey: { participantId: p.id, taskId, periodKey } },
    create: { participantId: p.id, taskId, periodKey, startedAt: now },
    update: {},
  });
  return {
    taskId,
    startedAt: start.startedAt.toISOString(),
    readyAt: new Date(start.startedAt.getTime() + (cfg.dwellSeconds ?? 0) * 1000).toISOString(),
  };
}

/** Checks done before the claim transaction; they may call Telegram, so no row is locked meanwhile. */
async function verify(deps: TaskDeps, p: Pick<Participant, 'id' | 'telegramId'>, t: Task, cfg: TaskConfig, answer: string | undefined, now: Date) {
  switch (t.type) {
    case 'DAILY_CHECKIN':
      return;
    case 'QUIZ':
      if (!answer || !answerMatches(answer, cfg.answers ?? [])) {
        throw new DomainError(AppCodes.QUIZ_WRONG_ANSWER, 'BAD_REQUEST', 'That answer is not right. Try again.');
      }
      return;
    case 'VISIT_LINK': {
      const start = await deps.prisma.taskStart.findUnique({
        where: { participantId_taskId_periodKey: { participantId: p.id, taskId: t.id, periodKey: periodKeyOf(t.period, now) } },
      });
      if (!start) throw new DomainError(AppCodes.VISIT_NOT_STARTED, 'PRECONDITION_FAILED', 'Open the link first.');
      const readyAt = new Date(start.startedAt.getTime() + (cfg.dwellSeconds ?? 0) * 1000);
      if (readyAt > now) throw tooEarly(AppCodes.VISIT_TOO_EARLY, 'Stay on the page a little longer.', readyAt);
      return;
    }
    case 'JOIN_CHAT': {
      if (!cfg.chatId) throw new DomainError(AppCodes.TASK_NOT_VERIFIABLE, 'PRECONDITION_FAILED', 'This task is misconfigured.');
      let member: { status: string; is_member?: boolean };
      try {
        member = await deps.telegram.getChatMember(cfg.chatId, Number(p.telegramId));
      } catch (e) {
        const desc = String((e as Error).message ?? '');
        // Telegram answers 400 "user not found"/"member not found" for people who never joined.
        if (/not found|USER_NOT_PARTICIPANT|PARTICIPANT_ID_INVALID/i.test(desc)) member = { status: 'left' };
        else {
          throw new DomainError(
            AppCodes.MEMBERSHIP_CHECK_FAILED,
            'BAD_GATEWAY',
            'Telegram could not confirm the membership right now. Try again in a minute.',
          );
        }
      }
      if (!isMember(member)) throw new DomainError(AppCodes.NOT_A_MEMBER, 'PRECONDITION_FAILED', 'Join the chat first, then check again.');
      return;
    }
    case 'INVITE_FRIENDS': {
      if (cfg.perFriend) {
        throw new DomainError(AppCodes.TASK_NOT_VERIFIABLE, 'BAD_REQUEST', 'This reward is paid automatically for each friend who becomes active.');
      }
      const active = await deps.prisma.participant.count({ where: { invitedById: p.id, activatedAt: { not: null } } });
      const need = cfg.friendsRequired ?? 1;
      if (active < need) {
        throw new DomainError(AppCodes.NOT_ENOUGH_FRIENDS, 'PRECONDITION_FAILED', `Invite ${need - active} more active friend(s).`, { active, need });
      }
      return;
    }
    default:
      throw new DomainError(
        AppCodes.TASK_NOT_VERIFIABLE,
        'BAD_REQUEST',
        'This task completes by itself when you do what it asks.',
      );
  }
}

export interface ClaimResult {
  taskId: number;
  reward: string;
  currency: 'POINTS';
  balance: string;
  streak: number | null;
  level: number;
  levelUp: boolean;
}

/** `pre`: the participant's state read with the sign-in (claimStateRead), saving the claim a read. */
export async function completeTask(
  deps: TaskDeps,
  p: Pick<Participant, 'id' | 'telegramId'>,
  taskId: number,
  answer?: string,
  pre?: ClaimState | null,
): Promise<ClaimResult> {
  const now = deps.clock.now();
  const t = await openTask(deps, taskId, now);
  const cfg = parseTaskConfig(t.config);
  await verify(deps, p, t, cfg, answer, now);
  return claim(deps, p.id, t, cfg, now, pre);
}

// Prisma keeps DateTime as UTC wall time in TIMESTAMP(3); arrays are not converted by the driver.
const utc = (d: Date) => d.toISOString().slice(0, 23).replace('T', ' ');

type Snapshot = {
  streak: number;
  lastCheckinDay: string | null;
  activatedAt: Date | null;
  invitedById: number | null;
  points: bigint;
  boost: number | null;
  /** The period's first claim exists. */
  claimed: boolean;
};

/** What a claim needs of its claimant that does not depend on the task: read with the sign-in. */
export type ClaimState = Omit<Snapshot, 'boost' | 'claimed'> & { boosts: [startsAt: number, endsAt: number, bps: number][] };

// The claimant's state as SQL over `p` (their row): streak, last check-in, all-time points, and the
// boosts ending after `dayStart` (an SQL timestamp), of which the one in force is picked at the claim's
// time. Both the sign-in's read and the claim's own snapshot select exactly this.
const claimStateColumns = (dayStart: string) => `p.streak AS "_streak", p."lastCheckinDay" AS "_lastCheckinDay",
      p."activatedAt" AS "_activatedAt", p."invitedById" AS "_invitedById",
      COALESCE((SELECT s.points FROM "Score" s WHERE s.period = 'all' AND s."participantId" = p.id), 0) AS "_points",
      (SELECT json_agg(json_build_array(floor(extract(epoch FROM b."startsAt") * 1000), floor(extract(epoch FROM b."endsAt") * 1000), b."multiplierBps"))
         FROM "Boost" b WHERE b."participantId" = p.id AND b."endsAt" > ${dayStart}) AS "_boosts"`;

const claimStateOf = (row: Record<string, unknown>): ClaimState => ({
  streak: row._streak as number,
  lastCheckinDay: row._lastCheckinDay as string | null,
  activatedAt: row._activatedAt as Date | null,
  invitedById: row._invitedById as number | null,
  points: BigInt(row._points as bigint),
  boosts: (row._boosts as ClaimState['boosts'] | null) ?? [],
});

/**
 * The claimant's state, fetched by the sign-in's own statement. Whether the task was already claimed
 * is left to claim_tasks, which decides it anyway.
 */
export const claimStateRead = sessionRead<ClaimState>({
  columns: claimStateColumns('(SELECT $2::timestamp(3))'),
  // The start of the day: one value for every claim of the day, so claims arriving together share a statement.
  arg: (_deps, now) => utc(startOfDay(now)),
  take: claimStateOf,
});

/** The snapshot a claim at `now` plans its reward on. */
function snapshotFrom(state: ClaimState, now: Date, claimed = false): Snapshot {
  const t = now.getTime();
  let boost: number | null = null;
  for (const [from, until, bps] of state.boosts) if (from <= t && t < until && (boost === null || bps > boost)) boost = bps;
  return { ...state, boost, claimed };
}

const CLAIM_SQL = `SELECT outcome, balance, transfer_id AS "transferId"
  FROM "claim_task"($1::int, $2::int, $3, $4::int, $5, $6::bigint, $7::int, $8, $9, $10, $11::timestamp(3), $12::int, $13, $14::bigint)`;
type Claimed = { outcome: 'ok' | 'claimed' | 'stale' | 'missing'; balance: bigint | null; transferId: bigint | null };
type ClaimParams = ReturnType<typeof planClaim>['params'];

type SnapshotAsk = { participantId: number; now: Date; taskId: number; periodKey: string };

// The snapshot of many claimants in one statement, a row per ask (the locking path asks for one).
const SNAPSHOT_SQL = `SELECT k.i::int AS i, ${claimStateColumns(`date_trunc('day', k.at)`)},
        EXISTS (SELECT 1 FROM "TaskClaim" c WHERE c."participantId" = p.id AND c."taskId" = k.task AND c."periodKey" = k.period AND c.seq = 1) AS claimed
   FROM unnest($1::int[], $2::timestamp(3)[], $3::int[], $4::text[]) WITH ORDINALITY AS k(pid, at, task, period, i)
   JOIN "Participant" p ON p.id = k.pid`;
type SnapshotRow = Record<string, unknown> & { i: number; claimed: boolean };
const snapshotOfRow = (row: SnapshotRow, now: Date) => snapshotFrom(claimStateOf(row), now, row.claimed);
const snapshotParams = (asks: readonly SnapshotAsk[]) => [
  asks.map((a) => a.participantId),
  asks.map((a) => utc(a.now)),
  asks.map((a) => a.taskId),
  asks.map((a) => a.periodKey),
];

const snapshots = perDatabase((sql: Sql) =>
  batchLoader<SnapshotAsk, Snapshot | undefined>(async (asks) => {
    const rows = await sql.query<SnapshotRow>(SNAPSHOT_SQL, snapshotParams(asks));
    const out: (Snapshot | undefined)[] = new Array(asks.length).fill(undefined);
    for (const r of rows) out[r.i - 1] = snapshotOfRow(r, asks[r.i - 1].now);
    return out;
  }),
);

// Claims made together are paid by one claim_tasks call: one round trip and one commit for the lot.
// Should the batch fail as a whole (a claim that breaks an invariant), each claim runs alone, so only
// that one fails.
const claimBatches = perDatabase((sql: Sql) =>
  batchLoader<ClaimParams, Claimed>(async (claims) => {
    if (claims.length === 1) return sql.query<Claimed>(CLAIM_SQL, claims[0]);
    const col = <T,>(i: number, f: (v: never) => T = (v) => v) => claims.map((c) => f(c[i] as never));
    try {
      const rows = await sql.query<Claimed & { idx: number }>(
        `SELECT idx, outcome, balance, transfer_id AS "transferId"
           FROM "claim_tasks"($1::int[], $2::int[], $3::text[], $4::int[], $5::text[], $6::bigint[], $7::int[], $8::text[],
                              $9::text[], $10::text[], $11::timestamp(3)[], $12::int, $13::text[], $14::bigint[])`,
        [
          col(0), col(1), col(2), col(3), col(4), col(5, (v: bigint) => String(v)), col(6), col(7),
          col(8), col(9), col(10, utc), claims[0][11], col(12), col(13, (v: bigint) => String(v)),
        ],
      );
      const out: Claimed[] = new Array(claims.length);
      for (const r of rows) out[r.idx - 1] = r;
      return out;
    } catch {
      return Promise.all(claims.map((c) => sql.query<Claimed>(CLAIM_SQL, c).then(([r]) => r, (e: Error) => e)));
    }
  }, { maxBatchSize: 64, maxInFlight: 2 }),
);

/** Claim number `seq` of the period, paid as the rules give it for the participant's state `me`. */
function planClaim(participantId: number, t: Task, cfg: TaskConfig, me: Snapshot, seq: number, levels: LevelRow[], now: Date) {
  let streak: number | null = null;
  let base = t.reward;
  if (t.type === 'DAILY_CHECKIN') {
    streak = nextStreak(me.lastCheckinDay, me.streak, now);
    base = checkinReward(t.reward, streak, cfg);
  }
  const before = levelFor(levels, BigInt(me.points));
  // Level and a bought boost both multiply the reward.
  const reward = applyMultiplier(applyMultiplier(base, before.multiplierBps), me.boost ?? 10_000);
  const periodKey = periodKeyOf(t.period, now);
  const key = `task:${participantId}:${t.id}:${periodKey}:${seq}`;
  return {
    key,
    params: [
      participantId,
      t.id,
      periodKey,
      seq,
      weekKey(now),
      reward,
      streak,
      streak != null ? dayKey(now) : null,
      key,
      `task:${t.slug}`,
      now,
      Math.floor(Math.random() * SYSTEM_SHARDS),
      me.lastCheckinDay,
      me.points,
    ] as [number, number, string, number, string, bigint, number | null, string | null, string, string, Date, number, string | null, bigint],
    result(balance: bigint | null): ClaimResult {
      const after = levelFor(levels, BigInt(me.points) + reward);
      return {
        taskId: t.id,
        reward: reward.toString(),
        currency: 'POINTS',
        balance: BigInt(balance ?? 0n).toString(),
        streak,
        level: after.level,
        levelUp: after.level > before.level,
      };
    },
  };
}

/**
 * The common claim (once per period, no referral to pay, no prize) in one database call and no open
 * transaction: the reward comes from a snapshot, and claim_task applies it only if the snapshot still
 * holds. Returns null when the claim needs the general path.
 */
async function claimOnce(deps: TaskDeps, participantId: number, t: Task, cfg: TaskConfig, now: Date, pre?: ClaimState | null): Promise<ClaimResult | null> {
  const levels = await levelsOf(deps.prisma);
  for (let attempt = 0; attempt < 5; attempt++) {
    // The first attempt on the state read with the sign-in; a stale one (claim_tasks says so) reads afresh.
    const me =
      attempt === 0 && pre
        ? snapshotFrom(pre, now)
        : await snapshots(deps.db).load({ participantId, now, taskId: t.id, periodKey: periodKeyOf(t.period, now) });
    if (!me) throw new DomainError(AppCodes.PARTICIPANT_NOT_FOUND, 'NOT_FOUND', 'Participant not found.');
    if (me.claimed || (t.type === 'DAILY_CHECKIN' && me.lastCheckinDay === dayKey(now))) throw alreadyClaimed(t, now);
    if (me.activatedAt == null && me.invitedById != null) return null;
    const plan = planClaim(participantId, t, cfg, me, 1, levels, now);
    const res = await claimBatches(deps.db).load(plan.params);
    if (res.outcome === 'stale') continue;
    if (res.outcome === 'claimed') throw alreadyClaimed(t, now);
    if (res.outcome === 'missing') throw new DomainError(AppCodes.PARTICIPANT_NOT_FOUND, 'NOT_FOUND', 'Participant not found.');
    return plan.result(res.balance);
  }
  // Someone keeps changing this participant meanwhile: take the locking path.
  return null;
}

/** Pays a task once per participant, task and period, whatever runs concurrently. */
export async function claim(deps: TaskDeps, participantId: number, t: Task, cfg: TaskConfig, now: Date, pre?: ClaimState | null): Promise<ClaimResult> {
  if (t.limitPerPeriod === 1 && t.cooldownSeconds === 0 && !cfg.prizeDropId) {
    const done = await claimOnce(deps, participantId, t, cfg, now, pre);
    if (done) return done;
  }
  return claimLocked(deps, participantId, t, cfg, now);
}

/**
 * The general path (several claims per period, a referral to pay, a prize): one transaction holding
 * the participant's row lock, around the same claim_task call.
 */
async function claimLocked(deps: TaskDeps, participantId: number, t: Task, cfg: TaskConfig, now: Date): Promise<ClaimResult> {
  const levels = await levelsOf(deps.prisma);
  const periodKey = periodKeyOf(t.period, now);
  return inTx(deps.prisma, async (tx) => {
    // The participant row lock serialises one participant's claims; other participants run in parallel.
    // The state is read by a later statement: one that waited for the lock would see the rest of the
    // database as it was before the claim it waited for.
    await tx.$queryRawUnsafe('SELECT 1 FROM "Participant" WHERE id = $1 FOR UPDATE', participantId);
    const [row] = await tx.$queryRawUnsafe<SnapshotRow[]>(SNAPSHOT_SQL, ...snapshotParams([{ participantId, now, taskId: t.id, periodKey }]));
    if (!row) throw new DomainError(AppCodes.PARTICIPANT_NOT_FOUND, 'NOT_FOUND', 'Participant not found.');
    const me = snapshotOfRow(row, now);
    if (t.type === 'DAILY_CHECKIN' && me.lastCheckinDay === dayKey(now)) throw alreadyClaimed(t, now);
    const seq = await nextSeq(tx, participantId, t, me.claimed, periodKey, now);
    const plan = planClaim(participantId, t, cfg, me, seq, levels, now);
    // Under our lock the snapshot cannot be stale; anything but 'ok' means the claim exists.
    const [res] = await tx.$queryRawUnsafe<Claimed[]>(CLAIM_SQL, ...plan.params);
    if (res.outcome !== 'ok') throw alreadyClaimed(t, now);
    if (me.activatedAt == null && me.invitedById != null) await payReferral(tx, me.invitedById, participantId, now);
    if (cfg.prizeDropId) await prizeFromDrop(tx, cfg.prizeDropId, participantId, plan.key, 'TASK_PRIZE', now);
    return plan.result(res.balance);
  });
}

function alreadyClaimed(t: Task, now: Date) {
  const next = nextPeriodStart(t.period, now);
  return new DomainError(
    AppCodes.TASK_ALREADY_CLAIMED,
    'CONFLICT',
    next ? 'You already claimed this task. Come back later.' : 'You already completed this task.',
    next ? { availableAt: next.toISOString() } : undefined,
  );
}

/** Sequence number of the next claim in the period, enforcing the per-period limit and cooldown. */
async function nextSeq(tx: Tx, participantId: number, t: Task, firstClaimed: boolean, periodKey: string, now: Date): Promise<number> {
  if (t.limitPerPeriod === 1 && t.cooldownSeconds === 0) {
    if (firstClaimed) throw alreadyClaimed(t, now);
    return 1;
  }
  const [row] = await tx.$queryRawUnsafe<{ n: bigint; last: Date | null }[]>(
    // Both through indexes: the period's claims, and the end of the participant's claims of the task.
    `SELECT (SELECT count(*) FROM "TaskClaim" WHERE "participantId" = $1 AND "taskId" = $2 AND "periodKey" = $3) AS n,
            (SELECT max("createdAt") FROM "TaskClaim" WHERE "participantId" = $1 AND "taskId" = $2) AS last`,
    participantId,
    t.id,
    periodKey,
  );
  const n = Number(row.n);
  if (n >= t.limitPerPeriod) throw alreadyClaimed(t, now);
  if (t.cooldownSeconds > 0 && row.last) {
    const at = new Date(row.last.getTime() + t.cooldownSeconds * 1000);
    if (at > now) throw tooEarly(AppCodes.TASK_COOLDOWN, 'This task is cooling down. Try again later.', at);
  }
  return n + 1;
}

/** The inviter earns once per friend, when that friend completes a first task. */
async function payReferral(tx: Tx, inviterId: number, inviteeId: number, now: Date) {
  const tasks = await tx.task.findMany({ where: { type: 'INVITE_FRIENDS', active: true } });
  for (const t of tasks) {
    const cfg = parseTaskConfig(t.config);
    if (!cfg.perFriend || !isOpen(t, now) || t.reward <= 0n) continue;
    const periodKey = `friend:${inviteeId}`;
    const res = await transfer(tx, {
      key: `referral:${t.id}:${inviteeId}`,
      debit: { system: SystemAccount.ISSUANCE },
      credit: { participantId: inviterId },
      currency: 'POINTS',
      amount: t.reward,
      kind: 'REFERRAL_REWARD',
      reference: `friend:${inviteeId}`,
    });
    if (!res.created) continue;
    await tx.taskClaim.create({
      data: { participantId: inviterId, taskId: t.id, periodKey, seq: 1, reward: t.reward, transferId: res.id, createdAt: now },
    });
    await addScore(tx, inviterId, t.reward, now);
  }
}
