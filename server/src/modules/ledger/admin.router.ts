import { adminProcedure, router } from '../../trpc.ts';
import { addScore } from '../ratings/service.ts';
import { awardPrize } from './award.ts';
import { auditLedger } from './queries.ts';
import { awardSchema } from './schemas.ts';

/** Back office: prizes and the ledger's own audit. */
export const adminLedgerRouter = router({
  /** Awarded points count towards the boards, as earned ones do. */
  award: adminProcedure('ledger.award')
    .input(awardSchema)
    .mutation(({ ctx, input }) => awardPrize(ctx.deps, ctx.participant.id, input, addScore)),
  audit: adminProcedure('ledger.view').query(({ ctx }) => auditLedger(ctx.deps.prisma)),
});
