import type { Invoice, Product } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';
import { audit } from '../audit/service.ts';
import { notifyLater } from '../notifications/service.ts';
import { emit } from '../events/emit.ts';
import { pick, type Lang } from '../tasks/config.ts';
import { deliver, undeliver } from '../shop/delivery.ts';
import { releaseStock, reserveStock } from '../shop/service.ts';
import { paymentText } from './messages.ts';

/** createInvoiceLink in Telegram Stars (XTR), the invoice id as payload. A failure cancels the invoice. */
export async function createStarsLink(deps: AppDeps, invoice: Invoice, product: Product, lang: Lang): Promise<string> {
  try {
    const link = await deps.telegram.createInvoiceLink(
      pick(product.title, lang).slice(0, 32),
      pick(product.description, lang).slice(0, 255) || pick(product.title, lang),
      invoice.id,
      '',
      'XTR',
      [{ label: pick(product.title, lang).slice(0, 32), amount: Number(invoice.amount) }],
    );
    await deps.prisma.invoice.update({ where: { id: invoice.id }, data: { invoiceLink: link } });
    return link;
  } catch {
    await cancelInvoice(deps, invoice.id, 'provider_failed');
    throw new DomainError(AppCodes.PAYMENT_PROVIDER_FAILED, 'BAD_GATEWAY', 'Telegram could not create the payment. Please try again.');
  }
}

async function cancelInvoice(deps: AppDeps, invoiceId: string, reason: string) {
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

export interface PreCheckout {
  id: string;
  from: { id: number; language_code?: string };
  currency: string;
  total_amount: number;
  invoice_payload: string;
}

/** Re-validates an invoice before Telegram charges: exists, pending, unexpired, same payer and amount. */
export async function checkPreCheckout(deps: AppDeps, q: PreCheckout): Promise<{ ok: true } | { ok: false; error: string }> {
  const lang: Lang = q.from.language_code?.startsWith('ru') ? 'ru' : 'en';
  const inv = await deps.prisma.invoice.findUnique({ where: { id: q.invoice_payload }, include: { participant: true } });
  if (!inv) return { ok: false, error: paymentText.unknown(lang) };
  const l = (inv.participant.language === 'ru' ? 'ru' : 'en') as Lang;
  if (inv.participant.telegramId !== BigInt(q.from.id)) return { ok: false, error: paymentText.notYours(l) };
  if (inv.status !== 'PENDING') return { ok: false, error: paymentText.notPending(l) };
  if (inv.expiresAt <= deps.clock.now()) return { ok: false, error: paymentText.expired(l) };
  if (q.currency !== 'XTR' || inv.currency !== 'STARS' || BigInt(q.total_amount) !== inv.amount) {
    return { ok: false, error: paymentText.changed(l) };
  }
  return { ok: true };
}

export async function answerPreCheckout(deps: AppDeps, q: PreCheckout): Promise<void> {
  const res = await checkPreCheckout(deps, q);
  if (res.ok) await deps.telegram.answerPreCheckoutQuery(q.id, true);
  else await deps.telegram.answerPreCheckoutQuery(q.id, false, { error_message: res.error });
}

export interface SuccessfulPayment {
  currency: string;
  total_amount: number;
  invoice_payload: string;
  telegram_payment_charge_id: string;
  provider_payment_charge_id?: string;
}

export type SettleOutcome = 'settled' | 'duplicate' | 'credited' | 'unknown';

/**
 * Settles a Stars payment exactly once, keyed by telegram_payment_charge_id: the Stars arrive on
 * the payer's balance, pay the invoice, and the order is delivered. Repeats change nothing.
 */
export async function settleStarsPayment(deps: AppDeps, fromId: number, pay: SuccessfulPayment): Promise<SettleOutcome> {
  const now = deps.clock.now();
  const res = await inTx(deps.prisma, async (tx) => {
    const inv = await tx.invoice.findUnique({ where: { id: pay.invoice_payload } });
    const payer = await tx.participant.findUnique({ where: { telegramId: BigInt(fromId) } });
    if (!payer) return { outcome: 'unknown' as const };
    const amount = BigInt(pay.total_amount);
    const charge = pay.telegram_payment_charge_id;
    const received = await transfer(tx, {
      key: `stars:${charge}:in`,
      debit: { system: SystemAccount.EXTERNAL },
      credit: { participantId: payer.id },
      currency: 'STARS',
      amount,
      kind: 'STARS_PAYMENT',
      reference: `charge:${charge}`,
      meta: { invoiceId: pay.invoice_payload, provider: pay.provider_payment_charge_id ?? null },
    });
    if (!received.created) return { outcome: 'duplicate' as const };
    await audit(tx, { actorId: payer.id, action: 'stars.received', subjectType: 'invoice', subjectId: pay.invoice_payload, data: { charge, amount } });
    if (!inv || inv.participantId !== payer.id || inv.currency !== 'STARS' || !['PENDING', 'EXPIRED'].includes(inv.status)) {
      // Not an invoice we can fulfil: the Stars stay on the payer's balance, visible to admins.
      return { outcome: 'credited' as const };
    }
    const order = await tx.order.findUnique({ where: { invoiceId: inv.id }, include: { product: true } });
    if (!order || amount < inv.amount) return { outcome: 'credited' as const };
    if (inv.status === 'EXPIRED') {
      // Paid after the reservation lapsed: take stock again if any is left.
      try {
        await reserveStock(tx, order.product);
      } catch {
        return { outcome: 'credited' as const };
      }
    }
    await transfer(tx, {
      key: `stars:${charge}:pay`,
      debit: { participantId: payer.id },
      credit: { system: SystemAccount.REVENUE },
      currency: 'STARS',
      amount: inv.amount,
      kind: 'PURCHASE',
      reference: `order:${order.id}`,
    });
    await tx.invoice.update({
      where: { id: inv.id },
      data: { status: 'PAID', paidAt: now, paidAmount: amount, telegramChargeId: charge, providerChargeId: pay.provider_payment_charge_id ?? null },
    });
    await deliver(tx, order, order.product, now);
    await audit(tx, { actorId: payer.id, action: 'order.paid', subjectType: 'invoice', subjectId: inv.id, data: { orderId: order.id, charge } });
    await emit(tx, 'purchase.paid', { participantId: payer.id, orderId: order.id }, { key: `order:${order.id}:paid` });
    const title = order.product.title;
    await notifyLater(tx, payer.id, (l) => paymentText.paid(pick(title, l), `${inv.amount} ⭐`)(l), `order:${order.id}:paid`);
    return { outcome: 'settled' as const };
  });
  return res.outcome;
}

/**
 * Refunds a paid Stars invoice: takes back the delivery (refused if points were already spent),
 * reverses the ledger and asks Telegram to return the Stars. All or nothing.
 */
export async function refundStars(deps: AppDeps, adminId: number, invoiceId: string, reason: string) {
  const now = deps.clock.now();
  await inTx(deps.prisma, async (tx) => {
    const [locked] = await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM "Invoice" WHERE id = $1 FOR UPDATE`, invoiceId);
    if (!locked) throw new DomainError(AppCodes.INVOICE_NOT_FOUND, 'NOT_FOUND', 'Invoice not found.');
    const inv = await tx.invoice.findUniqueOrThrow({ where: { id: invoiceId }, include: { participant: true, order: { include: { product: true } } } });
    if (inv.currency !== 'STARS' || inv.status !== 'PAID' || !inv.telegramChargeId) {
      throw new DomainError(AppCodes.NOT_REFUNDABLE, 'PRECONDITION_FAILED', 'Only paid Stars invoices can be refunded.');
    }
    if (inv.order && inv.order.status === 'FULFILLED') await undeliver(tx, inv.order, inv.order.product, now);
    const charge = inv.telegramChargeId;
    await transfer(tx, {
      key: `stars:${charge}:refund-pay`,
      debit: { system: SystemAccount.REVENUE },
      credit: { participantId: inv.participantId },
      currency: 'STARS',
      amount: inv.amount,
      kind: 'REFUND',
      reference: `invoice:${inv.id}`,
    });
    await transfer(tx, {
      key: `stars:${charge}:refund-out`,
      debit: { participantId: inv.participantId },
      credit: { system: SystemAccount.EXTERNAL },
      currency: 'STARS',
      amount: inv.paidAmount,
      kind: 'STARS_REFUND',
      reference: `charge:${charge}`,
    });
    await tx.invoice.update({ where: { id: inv.id }, data: { status: 'REFUNDED', refundedAt: now } });
    await audit(tx, { actorId: adminId, action: 'invoice.refunded', subjectType: 'invoice', subjectId: inv.id, data: { reason, charge } });
    const title = inv.order?.product.title ?? { en: inv.purpose, ru: inv.purpose };
    await notifyLater(tx, inv.participantId, (l) => paymentText.refunded(pick(title, l))(l), `invoice:${inv.id}:refunded`);
    // Telegram last, inside the transaction: if it refuses, nothing above is kept. A refund Telegram already
    // made (a retry after a crash) answers CHARGE_ALREADY_REFUNDED, which counts as done.
    try {
      await deps.telegram.refundStarPayment(Number(inv.participant.telegramId), charge);
    } catch (e) {
      if (!/CHARGE_ALREADY_REFUNDED/i.test(String((e as Error).message))) {
        throw new DomainError(AppCodes.PAYMENT_PROVIDER_FAILED, 'BAD_GATEWAY', `Telegram refused the refund: ${(e as Error).message}`);
      }
    }
  });
  return { id: invoiceId, status: 'REFUNDED' as const };
}
