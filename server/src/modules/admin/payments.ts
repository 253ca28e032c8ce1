import { z } from 'zod';
import { adminProcedure, router } from '../../trpc.ts';
import { refundStars } from '../payments/stars.ts';
import { currency } from '../ledger/currencies.ts';

const invoiceStatus = z.enum(['PENDING', 'PAID', 'EXPIRED', 'UNDERPAID', 'REFUNDED', 'CANCELLED']);

export const adminPaymentsRouter = router({
  invoices: adminProcedure('FINANCE', 'ADMIN')
    .input(z.object({ status: invoiceStatus.optional(), currency: currency.optional(), limit: z.number().int().min(1).max(200).default(50) }))
    .query(async ({ ctx, input }) => {
      const rows = await ctx.deps.prisma.invoice.findMany({
        where: { status: input.status, currency: input.currency },
        orderBy: { createdAt: 'desc' },
        take: input.limit,
        include: { participant: { select: { telegramId: true, firstName: true, username: true } }, order: { select: { id: true, status: true, productId: true } } },
      });
      return rows.map((i) => ({
        id: i.id,
        status: i.status,
        currency: i.currency,
        amount: i.amount.toString(),
        paidAmount: i.paidAmount.toString(),
        purpose: i.purpose,
        createdAt: i.createdAt.toISOString(),
        paidAt: i.paidAt?.toISOString() ?? null,
        participant: { telegramId: i.participant.telegramId.toString(), name: i.participant.firstName, username: i.participant.username },
        order: i.order,
      }));
    }),
  /** Incoming TON the watcher could not match (unknown reference, bounces): nothing is lost. */
  tonTransfers: adminProcedure('FINANCE', 'ADMIN')
    .input(z.object({ outcome: z.string().max(32).optional(), limit: z.number().int().min(1).max(200).default(50) }))
    .query(async ({ ctx, input }) => {
      const rows = await ctx.deps.prisma.tonTransfer.findMany({ where: { outcome: input.outcome }, orderBy: { lt: 'desc' }, take: input.limit });
      return rows.map((r) => ({ ...r, lt: r.lt.toString(), amount: r.amount.toString(), txTime: r.txTime.toISOString(), createdAt: r.createdAt.toISOString() }));
    }),
  refund: adminProcedure('FINANCE')
    .input(z.object({ invoiceId: z.string().regex(/^[a-z0-9]{6,32}$/), reason: z.string().min(3).max(500) }))
    .mutation(({ ctx, input }) => refundStars(ctx.deps, ctx.participant.id, input.invoiceId, input.reason)),
});
