import { z } from 'zod';
import { id } from '../../lib/schemas.ts';
import { participantProcedure, router } from '../../trpc.ts';
import { categorySchema } from './schemas.ts';
import { consentsOf, markOpened, setConsent } from './service.ts';

/** Participants: which kinds of messages they accept, and the opens the A/B figures count. */
export const mailingsRouter = router({
  consents: participantProcedure.query(({ ctx }) => consentsOf(ctx.deps, ctx.participant.id)),
  setConsent: participantProcedure
    .input(z.object({ category: categorySchema, granted: z.boolean() }))
    .mutation(({ ctx, input }) => setConsent(ctx.deps, ctx.participant.id, input.category, input.granted)),
  opened: participantProcedure
    .input(z.object({ mailingId: id }))
    .mutation(({ ctx, input }) => markOpened(ctx.deps, ctx.participant.id, input.mailingId)),
});
