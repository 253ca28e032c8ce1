import { z } from 'zod';
import { lines } from '../../lib/schemas.ts';
import { adminProcedure, router } from '../../trpc.ts';
import { adminQueue, withdrawalHistory } from './queue.ts';
import { queueFilterSchema, withdrawalIdSchema as id } from './schemas.ts';
import { approveWithdrawal, rejectWithdrawal } from './service.ts';

/** Back office: the withdrawal queue, its audit trail, and the decisions (large amounts need two approvers). */
export const adminWithdrawalsRouter = router({
  list: adminProcedure('withdrawals.view')
    .input(queueFilterSchema)
    .query(({ ctx, input }) => adminQueue(ctx.deps, ctx.participant.id, input)),
  history: adminProcedure('withdrawals.view')
    .input(z.object({ id }))
    .query(({ ctx, input }) => withdrawalHistory(ctx.deps, input.id)),
  approve: adminProcedure('withdrawals.approve')
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => approveWithdrawal(ctx.deps, ctx.participant, input.id)),
  reject: adminProcedure('withdrawals.approve')
    .input(z.object({ id, reason: lines(500).min(3) }))
    .mutation(({ ctx, input }) => rejectWithdrawal(ctx.deps, ctx.participant, input.id, input.reason)),
});
