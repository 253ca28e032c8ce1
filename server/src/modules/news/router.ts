import { z } from 'zod';
import { id } from '../../lib/schemas.ts';
import { participantProcedure, router } from '../../trpc.ts';
import { feed } from './service.ts';

/** What the community publishes, in the participant's language. */
export const newsRouter = router({
  feed: participantProcedure
    .input(z.object({ cursor: id.optional(), limit: z.number().int().min(1).max(50).default(20) }).default({ limit: 20 }))
    .query(({ ctx, input }) => feed(ctx.deps, ctx.participant.language, input.cursor, input.limit)),
});
