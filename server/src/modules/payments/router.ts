import { z } from 'zod';
import { participantProcedure, router } from '../../trpc.ts';
import { invoiceOf } from './invoices.ts';

export const paymentsRouter = router({
  invoice: participantProcedure
    .input(z.object({ id: z.string().regex(/^[a-z0-9]{6,32}$/, 'must be an invoice id') }))
    .query(({ ctx, input }) => invoiceOf(ctx.deps, ctx.participant, input.id)),
});
