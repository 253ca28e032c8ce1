import { z } from 'zod';
import { id } from '../../lib/schemas.ts';
import { amountOrZeroIn } from '../ledger/currencies.ts';
import { participantProcedure, router } from '../../trpc.ts';
import { cancelWithdrawal, listMine, requestWithdrawal } from './service.ts';
import { idempotencyKey } from '../idempotency/schemas.ts';
import { idemOf } from '../idempotency/service.ts';

export const nanotons = amountOrZeroIn('TON');

export const withdrawalsRouter = router({
  request: participantProcedure
    .input(z.object({ amount: nanotons, idempotencyKey }))
    .mutation(({ ctx, input }) => requestWithdrawal(ctx.deps, ctx.participant, input.amount, idemOf('withdrawals.request', input))),
  list: participantProcedure.query(({ ctx }) => listMine(ctx.deps, ctx.participant)),
  cancel: participantProcedure
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => cancelWithdrawal(ctx.deps, ctx.participant, input.id)),
});
