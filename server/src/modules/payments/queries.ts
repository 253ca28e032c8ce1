import type { AppDeps } from '../../context.ts';
import type { InvoiceFilter, TonTransferFilter } from './schemas.ts';

/** Invoices for the back office, newest first, with who pays and the order they pay for. */
export async function listInvoices(deps: AppDeps, filter: InvoiceFilter) {
  const rows = await deps.prisma.invoice.findMany({
    where: { status: filter.status, currency: filter.currency },
    orderBy: { createdAt: 'desc' },
    take: filter.limit,
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
}

/** Incoming TON as the watcher recorded it, unmatched ones (unknown reference, bounces) included. */
export async function listTonTransfers(deps: AppDeps, filter: TonTransferFilter) {
  const rows = await deps.prisma.tonTransfer.findMany({ where: { outcome: filter.outcome }, orderBy: { lt: 'desc' }, take: filter.limit });
  return rows.map((r) => ({ ...r, lt: r.lt.toString(), amount: r.amount.toString(), txTime: r.txTime.toISOString(), createdAt: r.createdAt.toISOString() }));
}
