import type { Currency, Invoice } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer, type Tx } from '../ledger/service.ts';
import { audit } from '../audit/service.ts';
import { notify } from '../notifications/service.ts';
import { claimSystemTasks } from '../tasks/system.ts';
import { pick, type Lang } from '../tasks/config.ts';
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

/** What must happen once the settlement is committed. */
export interface AfterSettlement {
  participantId: number;
  purchased: boolean;
  message: ((l: Lang) => string) | null;
}

export interface Settlement {
  outcome: SettleOutcome;
  after: AfterSettlement | null;
}

const PAYABLE: Invoice['status'][] = ['PENDING', 'UNDERPAID', 'EXPIRED'];

/**
 * The one settlement of every method, inside the caller's transaction: credit what arrived, reserve
 * the stock again if the invoice had expired, pay the price to the method's revenue account, mark the
 * invoice paid and deliver the order. Every step is keyed, so a repeat changes nothing.
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
    if (!received.created) return { outcome: 'duplicate', after: null };
  }
  const [locked] = await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM "Invoice" WHERE id = $1 FOR UPDATE`, pay.invoiceId);
  const inv = locked ? await tx.invoice.findUniqueOrThrow({ where: { id: pay.invoiceId }, include: { order: { include: { product: true } } } }) : null;
  if (!inv || inv.participantId !== pay.payerId || inv.currency !== pay.currency) return { outcome: 'credited', after: null };
  const arrived = pay.arrival?.amount ?? inv.amount;
  // A method whose payments add up keeps the running total, also of late ones (visible to admins).
  const paidAmount = method.acceptsPartial ? inv.paidAmount + arrived : arrived;
  const keepTotal = async () => {
    if (method.acceptsPartial) await tx.invoice.update({ where: { id: inv.id }, data: { paidAmount } });
  };
  const order = inv.order;
  if (!PAYABLE.includes(inv.status) || !order) {
    await keepTotal();
    return { outcome: 'late', after: null };
  }
  if (paidAmount < inv.amount) {
    if (!method.acceptsPartial) return { outcome: 'underpaid', after: null };
    await tx.invoice.update({ where: { id: inv.id }, data: { paidAmount, status: inv.status === 'EXPIRED' ? 'EXPIRED' : 'UNDERPAID' } });
    const got = method.format(arrived);
    const need = method.format(inv.amount);
    return { outcome: 'underpaid', after: { participantId: inv.participantId, purchased: false, message: paymentText.underpaid(got, need) } };
  }
  if (inv.status === 'EXPIRED') {
    // Paid after the reservation lapsed: take stock again if any is left.
    try {
      await reserveStock(tx, order.product);
    } catch {
      await keepTotal();
      return { outcome: 'late', after: null };
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
  const title = order.product.title;
  return {
    outcome: paidAmount > inv.amount ? 'overpaid' : 'paid',
    after: {
      participantId: inv.participantId,
      purchased: true,
      message: method.confirmsByMessage ? (l) => paymentText.paid(pick(title, l), method.format(inv.amount))(l) : null,
    },
  };
}

/** The work that follows a committed settlement: system tasks for a purchase, the payer's message. */
export async function afterSettlement(deps: AppDeps, after: AfterSettlement | null): Promise<void> {
  if (!after) return;
  // after-commit: becomes events (purchase.paid → claimSystemTasks, payment message → notify)
  if (after.purchased) await claimSystemTasks(deps, after.participantId, 'PURCHASE');
  if (after.message) await notify(deps, after.participantId, after.message);
}
