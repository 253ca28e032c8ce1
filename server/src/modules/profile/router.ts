import { z } from 'zod';
import { participantProcedure, router } from '../../trpc.ts';
import { profileView } from './service.ts';

export const languageSchema = z.enum(['en', 'ru']);

export const profileRouter = router({
  me: participantProcedure.query(({ ctx }) => profileView(ctx.deps, ctx.participant)),
  update: participantProcedure
    .input(z.object({ language: languageSchema }))
    .mutation(async ({ ctx, input }) => {
      const p = await ctx.deps.prisma.participant.update({ where: { id: ctx.participant.id }, data: { language: input.language } });
      return profileView(ctx.deps, p);
    }),
});
