import { adminProcedure, router } from '../../trpc.ts';
import { sectionsFor } from '../../policy.ts';
import { adminOverviewRouter } from './overview.ts';
import { adminCatalogRouter } from './catalog.ts';
import { adminPaymentsRouter } from '../payments/admin.router.ts';
import { adminWithdrawalsRouter } from '../withdrawals/admin.router.ts';
import { adminLedgerRouter } from '../ledger/admin.router.ts';
import { adminParticipantsRouter, adminRolesRouter, adminSegmentsRouter } from '../participants/admin.router.ts';
import { adminSessionsRouter } from '../auth/admin.router.ts';
import { adminCollectiblesRouter } from '../collectibles/admin.router.ts';
import { adminGiftsRouter } from '../gifts/admin.router.ts';
import { adminMailingsRouter } from '../mailings/admin.router.ts';
import { adminDialogsRouter } from '../dialogs/admin.router.ts';
import { adminNewsRouter } from '../news/admin.router.ts';
import { adminEventsRouter } from '../events/admin.router.ts';
import { adminOrdersRouter } from '../shop/admin.router.ts';
import { adminAnalyticsRouter } from '../analytics/admin.router.ts';
import { adminRatingsRouter } from '../ratings/admin.router.ts';
import { adminCalendarRouter } from '../calendar/admin.router.ts';
import { adminContactsRouter } from '../contacts/admin.router.ts';

/** The back office: each domain's admin procedures, composed under `admin.*`. */
export const adminRouter = router({
  /** The caller's role and the sections it may open, in the order the Mini App shows them. */
  sections: adminProcedure('backoffice.open').query(({ ctx }) => ({ role: ctx.participant.role, sections: sectionsFor(ctx.participant.role) })),
  payments: adminPaymentsRouter,
  withdrawals: adminWithdrawalsRouter,
  ledger: adminLedgerRouter,
  participants: adminParticipantsRouter,
  segments: adminSegmentsRouter,
  overview: adminOverviewRouter,
  analytics: adminAnalyticsRouter,
  catalog: adminCatalogRouter,
  collectibles: adminCollectiblesRouter,
  gifts: adminGiftsRouter,
  mailings: adminMailingsRouter,
  dialogs: adminDialogsRouter,
  contacts: adminContactsRouter,
  news: adminNewsRouter,
  calendar: adminCalendarRouter,
  events: adminEventsRouter,
  orders: adminOrdersRouter,
  sessions: adminSessionsRouter,
  roles: adminRolesRouter,
  ratings: adminRatingsRouter,
});
