import { SystemAccount } from '../../ledger/accounts.ts';
import type { PaymentMethod } from './types.ts';

/** Points already sit on the payer's balance: paid at checkout, spent into the sink. */
export const pointsMethod: PaymentMethod = {
  currency: 'POINTS',
  available: () => true,
  unavailableNotice: () => null,
  invoiceTtlMinutes: () => 0,
  settlesAtOnce: true,
  arrivalKind: null,
  acceptsPartial: false,
  revenue: SystemAccount.SINK,
  confirmsByMessage: false,
  format: (amount) => `${amount} ✦`,
  invoiceFields: () => ({}),
  payWith: () => ({}),
  start: async (_deps, invoice) => invoice,
};
