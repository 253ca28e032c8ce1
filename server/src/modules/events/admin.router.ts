import { z } from 'zod';
import { line } from '../../lib/schemas.ts';
import { adminProcedure, router } from '../../trpc.ts';
import { listEvents, retryEvent } from './service.ts';

const eventId = z.string().regex(/^\d{1,18}$/, 'must be an event id');

/** The outbox for admins: what failed, how often, why, and a way to run it again. */
export const adminEventsRouter = router({
  list: adminProcedure('events.view')
    .input(
      z
        .object({
          /** One event, whatever its status: the console's #/events/<id>. */
          id: eventId.optional(),
          status: z.enum(['PENDING', 'DONE', 'FAILED']).optional(),
          type: line(64).optional(),
          cursor: eventId.optional(),
          limit: z.number().int().min(1).max(200).default(50),
        })
        .default({ limit: 50 }),
    )
    .query(({ ctx, input }) => listEvents(ctx.deps.prisma, input)),
  retry: adminProcedure('events.retry')
    .input(z.object({ id: eventId }))
    .mutation(({ ctx, input }) => retryEvent(ctx.deps.prisma, ctx.admin.id, input.id)),
});
