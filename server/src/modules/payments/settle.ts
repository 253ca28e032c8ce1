import type { Currency, Invoice } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer, type Tx } from '../ledger/service.ts';
import { audit } from '../audit/service.ts';
import { emit } from '../events/emit.ts';
import { notifyLater } from '../notifications/service.ts';
import { pick } from '../../lib/localized.ts';
import { deliver, reserveStock } from './fulfilment.ts';
import { methodFor } from './methods/index.ts';
import { paymentText } from './messages.ts';

/** A payment for an invoice, as its source (checkout, Telegram, the chain) reports it. */
export interface Payment {
  invoiceId: string;
  payerId: number;
  currency: Currency;
  /** What arrived from outside, credited EXTERNAL → payer first; absent when the payer already holds it (points). */
  arrival?: { key: string; amount: bigint; reference: string; meta?: Record<string, unknown> };
  /** Ledger key of paying the price from the payer's balance (formats recorded so far must not change). */
  payKey: string;
  /** Recorded on the invoice when it is paid (Stars: the charge ids). */
  paidFields?: Partial<Pick<Invoice, 'telegramChargeId' | 'providerChargeId'>>;
  auditData?: Record<string, unknown>;
}

/**
 * duplicate: this arrival was settled before, nothing changed. credited: it arrived but is not for an
 * invoice this payer can pay with this currency. late: the invoice can no longer be paid (paid, cancelled,
 * or expired and sold out); the money stays on the balance. underpaid: not enough yet.
 */
export type SettleOutcome = 'paid' | 'overpaid' | 'underpaid' | 'late' | 'credited' | 'duplicate';

export interface Settlement {
  outcome: SettleOutcome;
}

const PAYABLE: Invoice['status'][] = ['PENDING', 'UNDERPAID', 'EXPIRED'];

/**
 * The one settlement of every method, inside the caller's transaction: credit what arrived, reserve
 * the stock again if the invoice had expired, pay the price to the method's revenue account, mark the
 * invoice paid and deliver the order. Every step is keyed, so a repeat changes nothing. What follows
 * (the purchase's system tasks, the payer's message) is written as events in the same transaction.
 */
export async function settleInvoice(tx: Tx, deps: Pick<AppDeps, 'clock'>, pay: Payment): Promise<Settlement> {
  const now = deps.clock.now();
  const method = methodFor(pay.currency);
  if (pay.arrival) {
    const received = await transfer(tx, {
      key: pay.arrival.key,
      debit: { system: SystemAccount.EXTERNAL },
      credit: { participantId: pay.payerId },
      currency: pay.currency,
      amount: pay.arrival.amount,
      kind: method.arrivalKind ?? 'PAYMENT',
      reference: pay.arrival.reference,
      meta: { invoiceId: pay.invoiceId, ...pay.arrival.meta },
    });
    if (!received.created) return { outcome: 'duplicate' };
  }
  const [locked] = await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM "Invoice" WHERE id = $1 FOR UPDATE`, pay.invoiceId);
  const inv = locked ? await tx.invoice.findUniqueOrThrow({ where: { id: pay.invoiceId }, include: { order: { include: { product: true } } } }) : null;
  if (!inv || inv.participantId !== pay.payerId || inv.currency !== pay.currency) return { outcome: 'credited' };
  const arrived = pay.arrival?.amount ?? inv.amount;
  // A method whose payments add up keeps the running total, also of late ones (visible to admins).
  const paidAmount = method.acceptsPartial ? inv.paidAmount + arrived : arrived;
  const keepTotal = async () => {
    if (method.acceptsPartial) await tx.invoice.update({ where: { id: inv.id }, data: { paidAmount } });
  };
  const order = inv.order;
  if (!PAYABLE.includes(inv.status) || !order) {
    await keepTotal();
    return { outcome: 'late' };
  }
  if (paidAmount < inv.amount) {
    if (!method.acceptsPartial) return { outcome: 'underpaid' };
    await tx.invoice.update({ where: { id: inv.id }, data: { paidAmount, status: inv.status === 'EXPIRED' ? 'EXPIRED' : 'UNDERPAID' } });
    const got = method.format(arrived);
    const need = method.format(inv.amount);
    // Keyed by the arrival: each short payment is told once.
    await notifyLater(tx, inv.participantId, paymentText.underpaid(got, need), `${pay.arrival?.key ?? inv.id}:underpaid`);
    return { outcome: 'underpaid' };
  }
  if (inv.status === 'EXPIRED') {
    // Paid after the reservation lapsed: take stock again if any is left.
    try {
      await reserveStock(tx, order.product);
    } catch {
      await keepTotal();
      return { outcome: 'late' };
    }
  }
  await transfer(tx, {
    key: pay.payKey,
    debit: { participantId: inv.participantId },
    credit: { system: method.revenue },
    currency: inv.currency,
    amount: inv.amount,
    kind: 'PURCHASE',
    reference: `order:${order.id}`,
  });
  await tx.invoice.update({ where: { id: inv.id }, data: { status: 'PAID', paidAt: now, paidAmount, ...pay.paidFields } });
  await deliver(tx, order, order.product, now);
  await audit(tx, {
    actorId: inv.participantId,
    action: 'order.paid',
    subjectType: 'invoice',
    subjectId: inv.id,
    data: { orderId: order.id, productId: order.productId, currency: inv.currency, amount: inv.amount, ...pay.auditData },
  });
  // An order is paid once, so its key makes a repeat of these two a no-op.
  await emit(tx, 'purchase.paid', { participantId: inv.participantId, orderId: order.id }, { key: `order:${order.id}:paid` });
  if (method.confirmsByMessage) {
    const title = order.product.title;
    await notifyLater(tx, inv.participantId, (l) => paymentText.paid(pick(title, l), method.format(inv.amount))(l), `order:${order.id}:paid`);
  }
  return { outcome: paidAmount > inv.amount ? 'overpaid' : 'paid' };
}
