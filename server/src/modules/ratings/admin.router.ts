import { adminProcedure, router } from '../../trpc.ts';
import { endSeasonNow } from './season-end.ts';
import { seasonId, seasonInput, seasonsList } from './schemas.ts';
import { listSeasons, saveSeason, seasonDetail } from './seasons.ts';

const langOf = (p: { language: string | null }) => (p.language === 'ru' ? 'ru' : 'en');

/** Back office: rating seasons — set up (dates, prizes per place), end now and pay, see what was paid. */
export const adminRatingsRouter = router({
  seasons: adminProcedure('ratings.manage')
    .input(seasonsList)
    .query(({ ctx, input }) => listSeasons(ctx.deps, ctx.admin, input)),
  season: adminProcedure('ratings.manage')
    .input(seasonId)
    .query(({ ctx, input }) => seasonDetail(ctx.deps, input.id, langOf(ctx.admin))),
  saveSeason: adminProcedure('ratings.manage')
    .input(seasonInput)
    .mutation(({ ctx, input }) => saveSeason(ctx.deps, ctx.admin, input)),
  /** Ends the season now and pays its prizes, as the job does when its end passes; a repeat pays nothing more. */
  endSeason: adminProcedure('ratings.manage')
    .input(seasonId)
    .mutation(async ({ ctx, input }) => {
      await endSeasonNow(ctx.deps, ctx.admin.id, input.id);
      return seasonDetail(ctx.deps, input.id, langOf(ctx.admin));
    }),
});
