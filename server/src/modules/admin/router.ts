import { router } from '../../trpc.ts';
import { adminPaymentsRouter } from './payments.ts';
import { adminWithdrawalsRouter } from './withdrawals.ts';
import { adminLedgerRouter } from './ledger.ts';

export const adminRouter = router({
  payments: adminPaymentsRouter,
  withdrawals: adminWithdrawalsRouter,
  ledger: adminLedgerRouter,
});
