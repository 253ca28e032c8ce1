import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Prisma } from '../db/client.ts';

export interface Job {
  name: string;
  everyMs: number;
  /** Runs in every worker at once (it coordinates through row locks itself) rather than under a named lease. */
  shared?: boolean;
  /**
   * The signal aborts when the jobs stop or a named job's lease is lost: a long run finishes what it holds
   * and returns. `owner` names this process in the lease the run holds (`lease:<name>`), so the run can
   * tell that what other owners left is theirs no more.
   */
  run(signal: AbortSignal, owner: string): Promise<unknown>;
  /** Gives back what this process still holds (row leases) once the jobs have stopped. */
  release?(): Promise<unknown>;
}

/**
 * Takes a named lease in PostgreSQL; only the holder runs the job until the lease lapses. Several
 * worker processes can run the same schedule safely; nothing is coordinated in memory.
 */
export async function tryLease(prisma: Prisma, name: string, owner: string, ttlMs: number): Promise<boolean> {
  const n = await prisma.$executeRawUnsafe(
    `INSERT INTO "JobState" (name, "leaseOwner", "leaseUntil", "updatedAt")
     VALUES ($1, $2, now() + $3 * interval '1 millisecond', now())
     ON CONFLICT (name) DO UPDATE SET "leaseOwner" = EXCLUDED."leaseOwner", "leaseUntil" = EXCLUDED."leaseUntil", "updatedAt" = now()
     WHERE "JobState"."leaseUntil" IS NULL OR "JobState"."leaseUntil" < now() OR "JobState"."leaseOwner" = $2`,
    `lease:${name}`,
    owner,
    ttlMs,
  );
  return n === 1;
}

/**
 * `leaseMs`: how long a named lease outlives its holder's last renewal, so how long a worker that died
 * keeps its jobs from the others (a job's lease also lasts at least two of its intervals).
 */
export function startJobs(prisma: Prisma, jobs: Job[], log: FastifyBaseLogger, opts: { leaseMs?: number } = {}): () => Promise<void> {
  const owner = randomUUID();
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  const stopping = new AbortController();
  let stopped = false;
  for (const job of jobs) {
    const ttl = Math.max(job.everyMs * 2, opts.leaseMs ?? 30_000);
    let busy = false;
    const tick = async () => {
      if (busy || stopped) return;
      busy = true;
      try {
        if (job.shared) await job.run(stopping.signal, owner);
        else if (await tryLease(prisma, job.name, owner, ttl)) await runLeased(prisma, job, owner, ttl, stopping.signal, log);
      } catch (e) {
        log.error({ err: e, job: job.name }, 'job failed; it will run again');
      } finally {
        busy = false;
      }
    };
    const wrapped = () => {
      const p = tick();
      running.add(p);
      void p.finally(() => running.delete(p));
    };
    timers.push(setInterval(wrapped, job.everyMs));
    setTimeout(wrapped, 1000).unref();
  }
  return async () => {
    stopped = true;
    stopping.abort();
    timers.forEach(clearInterval);
    await Promise.allSettled([...running]);
    // Named leases end now, so another worker takes the schedule at once rather than when they lapse.
    await prisma.$executeRawUnsafe(`UPDATE "JobState" SET "leaseUntil" = NULL WHERE "leaseOwner" = $1`, owner).catch((e) => log.warn({ err: e }, 'job leases not released'));
    await Promise.allSettled(jobs.map((j) => j.release?.()));
  };
}

/**
 * A run that outlasts its lease keeps it (renewed every third of it); should the lease be lost (another
 * process took it after a renewal failed), the run is told to stop, so two never run side by side for long.
 */
async function runLeased(prisma: Prisma, job: Job, owner: string, ttlMs: number, stopping: AbortSignal, log: FastifyBaseLogger) {
  const lost = new AbortController();
  let renewed = Date.now();
  const timer = setInterval(() => {
    tryLease(prisma, job.name, owner, ttlMs).then(
      (held) => (held ? (renewed = Date.now()) : lost.abort()),
      (e) => {
        log.warn({ err: e, job: job.name }, 'job lease not renewed');
        if (Date.now() - renewed > ttlMs / 2) lost.abort();
      },
    );
  }, ttlMs / 3);
  try {
    await job.run(AbortSignal.any([stopping, lost.signal]), owner);
  } finally {
    clearInterval(timer);
  }
}
