import { z } from 'zod';
import { adminProcedure, router } from '../../trpc.ts';
import { cohorts, funnel } from '../analytics/service.ts';
import { overview, recentAudit } from './overview.service.ts';
import { overviewTrends, TREND_DAYS } from './trends.ts';

const trendDays = `A trend covers ${TREND_DAYS.min} to ${TREND_DAYS.max} days.`;

/** The back office's first screen, the analytics below it, and the audit log. */
export const adminOverviewRouter = router({
  get: adminProcedure('overview.view').query(({ ctx }) => overview(ctx.deps)),
  /** Weekly cohorts and the weeks after in which they did a task. */
  cohorts: adminProcedure('overview.view')
    .input(z.object({ weeks: z.number().int().min(1).max(26).default(8) }).default({ weeks: 8 }))
    .query(({ ctx, input }) => cohorts(ctx.deps, input.weeks)),
  /** How far the people who joined lately got: first task, a second day, a purchase, a wallet, a friend. */
  funnel: adminProcedure('overview.view')
    .input(z.object({ days: z.number().int().min(1).max(365).default(30) }).default({ days: 30 }))
    .query(({ ctx, input }) => funnel(ctx.deps, input.days)),
  /** The figures per day over the last 7 to 90 days, for the small charts under them. */
  trends: adminProcedure('overview.view')
    .input(z.object({ days: z.number().int().min(TREND_DAYS.min, trendDays).max(TREND_DAYS.max, trendDays).default(30) }).default({ days: 30 }))
    .query(({ ctx, input }) => overviewTrends(ctx.deps, input.days)),
  audit: adminProcedure('audit.view').query(({ ctx }) => recentAudit(ctx.deps)),
});
