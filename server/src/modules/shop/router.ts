import { z } from 'zod';
import { participantProcedure, router } from '../../trpc.ts';
import { buy, listProducts, ordersOf } from './service.ts';

export const payCurrency = z.enum(['STARS', 'TON', 'POINTS']);

export const shopRouter = router({
  products: participantProcedure.query(({ ctx }) => listProducts(ctx.deps, ctx.participant)),
  buy: participantProcedure
    .input(z.object({ productId: z.number().int().positive(), currency: payCurrency }))
    .mutation(({ ctx, input }) => buy(ctx.deps, ctx.participant, input.productId, input.currency)),
});

export const ordersRouter = router({
  list: participantProcedure.query(({ ctx }) => ordersOf(ctx.deps, ctx.participant)),
});
