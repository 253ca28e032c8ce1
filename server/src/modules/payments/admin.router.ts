import { z } from 'zod';
import { lines } from '../../lib/schemas.ts';
import { adminProcedure, router } from '../../trpc.ts';
import { listInvoices, listTonTransfers } from './queries.ts';
import { resolveTon } from './resolve-ton.ts';
import { invoiceFilterSchema, invoiceIdSchema, resolveTonSchema, tonHashSchema, tonTransferFilterSchema } from './schemas.ts';
import { botStarBalance } from './star-balance.ts';
import { refundStars } from './stars.ts';
import { retryTonReturn } from './ton-return.ts';

/** Back office: invoices, incoming TON and Stars refunds. */
export const adminPaymentsRouter = router({
  invoices: adminProcedure('payments.view')
    .input(invoiceFilterSchema)
    .query(({ ctx, input }) => listInvoices(ctx.deps, input)),
  /** Incoming TON the watcher could not match (unknown reference, bounces): nothing is lost. */
  tonTransfers: adminProcedure('payments.view')
    .input(tonTransferFilterSchema)
    .query(({ ctx, input }) => listTonTransfers(ctx.deps, input)),
  refund: adminProcedure('payments.refund')
    .input(z.object({ invoiceId: invoiceIdSchema, reason: lines(500).min(3) }))
    .mutation(({ ctx, input }) => refundStars(ctx.deps, ctx.participant.id, input.invoiceId, input.reason)),
  resolveTon: adminProcedure('payments.resolve')
    .input(resolveTonSchema)
    .mutation(({ ctx, input }) => resolveTon(ctx.deps, ctx.participant.id, input)),
  /** Sends a failed return of unmatched TON again (or one marked before returns were sent by the worker). */
  retryTonReturn: adminProcedure('payments.resolve')
    .input(z.object({ id: tonHashSchema }))
    .mutation(({ ctx, input }) => retryTonReturn(ctx.deps, ctx.participant.id, input.id)),
  starBalance: adminProcedure('payments.view').query(({ ctx }) => botStarBalance(ctx.deps)),
});
