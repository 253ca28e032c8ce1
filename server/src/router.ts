import { router } from './trpc.ts';
import { ledgerRouter } from './modules/ledger/router.ts';
import { profileRouter } from './modules/profile/router.ts';
import { ratingsRouter } from './modules/ratings/router.ts';
import { referralsRouter } from './modules/referrals/router.ts';
import { tasksRouter } from './modules/tasks/router.ts';
import { ordersRouter, shopRouter } from './modules/shop/router.ts';
import { paymentsRouter } from './modules/payments/router.ts';
import { adminRouter } from './modules/admin/router.ts';
import { walletRouter } from './modules/wallet/router.ts';
import { withdrawalsRouter } from './modules/withdrawals/router.ts';
import { collectiblesRouter, marketRouter } from './modules/collectibles/router.ts';
import { giftsRouter } from './modules/gifts/router.ts';
import { mailingsRouter } from './modules/mailings/router.ts';
import { newsRouter } from './modules/news/router.ts';
import { analyticsRouter } from './modules/analytics/router.ts';
import { calendarRouter } from './modules/calendar/router.ts';

export const appRouter = router({
  profile: profileRouter,
  tasks: tasksRouter,
  ledger: ledgerRouter,
  ratings: ratingsRouter,
  referrals: referralsRouter,
  shop: shopRouter,
  payments: paymentsRouter,
  orders: ordersRouter,
  wallet: walletRouter,
  withdrawals: withdrawalsRouter,
  collectibles: collectiblesRouter,
  market: marketRouter,
  gifts: giftsRouter,
  mailings: mailingsRouter,
  news: newsRouter,
  analytics: analyticsRouter,
  calendar: calendarRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;
