import { participantProcedure, router } from '../../trpc.ts';
import { referralSummary } from './service.ts';

export const referralsRouter = router({
  summary: participantProcedure.query(({ ctx }) => referralSummary(ctx.deps, ctx.participant)),
});
