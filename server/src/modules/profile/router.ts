import { z } from 'zod';
import { participantProcedure, router } from '../../trpc.ts';
import { profileView } from './service.ts';
import { deleteAccount, exportData, sendExport } from '../privacy/service.ts';
import { askForPhone, contactOf, forgetContact } from '../contacts/service.ts';

export const languageSchema = z.enum(['en', 'ru']);

export const profileRouter = router({
  me: participantProcedure.query(({ ctx }) => profileView(ctx.deps, ctx.participant)),
  update: participantProcedure
    .input(z.object({ language: languageSchema }))
    .mutation(async ({ ctx, input }) => {
      const p = await ctx.deps.prisma.participant.update({ where: { id: ctx.participant.id }, data: { language: input.language } });
      return profileView(ctx.deps, p);
    }),
  /** Everything kept about me, as JSON. */
  export: participantProcedure.query(({ ctx }) => exportData(ctx.deps, ctx.participant)),
  /** The same, sent by the bot as a file to my chat. */
  sendExport: participantProcedure.mutation(({ ctx }) => sendExport(ctx.deps, ctx.participant)),
  /** The phone number I shared with the community (null: none). */
  phone: participantProcedure.query(({ ctx }) => contactOf(ctx.deps, ctx.participant.id)),
  /** Has the bot ask me for my number in our chat, with its consent line and the share button. */
  requestPhone: participantProcedure.mutation(({ ctx }) => askForPhone(ctx.deps, ctx.participant)),
  /** Deletes the number I shared. */
  forgetPhone: participantProcedure.mutation(({ ctx }) => forgetContact(ctx.deps, ctx.participant)),
  deleteAccount: participantProcedure
    .input(z.object({ confirm: z.literal('DELETE', { error: 'Send confirm: "DELETE" to delete the account.' }) }))
    .mutation(({ ctx }) => deleteAccount(ctx.deps, ctx.participant)),
});
