import type { Database } from '../../db/client.ts';
import type { Clock } from '../../lib/time.ts';
import { DAY_MS } from '../../lib/time.ts';

export interface TaskFigures {
  taskId: number;
  slug: string;
  type: string;
  title: unknown;
  active: boolean;
  claims: number;
  participants: number;
  /** Points paid, summed from the claims' reward transfers in the ledger (not reward × claims: levels and boosts change it). */
  pointsPaid: string;
  lastClaimAt: string | null;
}

/**
 * Per task, over the last `days` (all time when left out): claims, distinct participants, points paid
 * (the ledger's transfers the claims made) and the last claim. The window reads claims by time (a BRIN
 * index); all time reads every claim, so the console asks for a window by default.
 */
export async function taskFigures(deps: { db: Pick<Database, 'sql'>; clock: Clock }, days?: number): Promise<TaskFigures[]> {
  const since = days ? new Date(deps.clock.now().getTime() - days * DAY_MS) : null;
  const rows = await deps.db.sql.query<{ id: number; slug: string; type: string; title: unknown; active: boolean; claims: number; participants: number; points: bigint; last: Date | null }>(
    `SELECT t.id, t.slug, t.type::text AS type, t.title, t.active,
            COALESCE(f.claims, 0)::int AS claims, COALESCE(f.participants, 0)::int AS participants, COALESCE(f.points, 0)::bigint AS points, f.last
       FROM "Task" t
       LEFT JOIN (
         SELECT c."taskId", count(*) AS claims, count(DISTINCT c."participantId") AS participants, sum(tr.amount) AS points, max(c."createdAt") AS last
           FROM "TaskClaim" c LEFT JOIN "Transfer" tr ON tr.id = c."transferId"
          WHERE $1::timestamp(3) IS NULL OR c."createdAt" >= $1::timestamp(3)
          GROUP BY c."taskId"
       ) f ON f."taskId" = t.id
      ORDER BY t."sortOrder", t.id`,
    [since],
  );
  return rows.map((r) => ({
    taskId: r.id,
    slug: r.slug,
    type: r.type,
    title: r.title,
    active: r.active,
    claims: r.claims,
    participants: r.participants,
    pointsPaid: BigInt(r.points).toString(),
    lastClaimAt: r.last?.toISOString() ?? null,
  }));
}
