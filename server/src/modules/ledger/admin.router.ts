import { adminProcedure, router } from '../../trpc.ts';
import { notifyLater } from '../notifications/service.ts';
import { addScore } from '../ratings/service.ts';
import { adjustBalance } from './adjust.ts';
import { awardPrize } from './award.ts';
import { ledgerSummary, listAccounts } from './finance.ts';
import { auditLedger } from './queries.ts';
import { accountsSchema, adjustSchema, awardSchema } from './schemas.ts';

/** Back office: the ledger's figures, participants' accounts, prizes, corrections and the ledger's own audit. */
export const adminLedgerRouter = router({
  /** Awarded points count towards the boards, as earned ones do. */
  award: adminProcedure('ledger.award')
    .input(awardSchema)
    .mutation(({ ctx, input }) => awardPrize(ctx.deps, ctx.participant.id, input, addScore)),
  audit: adminProcedure('ledger.view').query(({ ctx }) => auditLedger(ctx.deps.prisma)),
  summary: adminProcedure('ledger.view').query(({ ctx }) => ledgerSummary(ctx.deps.prisma)),
  accounts: adminProcedure('ledger.view')
    .input(accountsSchema)
    .query(({ ctx, input }) => listAccounts(ctx.deps.prisma, input)),
  adjust: adminProcedure('ledger.adjust')
    .input(adjustSchema)
    .mutation(({ ctx, input }) => adjustBalance(ctx.deps, ctx.participant.id, input, notifyLater)),
});
