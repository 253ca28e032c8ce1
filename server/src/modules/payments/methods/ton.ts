import { formatTon } from '../../../lib/format.ts';
import { commentPayload } from '../../../lib/ton/gateway.ts';
import { SystemAccount } from '../../ledger/accounts.ts';
import type { PaymentMethod } from './types.ts';

/**
 * TON through TON Connect to the treasury; the comment `inv:<id>` ties a transfer to its invoice.
 * The treasury watcher (../ton.ts) reads what arrived; transfers may add up to the price.
 */
export const tonMethod: PaymentMethod = {
  currency: 'TON',
  available: (config) => Boolean(config.ton.treasury),
  unavailableNotice: (config) => (config.ton.treasury ? null : 'TON payments are not configured in this community yet.'),
  invoiceTtlMinutes: (config) => config.ton.invoiceTtlMinutes,
  settlesAtOnce: false,
  arrivalKind: 'TON_PAYMENT',
  acceptsPartial: true,
  revenue: SystemAccount.REVENUE,
  confirmsByMessage: true,
  format: formatTon,
  invoiceFields: (id) => ({ tonComment: `inv:${id}` }),
  payWith: (inv, config) =>
    inv.tonComment && config.ton.treasury
      ? { ton: { address: config.ton.treasury, amount: inv.amount.toString(), comment: inv.tonComment, payload: commentPayload(inv.tonComment) } }
      : {},
  start: async (_deps, invoice) => invoice,
};
