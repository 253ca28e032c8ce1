import { z } from 'zod';
import { bigId, id as idField, line, lines } from '../../lib/schemas.ts';
import { adminProcedure, router } from '../../trpc.ts';
import { dialogStatusSchema } from './schemas.ts';
import { closeDialog, getDialog, listDialogs, markRead, reply } from './service.ts';

const id = z.object({ id: idField });
const support = adminProcedure('dialogs.answer');

/** Back office inbox: what participants wrote to the bot, answered from here. */
export const adminDialogsRouter = router({
  list: support
    .input(
      z
        .object({
          status: dialogStatusSchema.optional(),
          cursor: line(100).optional(),
          limit: z.number().int().min(1).max(100).default(30),
        })
        .default({ limit: 30 }),
    )
    .query(({ ctx, input }) => listDialogs(ctx.deps, input.status, input.cursor, input.limit)),
  get: support
    .input(id.extend({ before: bigId('a message id').optional() }))
    .query(({ ctx, input }) => getDialog(ctx.deps, input.id, input.before)),
  read: support.input(id).mutation(({ ctx, input }) => markRead(ctx.deps, input.id)),
  reply: support
    .input(id.extend({ text: lines(4096).min(1, 'must not be empty') }))
    .mutation(({ ctx, input }) => reply(ctx.deps, ctx.admin, input.id, input.text)),
  close: support.input(id).mutation(({ ctx, input }) => closeDialog(ctx.deps, ctx.admin, input.id)),
});
