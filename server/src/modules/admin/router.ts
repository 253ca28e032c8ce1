import { router } from '../../trpc.ts';
import { adminPaymentsRouter } from './payments.ts';

export const adminRouter = router({
  payments: adminPaymentsRouter,
});
