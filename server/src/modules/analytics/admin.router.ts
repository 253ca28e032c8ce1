import { z } from 'zod';
import { adminProcedure, router } from '../../trpc.ts';
import { navigation } from './navigation.ts';
import { finance, participants, products } from './reports.ts';
import { dialogStats } from '../dialogs/analytics.ts';

const window = z.object({ days: z.number().int().min(1).max(365).default(30) }).default({ days: 30 });

/** The back office's analytics: navigation in the Mini App, products, participants, money. */
export const adminAnalyticsRouter = router({
  /** Top screens and the paths between them. */
  navigation: adminProcedure('analytics.view').input(window).query(({ ctx, input }) => navigation(ctx.deps, input.days)),
  products: adminProcedure('analytics.view').input(window).query(({ ctx, input }) => products(ctx.deps, input.days)),
  participants: adminProcedure('analytics.view').input(window).query(({ ctx, input }) => participants(ctx.deps, input.days)),
  finance: adminProcedure('analytics.view').input(window).query(({ ctx, input }) => finance(ctx.deps, input.days)),
  /** The inbox: volume, first-response and resolution times, answers per team member. */
  dialogs: adminProcedure('analytics.view').input(window).query(({ ctx, input }) => dialogStats(ctx.deps, input.days)),
});
