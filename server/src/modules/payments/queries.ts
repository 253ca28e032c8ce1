import type { Prisma as P } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { participantWhere } from '../participants/where.ts';
import type { InvoiceFilter, TonTransferFilter } from './schemas.ts';

export { participantWhere };

/** Invoices for the back office, newest first and paged, with who pays and the order they pay for. */
export async function listInvoices(deps: AppDeps, filter: InvoiceFilter) {
  const where: P.InvoiceWhereInput = {
    id: filter.id,
    status: filter.status,
    currency: filter.currency,
    participant: participantWhere(filter.participant),
    createdAt: filter.from || filter.to ? { gte: filter.from, lt: filter.to } : undefined,
  };
  const [rows, total] = await Promise.all([
    deps.prisma.invoice.findMany({
      where,
      orderBy: [{ [filter.sort.by]: filter.sort.dir }, { id: filter.sort.dir }],
      skip: (filter.page - 1) * filter.limit,
      take: filter.limit,
      include: {
        participant: { select: { telegramId: true, firstName: true, username: true } },
        order: { select: { id: true, status: true, productId: true, product: { select: { title: true } } } },
      },
    }),
    deps.prisma.invoice.count({ where }),
  ]);
  const items = rows.map((i) => ({
    id: i.id,
    status: i.status,
    currency: i.currency,
    amount: i.amount.toString(),
    paidAmount: i.paidAmount.toString(),
    purpose: i.purpose,
    createdAt: i.createdAt.toISOString(),
    paidAt: i.paidAt?.toISOString() ?? null,
    refundedAt: i.refundedAt?.toISOString() ?? null,
    participant: { telegramId: i.participant.telegramId.toString(), name: i.participant.firstName, username: i.participant.username },
    order: i.order ? { id: i.order.id, status: i.order.status, productId: i.order.productId, productTitle: i.order.product.title as { en: string; ru: string } } : null,
  }));
  return { items, total, page: filter.page, limit: filter.limit };
}

/** Incoming TON as the watcher recorded it, unmatched ones (unknown reference, bounces) included. */
export async function listTonTransfers(deps: AppDeps, filter: TonTransferFilter) {
  const rows = await deps.prisma.tonTransfer.findMany({ where: { outcome: filter.outcome }, orderBy: { lt: 'desc' }, take: filter.limit });
  return rows.map((r) => ({
    hash: r.hash,
    lt: r.lt.toString(),
    source: r.source,
    amount: r.amount.toString(),
    comment: r.comment,
    aborted: r.aborted,
    invoiceId: r.invoiceId,
    outcome: r.outcome,
    participantId: r.participantId,
    txTime: r.txTime.toISOString(),
    createdAt: r.createdAt.toISOString(),
    // A return's progress (null unless an admin chose to return it): sent, confirmed with the outgoing hash, or why it failed.
    returnStatus: r.returnStatus,
    returnAttempts: r.returnAttempts,
    returnSentAt: r.returnSentAt?.toISOString() ?? null,
    returnTxHash: r.returnTxHash,
    returnFailReason: r.returnFailReason,
    returnedAt: r.returnedAt?.toISOString() ?? null,
  }));
}
