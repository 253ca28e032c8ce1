import type { AppDeps } from '../../context.ts';
import { DAY_MS, dayKey, startOfDay } from '../../lib/time.ts';
import type { Prisma } from '../../db/client.ts';
import { countFailedEvents } from '../events/service.ts';

const CHART_DAYS = 14;
// A claim commits within seconds of its createdAt; a day is summed for keeps only this long after it ends.
const SETTLE_MS = 60 * 60_000;

type DayRow = { day: string; claims: bigint; points: bigint | null };
const sumDays = (prisma: Prisma, from: Date, until: Date | null) =>
  prisma.$queryRawUnsafe<DayRow[]>(
    `SELECT to_char(date_trunc('day', "createdAt"), 'YYYY-MM-DD') AS day, count(*) AS claims, SUM(reward)::bigint AS points
       FROM "TaskClaim" WHERE "createdAt" >= $1 ${until ? 'AND "createdAt" < $2' : ''} GROUP BY 1`,
    ...(until ? [from, until] : [from]),
  );

/**
 * Claims and points per UTC day over the chart's two weeks, days without claims left out. Ended days
 * come from ClaimDay, summed on the first visit after they settle; the open ones are summed live.
 */
export async function dailyClaims(prisma: Prisma, now: Date): Promise<{ day: string; claims: number; points: string }[]> {
  const first = startOfDay(now).getTime() - (CHART_DAYS - 1) * DAY_MS;
  // Days starting before `settled` ended at least SETTLE_MS ago.
  const settled = Math.max(first, startOfDay(new Date(now.getTime() - SETTLE_MS)).getTime());
  const closed: string[] = [];
  for (let t = first; t < settled; t += DAY_MS) closed.push(dayKey(new Date(t)));
  const kept = closed.length ? await prisma.claimDay.findMany({ where: { day: { in: closed } } }) : [];
  const byDay = new Map<string, { claims: bigint; points: bigint }>(kept.map((k) => [k.day, k]));
  const missing = closed.filter((d) => !byDay.has(d));
  if (missing.length) {
    const sums = new Map((await sumDays(prisma, new Date(`${missing[0]}T00:00:00Z`), new Date(settled))).map((r) => [r.day, r]));
    const rows = missing.map((day) => ({ day, claims: sums.get(day)?.claims ?? 0n, points: sums.get(day)?.points ?? 0n }));
    // Two visits at once sum the same days to the same figures: the first write stands.
    await prisma.claimDay.createMany({ data: rows, skipDuplicates: true });
    for (const r of rows) byDay.set(r.day, r);
  }
  for (const r of await sumDays(prisma, new Date(settled), null)) byDay.set(r.day, { claims: r.claims, points: r.points ?? 0n });
  return [...byDay]
    .filter(([, v]) => v.claims > 0n)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([day, v]) => ({ day, claims: Number(v.claims), points: v.points.toString() }));
}

/** The back office's first screen: people, activity, money and queues at a glance. */
export async function overview(deps: AppDeps) {
  const now = deps.clock.now();
  const prisma = deps.prisma;
  const since = (ms: number) => new Date(now.getTime() - ms);
  const [[people], pendingWithdrawals, revenue, daily, failedEvents, openDialogs] = await Promise.all([
    // One pass over the participants for all five counts, instead of one each.
    prisma.$queryRawUnsafe<{ participants: bigint; dau: bigint; wau: bigint; mau: bigint; newToday: bigint }[]>(
      `SELECT count(*) AS participants,
              count(*) FILTER (WHERE "lastSeenAt" >= $1) AS dau,
              count(*) FILTER (WHERE "lastSeenAt" >= $2) AS wau,
              count(*) FILTER (WHERE "lastSeenAt" >= $3) AS mau,
              count(*) FILTER (WHERE "createdAt" >= $4) AS "newToday"
         FROM "Participant"`,
      since(DAY_MS),
      since(7 * DAY_MS),
      since(30 * DAY_MS),
      startOfDay(now),
    ),
    prisma.withdrawal.count({ where: { status: { in: ['REQUESTED', 'APPROVED', 'SENDING'] } } }),
    prisma.invoice.groupBy({ by: ['currency'], where: { status: 'PAID' }, _sum: { amount: true }, _count: { _all: true } }),
    dailyClaims(prisma, now),
    countFailedEvents(prisma),
    // Conversations waiting for the team (the Inbox).
    prisma.dialog.count({ where: { status: 'OPEN' } }),
  ]);
  return {
    participants: Number(people.participants),
    active: { dau: Number(people.dau), wau: Number(people.wau), mau: Number(people.mau) },
    newToday: Number(people.newToday),
    // Today is always summed live for the chart: its count is read from there, not scanned again.
    claimsToday: daily.find((d) => d.day === dayKey(now))?.claims ?? 0,
    pendingWithdrawals,
    revenue: revenue.map((r) => ({ currency: r.currency, amount: (r._sum.amount ?? 0n).toString(), invoices: r._count._all })),
    daily,
    // After-commit work that ran out of attempts (admin.events.list shows why).
    failedEvents,
    openDialogs,
  };
}

/** The latest hundred audited actions, newest first. */
export async function recentAudit(deps: AppDeps) {
  const rows = await deps.prisma.auditLog.findMany({ orderBy: { id: 'desc' }, take: 100 });
  return rows.map((a) => ({ id: a.id.toString(), actorId: a.actorId, action: a.action, subjectType: a.subjectType, subjectId: a.subjectId, data: a.data, createdAt: a.createdAt.toISOString() }));
}
