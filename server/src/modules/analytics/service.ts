import type { AppDeps } from '../../context.ts';
import { DAY_MS, startOfDay } from '../../lib/time.ts';

const WEEK_MS = 7 * DAY_MS;

/** Monday 00:00 UTC of the week holding `d` (ISO weeks, as the weekly board). */
export function startOfWeek(d: Date): Date {
  const day = startOfDay(d);
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS);
}

export interface Cohort {
  /** The Monday the cohort's week began. */
  week: string;
  size: number;
  /** Per week since joining (0 = the week they joined): how many did a task that week. */
  active: number[];
}

/**
 * Weekly cohorts of the last `weeks` weeks: who joined each week, and how many of them came back to do a
 * task in each week after. Only the cohorts' own claims are read (by participant), not everyone's.
 */
export async function cohorts(deps: AppDeps, weeks: number): Promise<Cohort[]> {
  const now = deps.clock.now();
  const thisWeek = startOfWeek(now).getTime();
  const from = new Date(thisWeek - (weeks - 1) * WEEK_MS);
  const rows = await deps.db.sql.query<{ week: number; size: number; k: number | null; active: number }>(
    `WITH c AS (
       SELECT p.id, floor(extract(epoch FROM p."createdAt" - $1::timestamp(3)) / 604800)::int AS week
         FROM "Participant" p WHERE p."createdAt" >= $1::timestamp(3) AND p."deletedAt" IS NULL
     ), sizes AS (
       SELECT week, count(*)::int AS size FROM c GROUP BY week
     ), seen AS (
       SELECT DISTINCT c.week, c.id, floor(extract(epoch FROM t."createdAt" - $1::timestamp(3)) / 604800)::int - c.week AS k
         FROM c JOIN "TaskClaim" t ON t."participantId" = c.id AND t."createdAt" >= $1::timestamp(3)
     )
     SELECT s.week, s.size, x.k, COALESCE(x.active, 0)::int AS active
       FROM sizes s LEFT JOIN (SELECT week, k, count(*) AS active FROM seen GROUP BY week, k) x ON x.week = s.week
      ORDER BY s.week, x.k`,
    [from],
  );
  const out: Cohort[] = [];
  for (let w = 0; w < weeks; w++) {
    const start = new Date(from.getTime() + w * WEEK_MS);
    // A cohort has as many weeks as have begun since it joined.
    const active = new Array<number>(weeks - w).fill(0);
    let size = 0;
    for (const r of rows.filter((r) => r.week === w)) {
      size = r.size;
      if (r.k != null && r.k >= 0 && r.k < active.length) active[r.k] = r.active;
    }
    out.push({ week: start.toISOString().slice(0, 10), size, active });
  }
  return out;
}

/**
 * Of the people who joined in the last `days` days, how many reached each step: did a first task, came
 * back on another day, bought something, linked a wallet, brought a friend who became active.
 */
export async function funnel(deps: AppDeps, days: number) {
  const since = new Date(deps.clock.now().getTime() - days * DAY_MS);
  const [r] = await deps.db.sql.query<Record<'joined' | 'activated' | 'returned' | 'bought' | 'wallet' | 'referred', number>>(
    `SELECT count(*)::int AS joined,
            count(*) FILTER (WHERE p."activatedAt" IS NOT NULL)::int AS activated,
            count(*) FILTER (WHERE (SELECT count(DISTINCT date_trunc('day', t."createdAt")) FROM "TaskClaim" t WHERE t."participantId" = p.id) >= 2)::int AS returned,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "Order" o WHERE o."participantId" = p.id AND o.status = 'FULFILLED'))::int AS bought,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "Wallet" w WHERE w."participantId" = p.id))::int AS wallet,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "Participant" f WHERE f."invitedById" = p.id AND f."activatedAt" IS NOT NULL))::int AS referred
       FROM "Participant" p WHERE p."createdAt" >= $1 AND p."deletedAt" IS NULL`,
    [since],
  );
  return {
    days,
    steps: (['joined', 'activated', 'returned', 'bought', 'wallet', 'referred'] as const).map((step) => ({ step, count: r[step] })),
  };
}
