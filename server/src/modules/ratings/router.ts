import { z } from 'zod';
import { participantProcedure, participantProcedureWith, router } from '../../trpc.ts';
import { seasonsFor } from './seasons.ts';
import { leaderboard, myRank, ownPointsRead } from './service.ts';

const board = z.enum(['all', 'weekly', 'friends']);

export const ratingsRouter = router({
  leaderboard: participantProcedureWith(ownPointsRead).input(z.object({ board })).query(async ({ ctx, input }) => {
    const now = ctx.deps.clock.now();
    const [entries, me] = await Promise.all([
      leaderboard(ctx.deps, input.board, ctx.participant.id, now),
      myRank(ctx.deps, input.board, ctx.participant.id, now, ctx.read),
    ]);
    return { board: input.board, entries, me: { rank: me.rank, points: me.points } };
  }),
  myRank: participantProcedureWith(ownPointsRead)
    .input(z.object({ board }))
    .query(({ ctx, input }) => myRank(ctx.deps, input.board, ctx.participant.id, ctx.deps.clock.now(), ctx.read)),
  /** The season under way with its board and my place, the next one, and past ones with their winners. */
  seasons: participantProcedure.query(({ ctx }) => seasonsFor(ctx.deps, ctx.participant)),
});
