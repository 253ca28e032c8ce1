import type { Prisma } from '../../db/client.ts';
import type { Tx } from '../ledger/service.ts';

export interface AuditEntry {
  actorId?: number | null;
  action: string;
  subjectType: string;
  subjectId: string | number | bigint;
  data?: Record<string, unknown>;
}

const json = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)));

/** Appends to the audit log (the table refuses updates and deletes). */
export async function audit(db: Tx | Prisma, e: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      actorId: e.actorId ?? null,
      action: e.action,
      subjectType: e.subjectType,
      subjectId: String(e.subjectId),
      data: e.data ? json(e.data) : undefined,
    },
  });
}
