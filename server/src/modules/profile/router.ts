import { z } from 'zod';
import { participantProcedure, router } from '../../trpc.ts';
import { profileView } from './service.ts';
import { deleteAccount, exportData, sendExport } from '../privacy/service.ts';

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
  deleteAccount: participantProcedure
    .input(z.object({ confirm: z.literal('DELETE', { error: 'Send confirm: "DELETE" to delete the account.' }) }))
    .mutation(({ ctx }) => deleteAccount(ctx.deps, ctx.participant)),
});
