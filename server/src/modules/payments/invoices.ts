import type { Participant } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';
import { releaseStock } from './fulfilment.ts';
import { invoiceView } from './views.ts';
import { pick, type Lang } from '../../lib/localized.ts';

export async function invoiceOf(deps: AppDeps, me: Participant, id: string) {
  const inv = await deps.prisma.invoice.findUnique({ where: { id }, include: { order: { include: { product: true } } } });
  if (!inv || inv.participantId !== me.id) throw new DomainError(AppCodes.INVOICE_NOT_FOUND, 'NOT_FOUND', 'Invoice not found.');
  return invoiceView(inv, deps.config, {
    order: inv.order,
    productTitle: inv.order ? pick(inv.order.product.title, me.language as Lang) : undefined,
  });
}

/** Lapses unpaid invoices past their expiry and gives their reserved stock back. */
export async function expireInvoices(deps: AppDeps, batch = 200): Promise<number> {
  const now = deps.clock.now();
  return inTx(deps.prisma, async (tx) => {
    // SKIP LOCKED: several workers can run this at once without waiting on each other.
    const due = await tx.$queryRawUnsafe<{ id: string }[]>(
      `SELECT id FROM "Invoice" WHERE status IN ('PENDING', 'UNDERPAID') AND "expiresAt" <= $1
        ORDER BY "expiresAt" LIMIT $2 FOR UPDATE SKIP LOCKED`,
      now,
      batch,
    );
    for (const { id } of due) {
      await tx.invoice.update({ where: { id }, data: { status: 'EXPIRED', updatedAt: now } });
      const order = await tx.order.findUnique({ where: { invoiceId: id } });
      if (order && order.status === 'PENDING') {
        await tx.order.update({ where: { id: order.id }, data: { status: 'CANCELLED' } });
        await releaseStock(tx, order.productId);
      }
      await audit(tx, { action: 'invoice.expired', subjectType: 'invoice', subjectId: id });
    }
    return due.length;
  });
}
