import type { Participant, Task } from '../../generated/prisma/client.ts';
import { inTx } from '../../db/tx.ts';
import { batchLoader, perDatabase } from '../../db/batch.ts';
import { fitsInteger, outOfRange } from '../../lib/schemas.ts';
import type { Sql } from '../../db/sql.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { dayKey, startOfDay, weekKey } from '../../lib/time.ts';
import { SYSTEM_SHARDS } from '../ledger/accounts.ts';
import type { Tx } from '../ledger/service.ts';
import { applyMultiplier, levelFor, levelsOf, type LevelRow } from '../ratings/levels.ts';
import { prizeFromDrop } from '../collectibles/service.ts';
import { sessionRead } from '../participants/service.ts';
import { payReferral } from '../referrals/payout.ts';
import { openTask, type TaskDeps } from './catalogue.ts';
import { configOf, kindOf, type StoredConfig } from './kinds/index.ts';
import { nextPeriodStart, nextStreak, periodKeyOf } from './rules.ts';

const tooEarly = (at: Date) =>
  new DomainError(AppCodes.TASK_COOLDOWN, 'PRECONDITION_FAILED', 'This task is cooling down. Try again later.', { availableAt: at.toISOString() });

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
  const t = await openTask(deps, taskId, now, p.id);
  const config = configOf(t);
  await kindOf(t.type).verify({ deps, participant: p, task: t, config, answer, now });
  return claim(deps, p.id, t, config, now, pre);
}

// Prisma keeps DateTime as UTC wall time in TIMESTAMP(3); arrays and JSON are not converted by the driver.
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

/**
 * One claim as claim_tasks takes it: an object with named fields (see server/src/db/functions/claim_tasks.sql).
 * Bigints travel as strings, times as UTC wall time.
 */
type ClaimArgs = {
  participant: number;
  task: number;
  period: string;
  seq: number;
  week: string;
  reward: string;
  streak: number | null;
  day: string | null;
  key: string;
  reference: string;
  at: string;
  expect_day: string | null;
  expect_points: string;
};
const CLAIM_SQL = `SELECT outcome, balance, transfer_id AS "transferId" FROM "claim_task"($1::jsonb, $2::int)`;
const CLAIMS_SQL = `SELECT idx, outcome, balance, transfer_id AS "transferId" FROM "claim_tasks"($1::jsonb, $2::int)`;
type Claimed = { outcome: 'ok' | 'claimed' | 'stale' | 'missing'; balance: bigint | null; transferId: bigint | null };
// Issuance is sharded against a hot row: each call pays from one shard picked at random.
const shard = () => Math.floor(Math.random() * SYSTEM_SHARDS);

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
  }, { check: (a) => (fitsInteger(a.participantId) && fitsInteger(a.taskId) ? undefined : outOfRange('An id')) }),
);

// Claims made together are paid by one claim_tasks call: one round trip and one commit for the lot.
// Should the batch fail as a whole (a claim that breaks an invariant), each claim runs alone, so only
// that one fails.
const claimBatches = perDatabase((sql: Sql) =>
  batchLoader<ClaimArgs, Claimed>(async (claims) => {
    if (claims.length === 1) return sql.query<Claimed>(CLAIM_SQL, [JSON.stringify(claims[0]), shard()]);
    try {
      const rows = await sql.query<Claimed & { idx: number }>(CLAIMS_SQL, [JSON.stringify(claims), shard()]);
      const out: Claimed[] = new Array(claims.length);
      for (const r of rows) out[r.idx - 1] = r;
      return out;
    } catch {
      return Promise.all(claims.map((c) => sql.query<Claimed>(CLAIM_SQL, [JSON.stringify(c), shard()]).then(([r]) => r, (e: Error) => e)));
    }
  }, { maxBatchSize: 64, maxInFlight: 2 }),
);

/** Claim number `seq` of the period, paid as the rules give it for the participant's state `me`. */
function planClaim(participantId: number, t: Task, cfg: StoredConfig, me: Snapshot, seq: number, levels: LevelRow[], now: Date) {
  let streak: number | null = null;
  let base = t.reward;
  const streaks = kindOf(t.type).streak;
  if (streaks) {
    streak = nextStreak(me.lastCheckinDay, me.streak, now);
    base = streaks(cfg, t.reward, streak);
  }
  const before = levelFor(levels, BigInt(me.points));
  // Level and a bought boost both multiply the reward.
  const reward = applyMultiplier(applyMultiplier(base, before.multiplierBps), me.boost ?? 10_000);
  const periodKey = periodKeyOf(t.period, now);
  const key = `task:${participantId}:${t.id}:${periodKey}:${seq}`;
  return {
    key,
    args: {
      participant: participantId,
      task: t.id,
      period: periodKey,
      seq,
      week: weekKey(now),
      reward: reward.toString(),
      streak,
      day: streak != null ? dayKey(now) : null,
      key,
      reference: `task:${t.slug}`,
      at: utc(now),
      expect_day: me.lastCheckinDay,
      expect_points: me.points.toString(),
    } satisfies ClaimArgs,
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
async function claimOnce(deps: TaskDeps, participantId: number, t: Task, cfg: StoredConfig, now: Date, pre?: ClaimState | null): Promise<ClaimResult | null> {
  const levels = await levelsOf(deps.prisma);
  for (let attempt = 0; attempt < 5; attempt++) {
    // The first attempt on the state read with the sign-in; a stale one (claim_tasks says so) reads afresh.
    const me =
      attempt === 0 && pre
        ? snapshotFrom(pre, now)
        : await snapshots(deps.db).load({ participantId, now, taskId: t.id, periodKey: periodKeyOf(t.period, now) });
    if (!me) throw new DomainError(AppCodes.PARTICIPANT_NOT_FOUND, 'NOT_FOUND', 'Participant not found.');
    if (me.claimed || checkedInToday(t, me, now)) throw alreadyClaimed(t, now);
    if (me.activatedAt == null && me.invitedById != null) return null;
    const plan = planClaim(participantId, t, cfg, me, 1, levels, now);
    const res = await claimBatches(deps.db).load(plan.args);
    if (res.outcome === 'stale') continue;
    if (res.outcome === 'claimed') throw alreadyClaimed(t, now);
    if (res.outcome === 'missing') throw new DomainError(AppCodes.PARTICIPANT_NOT_FOUND, 'NOT_FOUND', 'Participant not found.');
    return plan.result(res.balance);
  }
  // Someone keeps changing this participant meanwhile: take the locking path.
  return null;
}

/** Pays a task once per participant, task and period, whatever runs concurrently. */
export async function claim(deps: TaskDeps, participantId: number, t: Task, cfg: StoredConfig, now: Date, pre?: ClaimState | null): Promise<ClaimResult> {
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
async function claimLocked(deps: TaskDeps, participantId: number, t: Task, cfg: StoredConfig, now: Date): Promise<ClaimResult> {
  const levels = await levelsOf(deps.prisma);
  const periodKey = periodKeyOf(t.period, now);
  return inTx(deps.prisma, async (tx) => {
    // The participant row lock serialises one participant's claims; other participants run in parallel.
    // The state is read by a later statement: one that waited for the lock would see the rest of the
    // database as it was before the claim it waited for.
    // NO KEY UPDATE: it must not wait for, nor deadlock with, rows being inserted that refer to the participant.
    await tx.$queryRawUnsafe('SELECT 1 FROM "Participant" WHERE id = $1 FOR NO KEY UPDATE', participantId);
    const [row] = await tx.$queryRawUnsafe<SnapshotRow[]>(SNAPSHOT_SQL, ...snapshotParams([{ participantId, now, taskId: t.id, periodKey }]));
    if (!row) throw new DomainError(AppCodes.PARTICIPANT_NOT_FOUND, 'NOT_FOUND', 'Participant not found.');
    const me = snapshotOfRow(row, now);
    if (checkedInToday(t, me, now)) throw alreadyClaimed(t, now);
    const seq = await nextSeq(tx, participantId, t, me.claimed, periodKey, now);
    const plan = planClaim(participantId, t, cfg, me, seq, levels, now);
    // Under our lock the snapshot cannot be stale; anything but 'ok' means the claim exists.
    const [res] = await tx.$queryRawUnsafe<Claimed[]>(CLAIM_SQL, JSON.stringify(plan.args), shard());
    if (res.outcome !== 'ok') throw alreadyClaimed(t, now);
    if (me.activatedAt == null && me.invitedById != null) await payReferral(tx, me.invitedById, participantId, now);
    if (cfg.prizeDropId) await prizeFromDrop(tx, cfg.prizeDropId, participantId, plan.key, 'TASK_PRIZE', now);
    return plan.result(res.balance);
  });
}

/** A kind that keeps the streak is claimed once per UTC day, whatever its period. */
const checkedInToday = (t: Task, me: Snapshot, now: Date) => !!kindOf(t.type).streak && me.lastCheckinDay === dayKey(now);

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
    if (at > now) throw tooEarly(at);
  }
  return n + 1;
}
