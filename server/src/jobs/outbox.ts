import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../context.ts';
import type { HandlerRegistry } from '../modules/events/handlers.ts';
import { drain, type DrainResult } from '../modules/events/worker.ts';
import { pruneDone } from '../modules/events/service.ts';
import { eventHandlers } from './event-handlers.ts';
import type { Job } from './runner.ts';

/**
 * Runs the outbox until nothing is due, each event at most once per call (tests call this instead of
 * waiting for the job). `retryNow` skips the back-off of events that failed before.
 */
export function drainOutbox(
  deps: AppDeps,
  opts: { handlers?: HandlerRegistry; retryNow?: boolean; workerId?: string } = {},
): Promise<DrainResult> {
  return drain(deps, opts.handlers ?? eventHandlers(), opts);
}

/**
 * The outbox worker as a job. Every worker process runs it side by side (row locks and leases keep them
 * apart, no named lease); stopping lets the batch in hand finish.
 */
export function outboxJob(deps: AppDeps): Job {
  const handlers = eventHandlers();
  const workerId = randomUUID();
  return {
    name: 'outbox',
    everyMs: deps.config.outbox.pollMs,
    shared: true,
    run: (signal) => drain(deps, handlers, { workerId, signal, maxBatches: 50 }),
    // Events this worker leased but left unhandled are due again now, not when the lease lapses.
    release: () =>
      deps.prisma.$executeRawUnsafe(
        `UPDATE "OutboxEvent" SET "lockedBy" = NULL, "lockedUntil" = NULL WHERE "lockedBy" = $1 AND status = 'PENDING'`,
        workerId,
      ),
  };
}

/** Deletes handled events older than OUTBOX_KEEP_DAYS, hourly, in one worker at a time. */
export function outboxPruneJob(deps: AppDeps): Job {
  return {
    name: 'outbox-prune',
    everyMs: 60 * 60_000,
    run: () => pruneDone(deps.prisma, new Date(deps.clock.now().getTime() - deps.config.outbox.keepDays * 86_400_000)),
  };
}
