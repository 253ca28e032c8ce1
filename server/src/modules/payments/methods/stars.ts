import type { Invoice, Product } from '../../../generated/prisma/client.ts';
import type { AppDeps } from '../../../context.ts';
import { AppCodes, DomainError } from '../../../lib/errors.ts';
import { SystemAccount } from '../../ledger/accounts.ts';
import { transfer } from '../../ledger/service.ts';
import { pick, type Lang } from '../../../lib/localized.ts';
import { cancelInvoice } from '../cancel.ts';
import type { PaymentMethod } from './types.ts';

/**
 * createInvoiceLink in Telegram Stars (XTR), the invoice id as payload. A failure cancels the invoice.
 * A link already made for the invoice is reused, so a retried purchase does not ask Telegram twice.
 */
async function createStarsLink(deps: AppDeps, invoice: Invoice, product: Product, lang: Lang): Promise<Invoice> {
  if (invoice.invoiceLink || invoice.status !== 'PENDING') return invoice;
  let link: string;
  try {
    link = await deps.telegram.createInvoiceLink(
      pick(product.title, lang).slice(0, 32),
      pick(product.description, lang).slice(0, 255) || pick(product.title, lang),
      invoice.id,
      '',
      'XTR',
      [{ label: pick(product.title, lang).slice(0, 32), amount: Number(invoice.amount) }],
    );
  } catch {
    await cancelInvoice(deps, invoice.id, 'provider_failed');
    throw new DomainError(AppCodes.PAYMENT_PROVIDER_FAILED, 'BAD_GATEWAY', 'Telegram could not create the payment. Please try again.');
  }
  // Two racing retries may both ask Telegram; the first link stored is the one both answer with.
  await deps.prisma.invoice.updateMany({ where: { id: invoice.id, invoiceLink: null }, data: { invoiceLink: link } });
  return deps.prisma.invoice.findUniqueOrThrow({ where: { id: invoice.id } });
}

/** Telegram Stars: an invoice link opened in the Mini App; `successful_payment` (../stars.ts) settles it. */
export const starsMethod: PaymentMethod = {
  currency: 'STARS',
  available: () => true,
  unavailableNotice: () => null,
  invoiceTtlMinutes: (config) => config.stars.invoiceTtlMinutes,
  settlesAtOnce: false,
  arrivalKind: 'STARS_PAYMENT',
  acceptsPartial: false,
  revenue: SystemAccount.REVENUE,
  confirmsByMessage: true,
  format: (amount) => `${amount} ⭐`,
  invoiceFields: () => ({}),
  payWith: (inv) => ({ stars: { invoiceLink: inv.invoiceLink } }),
  start: createStarsLink,
  /** Reverses the ledger under the charge's keys, then asks Telegram to return the Stars (last: a refusal undoes all). */
  async refund(deps, tx, inv) {
    const charge = inv.telegramChargeId;
    if (!charge) throw new DomainError(AppCodes.NOT_REFUNDABLE, 'PRECONDITION_FAILED', 'This payment has no Telegram charge to refund.');
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
    // A refund Telegram already made (a retry after a crash) answers CHARGE_ALREADY_REFUNDED, which counts as done.
    try {
      await deps.telegram.refundStarPayment(Number(inv.participant.telegramId), charge);
    } catch (e) {
      if (!/CHARGE_ALREADY_REFUNDED/i.test(String((e as Error).message))) {
        throw new DomainError(AppCodes.PAYMENT_PROVIDER_FAILED, 'BAD_GATEWAY', `Telegram refused the refund: ${(e as Error).message}`);
      }
    }
  },
};
