import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../../context.ts';
import type { Prisma } from '../../db/client.ts';
import { EventCatalogue, isEventType } from './catalogue.ts';
import type { HandlerRegistry } from './handlers.ts';

export interface OutboxSettings {
  /** How often an idle worker looks for due events. */
  pollMs: number;
  /** Attempts before an event is FAILED (an admin can retry it). */
  maxAttempts: number;
  /** How long a claimed event stays with its worker; a worker that dies lets it lapse and it is due again. */
  leaseMs: number;
  /** Back-off after the first failure, doubled each time up to retryMaxMs, with jitter. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Events claimed at once (handled side by side). */
  batch: number;
}

interface Claimed {
  id: bigint;
  type: string;
  key: string;
  payload: unknown;
  attempts: number;
}

/** Exponential back-off with jitter (half to all of the step), so a crowd of failures spreads out. */
export function retryDelay(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const step = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return Math.round(step / 2 + (step / 2) * random());
}

/**
 * Claims due events in one short statement: FOR UPDATE SKIP LOCKED keeps workers off each other's rows,
 * the lease keeps them off once the statement commits, and the attempt is counted before the handler runs.
 * `aheadMs` treats events due within that time as due now (tests skip the back-off with it).
 */
export async function claimDue(
  prisma: Prisma,
  workerId: string,
  opts: { limit: number; leaseMs: number; aheadMs?: number; exclude?: string[] },
): Promise<Claimed[]> {
  return prisma.$queryRawUnsafe<Claimed[]>(
    `UPDATE "OutboxEvent" e
        SET "lockedBy" = $1, "lockedUntil" = now() + $2 * interval '1 millisecond', attempts = e.attempts + 1
      WHERE e.id IN (
        SELECT id FROM "OutboxEvent"
         WHERE status = 'PENDING'
           AND "availableAt" <= now() + $3::double precision * interval '1 millisecond'
           AND ("lockedUntil" IS NULL OR "lockedUntil" < now())
           AND NOT (id::text = ANY($4::text[]))
         ORDER BY "availableAt", id
         LIMIT $5
         FOR UPDATE SKIP LOCKED)
      RETURNING e.id, e.type, e.key, e.payload, e.attempts`,
    workerId,
    opts.leaseMs,
    opts.aheadMs ?? 0,
    opts.exclude ?? [],
    opts.limit,
  );
}

type Outcome = 'done' | 'retry' | 'failed' | 'lost';

async function finish(prisma: Prisma, id: bigint, workerId: string): Promise<Outcome> {
  const n = await prisma.$executeRawUnsafe(
    `UPDATE "OutboxEvent" SET status = 'DONE', "doneAt" = now(), "lockedBy" = NULL, "lockedUntil" = NULL
      WHERE id = $1 AND "lockedBy" = $2 AND status = 'PENDING'`,
    id,
    workerId,
  );
  return n === 1 ? 'done' : 'lost';
}

async function failed(prisma: Prisma, e: Claimed, workerId: string, error: string, s: OutboxSettings, final: boolean): Promise<Outcome> {
  const giveUp = final || e.attempts >= s.maxAttempts;
  const n = await prisma.$executeRawUnsafe(
    `UPDATE "OutboxEvent"
        SET status = $3::"OutboxStatus", "lastError" = $4, "lockedBy" = NULL, "lockedUntil" = NULL,
            "availableAt" = now() + $5 * interval '1 millisecond'
      WHERE id = $1 AND "lockedBy" = $2 AND status = 'PENDING'`,
    e.id,
    workerId,
    giveUp ? 'FAILED' : 'PENDING',
    error.slice(0, 2000),
    giveUp ? 0 : retryDelay(e.attempts, s.retryBaseMs, s.retryMaxMs),
  );
  if (n === 0) return 'lost';
  return giveUp ? 'failed' : 'retry';
}

/** Runs one claimed event's handler outside any lock and records the outcome (if the lease is still ours). */
async function handleOne(deps: AppDeps, handlers: HandlerRegistry, e: Claimed, workerId: string, s: OutboxSettings): Promise<Outcome> {
  // Workers that died holding it used up its attempts: give up rather than run it past the limit.
  if (e.attempts > s.maxAttempts) return failed(deps.prisma, e, workerId, 'the worker handling it stopped before finishing', s, true);
  const h = isEventType(e.type) ? handlers.get(e.type) : undefined;
  if (!h || !isEventType(e.type)) return failed(deps.prisma, e, workerId, `no handler for ${e.type}`, s, false);
  const parsed = EventCatalogue[e.type].safeParse(e.payload);
  if (!parsed.success) return failed(deps.prisma, e, workerId, `payload does not match ${e.type}: ${parsed.error.message}`, s, true);
  try {
    await h.handle(deps, parsed.data as never, { id: e.id, key: e.key, attempts: e.attempts });
  } catch (err) {
    return failed(deps.prisma, e, workerId, err instanceof Error ? err.message || err.name : String(err), s, false);
  }
  return finish(deps.prisma, e.id, workerId);
}

export interface DrainResult {
  done: number;
  retry: number;
  failed: number;
  lost: number;
}

/**
 * Handles due events batch by batch until none is left, each event at most once per call (so a failing
 * one waits for its back-off, or the next call). Events that handlers emit meanwhile are handled too.
 */
export async function drain(
  deps: AppDeps,
  handlers: HandlerRegistry,
  opts: { workerId?: string; retryNow?: boolean; signal?: AbortSignal; maxBatches?: number; settings?: Partial<OutboxSettings> } = {},
): Promise<DrainResult> {
  const s = { ...deps.config.outbox, ...opts.settings };
  const workerId = opts.workerId ?? randomUUID();
  const seen: string[] = [];
  const result: DrainResult = { done: 0, retry: 0, failed: 0, lost: 0 };
  for (let n = 0; n < (opts.maxBatches ?? Infinity) && !opts.signal?.aborted; n++) {
    const batch = await claimDue(deps.prisma, workerId, {
      limit: s.batch,
      leaseMs: s.leaseMs,
      aheadMs: opts.retryNow ? 1e12 : 0,
      exclude: seen,
    });
    if (batch.length === 0) break;
    seen.push(...batch.map((e) => e.id.toString()));
    const outcomes = await Promise.all(batch.map((e) => handleOne(deps, handlers, e, workerId, s)));
    for (const o of outcomes) result[o]++;
  }
  return result;
}
