import { z } from 'zod';
import { id as idField, pageIfAny, searchText, sortOf } from '../../lib/schemas.ts';
import { MailingStatus } from '../../generated/prisma/enums.ts';
import { adminProcedure, router } from '../../trpc.ts';
import { categorySchema, mailingInput, segmentSchema } from './schemas.ts';
import {
  audienceOf,
  createMailing,
  getMailing,
  listMailings,
  moveMailing,
  scheduleMailing,
  startMailing,
  testMailing,
  updateMailing,
} from './service.ts';

const id = z.object({ id: idField });
const viewer = adminProcedure('mailings.view');
const sender = adminProcedure('mailings.send');

/** Back office: compose, test, send, follow and stop mailings. */
export const adminMailingsRouter = router({
  list: viewer
    .input(
      z
        .object({
          cursor: idField.optional(),
          /** The console's table: a page in any order, searched by title, filtered by status and category. */
          page: pageIfAny,
          sort: sortOf(['id', 'title', 'sent'], { by: 'id', dir: 'desc' }),
          search: searchText.optional(),
          status: z.enum(MailingStatus).optional(),
          category: categorySchema.optional(),
          limit: z.number().int().min(1).max(100).default(20),
        })
        .default({ limit: 20, sort: { by: 'id', dir: 'desc' } }),
    )
    .query(({ ctx, input }) => listMailings(ctx.deps, input)),
  get: viewer.input(id).query(({ ctx, input }) => getMailing(ctx.deps, input.id)),
  audience: viewer
    .input(z.object({ category: categorySchema, segment: segmentSchema.default({}), segmentId: idField.nullish() }))
    .query(async ({ ctx, input }) => ({ count: await audienceOf(ctx.deps, input.category, input) })),
  create: sender.input(mailingInput).mutation(({ ctx, input }) => createMailing(ctx.deps, ctx.admin, input)),
  update: sender.input(mailingInput.extend(id.shape)).mutation(({ ctx, input }) => updateMailing(ctx.deps, ctx.admin, input.id, input)),
  test: sender.input(id).mutation(({ ctx, input }) => testMailing(ctx.deps, ctx.admin, input.id)),
  start: sender.input(id).mutation(({ ctx, input }) => startMailing(ctx.deps, ctx.admin, input.id)),
  schedule: sender
    .input(id.extend({ at: z.iso.datetime().transform((s) => new Date(s)) }))
    .mutation(({ ctx, input }) => scheduleMailing(ctx.deps, ctx.admin, input.id, input.at)),
  unschedule: sender.input(id).mutation(({ ctx, input }) => moveMailing(ctx.deps, ctx.admin, input.id, 'unschedule')),
  pause: sender.input(id).mutation(({ ctx, input }) => moveMailing(ctx.deps, ctx.admin, input.id, 'pause')),
  resume: sender.input(id).mutation(({ ctx, input }) => moveMailing(ctx.deps, ctx.admin, input.id, 'resume')),
  cancel: sender.input(id).mutation(({ ctx, input }) => moveMailing(ctx.deps, ctx.admin, input.id, 'cancel')),
});
