import { participantProcedure, router } from '../../trpc.ts';
import { rsvpInput } from './schemas.ts';
import { rsvp, upcoming } from './service.ts';

/** Community events: what is coming up, and the participant's answer to one. */
export const calendarRouter = router({
  upcoming: participantProcedure.query(({ ctx }) => upcoming(ctx.deps, ctx.participant)),
  rsvp: participantProcedure.input(rsvpInput).mutation(({ ctx, input }) => rsvp(ctx.deps, ctx.participant, input.eventId, input.answer)),
});
