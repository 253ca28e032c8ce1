import { z } from 'zod';
import { inTx } from '../../db/tx.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { adminProcedure, router } from '../../trpc.ts';
import { audit } from '../audit/service.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { currency } from '../ledger/currencies.ts';
import { auditLedger } from '../ledger/queries.ts';
import { transfer } from '../ledger/service.ts';
import { addScore } from '../ratings/service.ts';

export const adminLedgerRouter = router({
  /** Prizes in any currency, from the issuance account, audited. Retrying with the same key awards once. */
  award: adminProcedure('FINANCE', 'ADMIN')
    .input(
      z.object({
        telegramId: z.union([z.string().regex(/^\d+$/), z.number().int().positive()]).transform((v) => BigInt(v)),
        currency,
        amount: z.union([z.string().regex(/^\d{1,20}$/), z.number().int().positive()]).transform((v) => BigInt(v)),
        reason: z.string().trim().min(3).max(500),
        idempotencyKey: z.string().min(8).max(100).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (input.amount <= 0n) throw new DomainError(AppCodes.VALIDATION, 'BAD_REQUEST', 'The amount must be positive.');
      const target = await ctx.deps.prisma.participant.findUnique({ where: { telegramId: input.telegramId } });
      if (!target) throw new DomainError(AppCodes.PARTICIPANT_NOT_FOUND, 'NOT_FOUND', 'No participant with this Telegram id.');
      const now = ctx.deps.clock.now();
      return inTx(ctx.deps.prisma, async (tx) => {
        const key = `award:${input.idempotencyKey ?? `${ctx.participant.id}:${now.getTime()}:${target.id}:${input.currency}:${input.amount}`}`;
        const res = await transfer(tx, {
          key,
          debit: { system: SystemAccount.ISSUANCE },
          credit: { participantId: target.id },
          currency: input.currency,
          amount: input.amount,
          kind: 'AWARD',
          reference: input.reason,
          meta: { by: ctx.participant.id },
        });
        if (res.created) {
          if (input.currency === 'POINTS') await addScore(tx, target.id, input.amount, now);
          await audit(tx, { actorId: ctx.participant.id, action: 'ledger.award', subjectType: 'participant', subjectId: target.id, data: { currency: input.currency, amount: input.amount, reason: input.reason, transferId: res.id } });
        }
        return { transferId: res.id.toString(), created: res.created };
      });
    }),
  audit: adminProcedure('FINANCE', 'ADMIN').query(async ({ ctx }) => auditLedger(ctx.deps.prisma)),
});
