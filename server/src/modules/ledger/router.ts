import { z } from 'zod';
import { bigIdString } from '../../lib/schemas.ts';
import { participantProcedure, participantProcedureWith, router } from '../../trpc.ts';
import { sessionRead } from '../participants/service.ts';
import type { Lang } from '../../lib/localized.ts';
import { CURRENCIES } from './accounts.ts';
import { balancesOf, historyOf, type BalanceView } from './queries.ts';

// Here, not in queries.ts: the ledger sits below participants, and only its router may ride on their sign-in.
/** The Home screen's balances, read with the sign-in's participant lookup. */
export const balancesRead = sessionRead<BalanceView[]>({
  columns: CURRENCIES.map((c) => `(SELECT a.balance FROM "Account" a WHERE a."participantId" = p.id AND a.currency = '${c}') AS "_b${c}"`).join(', '),
  take: (row) => CURRENCIES.map((currency) => ({ currency, amount: ((row[`_b${currency}`] as bigint | null) ?? 0n).toString() })),
});

export const ledgerRouter = router({
  balances: participantProcedureWith(balancesRead).query(({ ctx }) => ctx.read ?? balancesOf(ctx.deps.db, ctx.participant.id)),
  history: participantProcedure
    .input(
      z
        .object({
          cursor: bigIdString('a transfer id').nullish(),
          limit: z.number().int().min(1).max(100).default(30),
        })
        .default({ limit: 30 }),
    )
    .query(({ ctx, input }) =>
      historyOf(ctx.deps.prisma, ctx.participant.id, input.cursor ? BigInt(input.cursor) : null, input.limit, ctx.participant.language as Lang),
    ),
});
