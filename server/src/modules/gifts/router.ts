import { participantProcedure, router } from '../../trpc.ts';
import { myGifts } from './service.ts';

export const giftsRouter = router({
  mine: participantProcedure.query(({ ctx }) => myGifts(ctx.deps, ctx.participant)),
});
