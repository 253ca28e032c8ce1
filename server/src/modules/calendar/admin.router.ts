import { z } from 'zod';
import { id, page, pageSize, searchText, sortOf } from '../../lib/schemas.ts';
import { adminProcedure, router } from '../../trpc.ts';
import { markAttendance } from './attendance.ts';
import { attendees, cancelEvent, listEvents, publishEvent, saveEvent } from './manage.ts';
import { attendanceInput, eventId, eventInput, eventStatusSchema } from './schemas.ts';

const listInput = z
  .object({
    /** One event, for its link (#/calendar/<id>). */
    id: id.optional(),
    status: eventStatusSchema.optional(),
    /** Upcoming: not over yet (under way included); past: over. */
    when: z.enum(['upcoming', 'past']).optional(),
    /** Part of the title (either language) or the place. */
    search: searchText.optional(),
    sort: sortOf(['startsAt', 'status', 'capacity', 'reward', 'createdAt'], { by: 'startsAt', dir: 'desc' }),
    page,
    limit: pageSize(100, 25),
  })
  .default({ page: 1, limit: 25, sort: { by: 'startsAt', dir: 'desc' } });

/** Back office: write, publish and cancel community events; see who answered and mark who came. */
export const adminCalendarRouter = router({
  list: adminProcedure('calendar.manage').input(listInput).query(({ ctx, input }) => listEvents(ctx.deps, input)),
  save: adminProcedure('calendar.manage').input(eventInput).mutation(({ ctx, input }) => saveEvent(ctx.deps, ctx.admin, input)),
  publish: adminProcedure('calendar.manage').input(eventId).mutation(({ ctx, input }) => publishEvent(ctx.deps, ctx.admin, input.eventId)),
  cancel: adminProcedure('calendar.manage').input(eventId).mutation(({ ctx, input }) => cancelEvent(ctx.deps, ctx.admin, input.eventId)),
  attendees: adminProcedure('calendar.manage').input(eventId).query(({ ctx, input }) => attendees(ctx.deps, input.eventId)),
  markAttendance: adminProcedure('calendar.manage')
    .input(attendanceInput)
    .mutation(({ ctx, input }) => markAttendance(ctx.deps, ctx.admin, input.eventId, input.participantIds, input.attended)),
});
