import { z } from 'zod';
import { lines } from '../../lib/schemas.ts';
import { adminProcedure, router } from '../../trpc.ts';
import { listInvoices, listTonTransfers } from './queries.ts';
import { resolveTon } from './resolve-ton.ts';
import { invoiceFilterSchema, invoiceIdSchema, resolveTonSchema, tonTransferFilterSchema } from './schemas.ts';
import { botStarBalance } from './star-balance.ts';
import { refundStars } from './stars.ts';

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
  starBalance: adminProcedure('payments.view').query(({ ctx }) => botStarBalance(ctx.deps)),
});
