import { z } from 'zod';
import { participantProcedure, router } from '../../trpc.ts';
import { cancelWithdrawal, listMine, requestWithdrawal } from './service.ts';
import { idempotencyKey } from '../idempotency/schemas.ts';
import { idemOf } from '../idempotency/service.ts';

export const nanotons = z.string().regex(/^\d{1,20}$/, 'must be a whole number of nanotons').transform((s) => BigInt(s));

export const withdrawalsRouter = router({
  request: participantProcedure
    .input(z.object({ amount: nanotons, idempotencyKey }))
    .mutation(({ ctx, input }) => requestWithdrawal(ctx.deps, ctx.participant, input.amount, idemOf('withdrawals.request', input))),
  list: participantProcedure.query(({ ctx }) => listMine(ctx.deps, ctx.participant)),
  cancel: participantProcedure
    .input(z.object({ id: z.number().int().positive() }))
    .mutation(({ ctx, input }) => cancelWithdrawal(ctx.deps, ctx.participant, input.id)),
});
