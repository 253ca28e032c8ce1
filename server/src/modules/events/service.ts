import type { OutboxStatus } from '../../generated/prisma/client.ts';
import type { Prisma } from '../../db/client.ts';
import { inTx } from '../../db/tx.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';

export interface EventFilter {
  id?: string;
  status?: OutboxStatus;
  type?: string;
  /** The id of the last event of the previous page (newest first). */
  cursor?: string;
  limit: number;
}

/** Events newest first, a page at a time, with what admins need to see a failure and when it runs next. */
export async function listEvents(prisma: Prisma, f: EventFilter) {
  const where = { status: f.status, type: f.type };
  const [rows, counts] = await Promise.all([
    prisma.outboxEvent.findMany({
      where: f.id ? { id: BigInt(f.id) } : { ...where, ...(f.cursor ? { id: { lt: BigInt(f.cursor) } } : {}) },
      orderBy: { id: 'desc' },
      take: f.limit + 1,
    }),
    prisma.outboxEvent.groupBy({ by: ['status'], where: { type: f.type }, _count: { _all: true } }),
  ]);
  const page = rows.slice(0, f.limit);
  return {
    items: page.map((e) => ({
      id: e.id.toString(),
      type: e.type,
      key: e.key,
      status: e.status,
      attempts: e.attempts,
      lastError: e.lastError,
      payload: e.payload,
      createdAt: e.createdAt.toISOString(),
      nextTryAt: e.status === 'PENDING' ? e.availableAt.toISOString() : null,
      doneAt: e.doneAt?.toISOString() ?? null,
    })),
    nextCursor: rows.length > f.limit ? page[page.length - 1].id.toString() : null,
    counts: Object.fromEntries(counts.map((c) => [c.status, c._count._all])) as Partial<Record<OutboxStatus, number>>,
  };
}

/** Puts a FAILED event back in the queue with a fresh set of attempts; audited. */
export async function retryEvent(prisma: Prisma, adminId: number, id: string) {
  return inTx(prisma, async (tx) => {
    const [row] = await tx.$queryRawUnsafe<{ status: OutboxStatus; type: string; attempts: number }[]>(
      `SELECT status, type, attempts FROM "OutboxEvent" WHERE id = $1 FOR UPDATE`,
      BigInt(id),
    );
    if (!row) throw new DomainError(AppCodes.EVENT_NOT_FOUND, 'NOT_FOUND', 'This event does not exist.');
    if (row.status !== 'FAILED') throw new DomainError(AppCodes.EVENT_NOT_RETRYABLE, 'CONFLICT', `Only a failed event can be retried; this one is ${row.status.toLowerCase()}.`);
    await tx.$executeRawUnsafe(
      `UPDATE "OutboxEvent" SET status = 'PENDING', attempts = 0, "availableAt" = now(), "lockedBy" = NULL, "lockedUntil" = NULL WHERE id = $1`,
      BigInt(id),
    );
    await audit(tx, { actorId: adminId, action: 'event.retried', subjectType: 'event', subjectId: id, data: { type: row.type, attempts: row.attempts } });
    return { id, status: 'PENDING' as const };
  });
}

export const countFailedEvents = (prisma: Prisma) => prisma.outboxEvent.count({ where: { status: 'FAILED' } });

/**
 * Deletes handled events that finished before `before`, a bounded batch at a time (a huge backlog does
 * not hold one long transaction). Failed and waiting events are never deleted. Their keys go with them:
 * every emitter keys events by a change that happens once (an order paid, a request made), so nothing
 * emits a pruned key again.
 */
export async function pruneDone(prisma: Prisma, before: Date, batch = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await prisma.$executeRawUnsafe(
      `DELETE FROM "OutboxEvent" WHERE id IN (SELECT id FROM "OutboxEvent" WHERE status = 'DONE' AND "doneAt" < $1 LIMIT $2)`,
      before,
      batch,
    );
    total += n;
    if (n < batch) return total;
  }
}
