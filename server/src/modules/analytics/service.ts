import type { AppDeps } from '../../context.ts';
import { DAY_MS, dayKey, startOfWeek } from '../../lib/time.ts';

const WEEK_MS = 7 * DAY_MS;

export interface Cohort {
  /** The Monday the cohort's week began. */
  week: string;
  size: number;
  /** Per week since joining (0 = the week they joined): how many did a task that week. */
  active: number[];
}

// A claim commits within seconds of its createdAt; a week is counted for keeps only this long after it ends.
const SETTLE_MS = 60 * 60_000;
const day = (t: number) => dayKey(new Date(t));

/**
 * Per cohort (weeks since `from`) and week after joining, how many of the cohort did a task, counting
 * claims made from `since` and before `until`.
 */
async function activeCells(deps: AppDeps, from: Date, since: Date, until: Date | null) {
  return deps.db.sql.query<{ week: number; k: number; active: number }>(
    `WITH c AS (
       SELECT p.id, floor(extract(epoch FROM p."createdAt" - $1::timestamp(3)) / 604800)::int AS week
         FROM "Participant" p WHERE p."createdAt" >= $1::timestamp(3) AND p."deletedAt" IS NULL
     )
     SELECT c.week, floor(extract(epoch FROM t."createdAt" - $1::timestamp(3)) / 604800)::int - c.week AS k, count(DISTINCT c.id)::int AS active
       FROM c JOIN "TaskClaim" t ON t."participantId" = c.id AND t."createdAt" >= $2::timestamp(3) ${until ? 'AND t."createdAt" < $3::timestamp(3)' : ''}
      GROUP BY 1, 2`,
    until ? [from, since, until] : [from, since],
  );
}

/**
 * Weekly cohorts of the last `weeks` weeks: who joined each week, and how many of them came back to do a
 * task in each week after. Weeks that have ended are counted once and kept (CohortCell); only the open
 * week's claims are read on a visit.
 */
export async function cohorts(deps: AppDeps, weeks: number): Promise<Cohort[]> {
  const now = deps.clock.now().getTime();
  const thisWeek = startOfWeek(new Date(now)).getTime();
  const from = thisWeek - (weeks - 1) * WEEK_MS;
  // Weeks starting before `settled` ended at least SETTLE_MS ago.
  const settled = Math.max(from, startOfWeek(new Date(now - SETTLE_MS)).getTime());
  const cell = new Map<string, number>(); // `${cohort day}:${k}` → active
  const ended: { cohort: string; week: number }[] = [];
  for (let w = 0; w < weeks; w++) {
    for (let k = 0; from + (w + k) * WEEK_MS < settled; k++) ended.push({ cohort: day(from + w * WEEK_MS), week: k });
  }
  if (ended.length) {
    const kept = await deps.prisma.cohortCell.findMany({ where: { cohort: { in: [...new Set(ended.map((e) => e.cohort))] } } });
    for (const c of kept) cell.set(`${c.cohort}:${c.week}`, c.active);
    const missing = ended.filter((e) => !cell.has(`${e.cohort}:${e.week}`));
    if (missing.length) {
      const counted = new Map((await activeCells(deps, new Date(from), new Date(from), new Date(settled))).map((r) => [`${day(from + r.week * WEEK_MS)}:${r.k}`, r.active]));
      const rows = missing.map((e) => ({ ...e, active: counted.get(`${e.cohort}:${e.week}`) ?? 0 }));
      // Two visits at once count the same weeks alike: the first write stands.
      await deps.prisma.cohortCell.createMany({ data: rows, skipDuplicates: true });
      for (const r of rows) cell.set(`${r.cohort}:${r.week}`, r.active);
    }
  }
  for (const r of await activeCells(deps, new Date(from), new Date(settled), null)) cell.set(`${day(from + r.week * WEEK_MS)}:${r.k}`, r.active);
  const sizes = new Map(
    (
      await deps.db.sql.query<{ week: number; size: number }>(
        `SELECT floor(extract(epoch FROM "createdAt" - $1::timestamp(3)) / 604800)::int AS week, count(*)::int AS size
           FROM "Participant" WHERE "createdAt" >= $1::timestamp(3) AND "deletedAt" IS NULL GROUP BY 1`,
        [new Date(from)],
      )
    ).map((r) => [r.week, r.size]),
  );
  return Array.from({ length: weeks }, (_, w) => {
    const cohort = day(from + w * WEEK_MS);
    // A cohort has as many weeks as have begun since it joined.
    return { week: cohort, size: sizes.get(w) ?? 0, active: Array.from({ length: weeks - w }, (_, k) => cell.get(`${cohort}:${k}`) ?? 0) };
  });
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
