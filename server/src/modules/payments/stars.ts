import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { audit } from '../audit/service.ts';
import type { Lang } from '../../lib/localized.ts';
import { paymentText } from './messages.ts';
import { refundInvoice } from './refunds.ts';
import { settleInvoice, type Settlement } from './settle.ts';

/** Telegram's side of Stars: pre-checkout re-validation and `successful_payment`, adapted to the one settlement. */

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

/** The settlement's outcome as the Stars flow names it: what is not settled stays on the payer's balance. */
const STARS_OUTCOME: Record<Settlement['outcome'], SettleOutcome> = {
  paid: 'settled',
  overpaid: 'settled',
  duplicate: 'duplicate',
  underpaid: 'credited',
  late: 'credited',
  credited: 'credited',
};

/**
 * Settles a Stars payment exactly once, keyed by telegram_payment_charge_id: the Stars arrive on
 * the payer's balance, pay the invoice, and the order is delivered. Repeats change nothing.
 */
export async function settleStarsPayment(deps: AppDeps, fromId: number, pay: SuccessfulPayment): Promise<SettleOutcome> {
  const charge = pay.telegram_payment_charge_id;
  const res = await inTx(deps.prisma, async (tx) => {
    const payer = await tx.participant.findUnique({ where: { telegramId: BigInt(fromId) } });
    if (!payer) return 'unknown' as const;
    const amount = BigInt(pay.total_amount);
    const s = await settleInvoice(tx, deps, {
      invoiceId: pay.invoice_payload,
      payerId: payer.id,
      currency: 'STARS',
      arrival: { key: `stars:${charge}:in`, amount, reference: `charge:${charge}`, meta: { provider: pay.provider_payment_charge_id ?? null } },
      payKey: `stars:${charge}:pay`,
      paidFields: { telegramChargeId: charge, providerChargeId: pay.provider_payment_charge_id ?? null },
      auditData: { charge },
    });
    if (s.outcome !== 'duplicate') {
      await audit(tx, { actorId: payer.id, action: 'stars.received', subjectType: 'invoice', subjectId: pay.invoice_payload, data: { charge, amount } });
    }
    return STARS_OUTCOME[s.outcome];
  });
  return res;
}

/** Refunds a paid Stars invoice (see refundInvoice; the Stars method returns the Stars through Telegram). */
export const refundStars = refundInvoice;
