import { adminProcedure, router } from '../../trpc.ts';
import { dayKey } from '../../lib/time.ts';

/** The back office's first screen: people, activity, money and queues at a glance. */
export const adminOverviewRouter = router({
  get: adminProcedure('MODERATOR', 'ADMIN', 'FINANCE').query(async ({ ctx }) => {
    const now = ctx.deps.clock.now();
    const day = 86_400_000;
    const prisma = ctx.deps.prisma;
    const since = (ms: number) => new Date(now.getTime() - ms);
    const [participants, dau, wau, mau, newToday, claimsToday, pendingWithdrawals, revenue, daily] = await Promise.all([
      prisma.participant.count(),
      prisma.participant.count({ where: { lastSeenAt: { gte: since(day) } } }),
      prisma.participant.count({ where: { lastSeenAt: { gte: since(7 * day) } } }),
      prisma.participant.count({ where: { lastSeenAt: { gte: since(30 * day) } } }),
      prisma.participant.count({ where: { createdAt: { gte: new Date(`${dayKey(now)}T00:00:00Z`) } } }),
      prisma.taskClaim.count({ where: { createdAt: { gte: new Date(`${dayKey(now)}T00:00:00Z`) } } }),
      prisma.withdrawal.count({ where: { status: { in: ['REQUESTED', 'APPROVED', 'SENDING'] } } }),
      prisma.invoice.groupBy({ by: ['currency'], where: { status: 'PAID' }, _sum: { amount: true }, _count: { _all: true } }),
      prisma.$queryRawUnsafe<{ day: string; claims: bigint; points: bigint | null }[]>(
        `SELECT to_char(date_trunc('day', "createdAt"), 'YYYY-MM-DD') AS day, count(*) AS claims, SUM(reward) AS points
           FROM "TaskClaim" WHERE "createdAt" >= $1 GROUP BY 1 ORDER BY 1`,
        since(14 * day),
      ),
    ]);
    return {
      participants,
      active: { dau, wau, mau },
      newToday,
      claimsToday,
      pendingWithdrawals,
      revenue: revenue.map((r) => ({ currency: r.currency, amount: (r._sum.amount ?? 0n).toString(), invoices: r._count._all })),
      daily: daily.map((d) => ({ day: d.day, claims: Number(d.claims), points: (d.points ?? 0n).toString() })),
    };
  }),
  audit: adminProcedure('ADMIN', 'FINANCE').query(async ({ ctx }) => {
    const rows = await ctx.deps.prisma.auditLog.findMany({ orderBy: { id: 'desc' }, take: 100 });
    return rows.map((a) => ({ id: a.id.toString(), actorId: a.actorId, action: a.action, subjectType: a.subjectType, subjectId: a.subjectId, data: a.data, createdAt: a.createdAt.toISOString() }));
  }),
});
