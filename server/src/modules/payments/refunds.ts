import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';
import { notifyLater } from '../notifications/service.ts';
import { pick } from '../../lib/localized.ts';
import { undeliver } from './fulfilment.ts';
import { methodFor } from './methods/index.ts';
import { paymentText } from './messages.ts';

/**
 * Refunds a paid invoice through its method: takes back the delivery (refused if points were already
 * spent), and the method reverses the ledger and returns the money. All or nothing.
 */
export async function refundInvoice(deps: AppDeps, adminId: number, invoiceId: string, reason: string) {
  const now = deps.clock.now();
  await inTx(deps.prisma, async (tx) => {
    const [locked] = await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM "Invoice" WHERE id = $1 FOR UPDATE`, invoiceId);
    if (!locked) throw new DomainError(AppCodes.INVOICE_NOT_FOUND, 'NOT_FOUND', 'Invoice not found.');
    const inv = await tx.invoice.findUniqueOrThrow({ where: { id: invoiceId }, include: { participant: true, order: { include: { product: true } } } });
    const method = methodFor(inv.currency);
    if (inv.status !== 'PAID' || !method.refund) {
      throw new DomainError(AppCodes.NOT_REFUNDABLE, 'PRECONDITION_FAILED', 'Only paid invoices of a method that supports refunds (Stars) can be refunded.');
    }
    if (inv.order && inv.order.status === 'FULFILLED') await undeliver(tx, inv.order, inv.order.product, now);
    await tx.invoice.update({ where: { id: inv.id }, data: { status: 'REFUNDED', refundedAt: now } });
    await audit(tx, { actorId: adminId, action: 'invoice.refunded', subjectType: 'invoice', subjectId: inv.id, data: { reason, charge: inv.telegramChargeId } });
    const title = inv.order?.product.title ?? { en: inv.purpose, ru: inv.purpose };
    await notifyLater(tx, inv.participantId, (l) => paymentText.refunded(pick(title, l))(l), `invoice:${inv.id}:refunded`);
    // The provider last, inside the transaction: if it refuses, nothing above is kept.
    await method.refund(deps, tx, inv);
  });
  return { id: invoiceId, status: 'REFUNDED' as const };
}
