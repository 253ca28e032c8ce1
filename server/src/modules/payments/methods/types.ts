import type { Currency, Invoice, Product } from '../../../generated/prisma/client.ts';
import type { AppDeps } from '../../../context.ts';
import type { Config } from '../../../config.ts';
import type { SystemCode } from '../../ledger/accounts.ts';
import type { Tx } from '../../ledger/service.ts';
import type { Lang } from '../../../lib/localized.ts';

/** What the Mini App needs to pay an invoice: one entry per method that pays outside the app. */
export interface PayWith {
  stars: { invoiceLink: string | null } | null;
  ton: { address: string; amount: string; comment: string; payload: string } | null;
}

/**
 * One way to pay, one per currency. The checkout, the settlement and the listings ask the method;
 * none of them switches on a currency. Adding a currency: a file here, its config, a migration, strings.
 */
export interface PaymentMethod {
  readonly currency: Currency;
  /** Whether participants can pay with it now (TON needs a treasury). */
  available(config: Config): boolean;
  /** Why it is not available, for the listing; null when it is. */
  unavailableNotice(config: Config): string | null;
  /** How long an unpaid invoice holds its reserved stock; 0 when it is paid at checkout. */
  invoiceTtlMinutes(config: Config): number;
  /** Paid from the balance at checkout, in the checkout's transaction (points). */
  readonly settlesAtOnce: boolean;
  /**
   * How money arrives from outside: the ledger kind of the EXTERNAL → payer credit, or null when the
   * payer already holds it (points).
   */
  readonly arrivalKind: string | null;
  /** Payments may add up to the price (TON transfers); otherwise a short one only lands on the balance. */
  readonly acceptsPartial: boolean;
  /** Where the price goes when an invoice is paid. */
  readonly revenue: SystemCode;
  /** The payer is told by message that the payment arrived (in-app settlements answer on screen). */
  readonly confirmsByMessage: boolean;
  /** The amount as a message shows it. */
  format(amount: bigint): string;
  /** Fields this method adds to a new invoice (TON: the comment the transfer must carry). */
  invoiceFields(invoiceId: string): Partial<Pick<Invoice, 'tonComment'>>;
  /** This method's part of the invoice view (Stars: the link; TON: the transfer TON Connect sends). */
  payWith(invoice: Invoice, config: Config): Partial<PayWith>;
  /**
   * After the invoice is committed: what the Mini App needs to pay (Stars: an invoice link on the
   * invoice). Safe to call again for the same invoice (a retried request).
   */
  start(deps: AppDeps, invoice: Invoice, product: Product, lang: Lang): Promise<Invoice>;
  /** Gives the money of a paid invoice back to the payer, where the method can (inside the refund's transaction). */
  refund?(deps: AppDeps, tx: Tx, invoice: Invoice & { participant: { telegramId: bigint } }): Promise<void>;
}
