import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { audit } from '../audit/service.ts';
import { releaseStock } from './fulfilment.ts';

/** Cancels a still-pending invoice (the provider could not start it) and frees its stock. */
export async function cancelInvoice(deps: AppDeps, invoiceId: string, reason: string) {
  await inTx(deps.prisma, async (tx) => {
    const n = await tx.invoice.updateMany({ where: { id: invoiceId, status: 'PENDING' }, data: { status: 'CANCELLED' } });
    if (n.count === 0) return;
    const order = await tx.order.findUnique({ where: { invoiceId } });
    if (order) {
      await tx.order.update({ where: { id: order.id }, data: { status: 'CANCELLED' } });
      await releaseStock(tx, order.productId);
    }
    await audit(tx, { action: 'invoice.cancelled', subjectType: 'invoice', subjectId: invoiceId, data: { reason } });
  });
}
