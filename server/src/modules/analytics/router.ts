import { z } from 'zod';
import { participantProcedure, router } from '../../trpc.ts';
import { SCREEN_NAME, TRACK_MAX_EVENTS, track } from './navigation.ts';

const screenName = z.string().regex(SCREEN_NAME, 'must be a short screen name (a–z, 0–9, _ . -, up to 40)');

/** What the Mini App reports about its own use: screens opened, in batches. */
export const analyticsRouter = router({
  track: participantProcedure
    .input(
      z.object({
        events: z
          .array(
            z.object({
              screen: screenName,
              from: screenName.nullish(),
              at: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
            }),
          )
          .min(1)
          .max(TRACK_MAX_EVENTS, `must hold at most ${TRACK_MAX_EVENTS} events`),
      }),
    )
    .mutation(({ ctx, input }) => track(ctx.deps, ctx.participant.id, input.events)),
});
