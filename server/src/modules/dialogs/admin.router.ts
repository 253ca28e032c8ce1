import { z } from 'zod';
import { bigId, id as idField, line, lines } from '../../lib/schemas.ts';
import { adminProcedure, router } from '../../trpc.ts';
import { assigneeFilterSchema, dialogStatusSchema, quickReplySchema } from './schemas.ts';
import { assign, closeDialog, getDialog, listDialogs, markRead, reopenDialog, reply, team } from './service.ts';
import { deleteQuickReply, quickReplies, saveQuickReply } from './quick-replies.ts';

const id = z.object({ id: idField });
const support = adminProcedure('dialogs.answer');

/** Back office inbox: what participants wrote to the bot, answered from here. */
export const adminDialogsRouter = router({
  list: support
    .input(
      z
        .object({
          status: dialogStatusSchema.optional(),
          assignee: assigneeFilterSchema.optional(),
          cursor: line(100).optional(),
          limit: z.number().int().min(1).max(100).default(30),
        })
        .default({ limit: 30 }),
    )
    .query(({ ctx, input }) => listDialogs(ctx.deps, input.status, input.cursor, input.limit, { assignee: input.assignee, viewerId: ctx.admin.id })),
  get: support
    .input(id.extend({ before: bigId('a message id').optional() }))
    .query(({ ctx, input }) => getDialog(ctx.deps, input.id, input.before)),
  read: support.input(id).mutation(({ ctx, input }) => markRead(ctx.deps, input.id)),
  reply: support
    .input(id.extend({ text: lines(4096).min(1, 'must not be empty') }))
    .mutation(({ ctx, input }) => reply(ctx.deps, ctx.admin, input.id, input.text)),
  close: support.input(id).mutation(({ ctx, input }) => closeDialog(ctx.deps, ctx.admin, input.id)),
  reopen: support.input(id).mutation(({ ctx, input }) => reopenDialog(ctx.deps, ctx.admin, input.id)),
  /** Who a dialog may be assigned to. */
  team: support.query(({ ctx }) => team(ctx.deps)),
  assign: support
    .input(z.object({ dialogId: idField, adminId: idField.nullable() }))
    .mutation(({ ctx, input }) => assign(ctx.deps, ctx.admin, input.dialogId, input.adminId)),
  quickReplies: support.query(({ ctx }) => quickReplies(ctx.deps)),
  saveQuickReply: support.input(quickReplySchema).mutation(({ ctx, input }) => saveQuickReply(ctx.deps, ctx.admin, input)),
  deleteQuickReply: support.input(id).mutation(({ ctx, input }) => deleteQuickReply(ctx.deps, ctx.admin, input.id)),
});
