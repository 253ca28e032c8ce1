import { z } from 'zod';
import { participantProcedure, participantProcedureWith, router } from '../../trpc.ts';
import { balancesOf, balancesRead, historyOf } from './queries.ts';

export const ledgerRouter = router({
  balances: participantProcedureWith(balancesRead).query(({ ctx }) => ctx.read ?? balancesOf(ctx.deps.db, ctx.participant.id)),
  history: participantProcedure
    .input(
      z
        .object({
          cursor: z.string().regex(/^\d{1,19}$/, 'must be a transfer id').nullish(),
          limit: z.number().int().min(1).max(100).default(30),
        })
        .default({ limit: 30 }),
    )
    .query(({ ctx, input }) =>
      historyOf(ctx.deps.prisma, ctx.participant.id, input.cursor ? BigInt(input.cursor) : null, input.limit),
    ),
});
