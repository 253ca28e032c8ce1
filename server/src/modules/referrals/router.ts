import { participantProcedure, router } from '../../trpc.ts';
import { prepareInviteMessage, referralSummary } from './service.ts';

export const referralsRouter = router({
  summary: participantProcedure.query(({ ctx }) => referralSummary(ctx.deps, ctx.participant)),
  /** An invitation prepared by the bot for Telegram's share picker (`shareMessage` in the Mini App). */
  prepareShare: participantProcedure.mutation(({ ctx }) => prepareInviteMessage(ctx.deps, ctx.participant)),
});
