import { z } from 'zod';
import { id } from '../../lib/schemas.ts';
import { participantProcedure, router } from '../../trpc.ts';
import { idempotencyKey } from '../idempotency/schemas.ts';
import { idemOf } from '../idempotency/service.ts';
import { payCurrency } from '../payments/methods/index.ts';
import { buy, listProducts, ordersOf } from './service.ts';

export const shopRouter = router({
  products: participantProcedure.query(({ ctx }) => listProducts(ctx.deps, ctx.participant)),
  buy: participantProcedure
    .input(z.object({ productId: id, currency: payCurrency, idempotencyKey }))
    .mutation(({ ctx, input }) => buy(ctx.deps, ctx.participant, input.productId, input.currency, idemOf('shop.buy', input))),
});

export const ordersRouter = router({
  list: participantProcedure.query(({ ctx }) => ordersOf(ctx.deps, ctx.participant)),
});
