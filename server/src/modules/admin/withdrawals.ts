import { z } from 'zod';
import { adminProcedure, router } from '../../trpc.ts';
import { displayName } from '../participants/service.ts';
import { approveWithdrawal, rejectWithdrawal, withdrawalView } from '../withdrawals/service.ts';

const status = z.enum(['REQUESTED', 'APPROVED', 'REJECTED', 'CANCELLED', 'SENDING', 'COMPLETED', 'FAILED']);

export const adminWithdrawalsRouter = router({
  /** The queue: filter by status, participant, risk; each row with the participant's recent history. */
  list: adminProcedure('FINANCE', 'ADMIN', 'MODERATOR')
    .input(
      z
        .object({ status: status.optional(), telegramId: z.string().regex(/^\d+$/).optional(), flagged: z.boolean().optional(), limit: z.number().int().min(1).max(200).default(50) })
        .default({ limit: 50 }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await ctx.deps.prisma.withdrawal.findMany({
        where: {
          status: input.status,
          participant: input.telegramId ? { telegramId: BigInt(input.telegramId) } : undefined,
          ...(input.flagged ? { NOT: { riskFlags: { isEmpty: true } } } : {}),
        },
        orderBy: { id: 'desc' },
        take: input.limit,
        include: { approvals: true, participant: true },
      });
      const threshold = ctx.deps.config.withdrawals.secondApprovalAbove;
      return rows.map((w) => ({
        ...withdrawalView(w),
        riskFlags: w.riskFlags,
        approvalsNeeded: w.amount > threshold ? 2 : 1,
        approvedByMe: w.approvals.some((a) => a.adminId === ctx.participant.id),
        participant: { id: w.participant.id, telegramId: w.participant.telegramId.toString(), name: displayName(w.participant), username: w.participant.username },
      }));
    }),
  history: adminProcedure('FINANCE', 'ADMIN', 'MODERATOR')
    .input(z.object({ id: z.number().int().positive() }))
    .query(async ({ ctx, input }) => {
      const w = await ctx.deps.prisma.withdrawal.findUnique({ where: { id: input.id } });
      if (!w) return { audit: [], previous: [] };
      const [auditRows, previous] = await Promise.all([
        ctx.deps.prisma.auditLog.findMany({ where: { subjectType: 'withdrawal', subjectId: String(input.id) }, orderBy: { id: 'asc' } }),
        ctx.deps.prisma.withdrawal.findMany({ where: { participantId: w.participantId, id: { not: w.id } }, orderBy: { id: 'desc' }, take: 20 }),
      ]);
      return {
        audit: auditRows.map((a) => ({ id: a.id.toString(), action: a.action, actorId: a.actorId, data: a.data, createdAt: a.createdAt.toISOString() })),
        previous: previous.map(withdrawalView),
      };
    }),
  approve: adminProcedure('FINANCE')
    .input(z.object({ id: z.number().int().positive() }))
    .mutation(({ ctx, input }) => approveWithdrawal(ctx.deps, ctx.participant, input.id)),
  reject: adminProcedure('FINANCE')
    .input(z.object({ id: z.number().int().positive(), reason: z.string().trim().min(3).max(500) }))
    .mutation(({ ctx, input }) => rejectWithdrawal(ctx.deps, ctx.participant, input.id, input.reason)),
});
