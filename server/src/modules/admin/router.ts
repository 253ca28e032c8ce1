import { router } from '../../trpc.ts';
import { adminPaymentsRouter } from './payments.ts';
import { adminWithdrawalsRouter } from './withdrawals.ts';
import { adminLedgerRouter } from './ledger.ts';
import { adminParticipantsRouter } from './participants.ts';
import { adminOverviewRouter } from './overview.ts';
import { adminCatalogRouter } from './catalog.ts';
import { adminCollectiblesRouter } from '../collectibles/router.ts';
import { adminGiftsRouter } from '../gifts/router.ts';
import { adminMailingsRouter } from '../mailings/router.ts';
import { adminDialogsRouter } from '../dialogs/router.ts';
import { adminNewsRouter } from '../news/router.ts';
import { adminEventsRouter } from '../events/admin.router.ts';

export const adminRouter = router({
  payments: adminPaymentsRouter,
  withdrawals: adminWithdrawalsRouter,
  ledger: adminLedgerRouter,
  participants: adminParticipantsRouter,
  overview: adminOverviewRouter,
  catalog: adminCatalogRouter,
  collectibles: adminCollectiblesRouter,
  gifts: adminGiftsRouter,
  mailings: adminMailingsRouter,
  dialogs: adminDialogsRouter,
  news: adminNewsRouter,
  events: adminEventsRouter,
});
