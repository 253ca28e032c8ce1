import { z } from 'zod';
import { participantProcedure, publicProcedure, router } from '../../trpc.ts';
import { payCurrency } from '../payments/methods/index.ts';
import { boundedByCurrency, currency } from '../ledger/currencies.ts';
import { idempotencyKey } from '../idempotency/schemas.ts';
import { idemOf } from '../idempotency/service.ts';
import { buyFromDrop, editionDetail, giftEdition, listDrops, mine, setShowcase, showcaseOf, verifyDrop } from './service.ts';
import { buyListing, delist, listEdition, listings } from './market.ts';
import { bringBack, mintEdition } from './mint.ts';

import { amount, id, lines, telegramId } from '../../lib/schemas.ts';


export const collectiblesRouter = router({
  drops: participantProcedure.query(({ ctx }) => listDrops(ctx.deps, ctx.participant)),
  buy: participantProcedure
    .input(z.object({ dropId: id, currency: payCurrency, idempotencyKey }))
    .mutation(({ ctx, input }) => buyFromDrop(ctx.deps, ctx.participant, input.dropId, input.currency, idemOf('collectibles.buy', input))),
  mine: participantProcedure.query(({ ctx }) => mine(ctx.deps, ctx.participant)),
  edition: participantProcedure.input(z.object({ id })).query(({ ctx, input }) => editionDetail(ctx.deps, ctx.participant, input.id)),
  gift: participantProcedure
    .input(z.object({ editionId: id, toTelegramId: telegramId, message: lines(280).optional(), idempotencyKey }))
    .mutation(({ ctx, input }) =>
      giftEdition(ctx.deps, ctx.participant, input.editionId, input.toTelegramId, input.message || null, idemOf('collectibles.gift', input)),
    ),
  /** Public: anyone can check a drop's rolls once its seed is revealed. */
  verifyDrop: publicProcedure.input(z.object({ dropId: id })).query(({ ctx, input }) => verifyDrop(ctx.deps, input.dropId)),
  setShowcase: participantProcedure
    .input(z.object({ editionIds: z.array(id).max(12) }))
    .mutation(({ ctx, input }) => setShowcase(ctx.deps, ctx.participant, input.editionIds)),
  mint: participantProcedure
    .input(z.object({ editionId: id }))
    .mutation(({ ctx, input }) => mintEdition(ctx.deps, ctx.participant, input.editionId, ctx.deps.minter)),
  bringBack: participantProcedure
    .input(z.object({ editionId: id }))
    .mutation(({ ctx, input }) => bringBack(ctx.deps, ctx.participant, input.editionId, ctx.deps.minter)),
  showcase: participantProcedure
    .input(z.object({ telegramId }))
    .query(({ ctx, input }) => showcaseOf(ctx.deps, ctx.participant, input.telegramId)),
});

export const marketRouter = router({
  listings: participantProcedure
    .input(z.object({ collectionId: id.optional(), currency: currency.optional() }).default({}))
    .query(({ ctx, input }) => listings(ctx.deps, ctx.participant, input)),
  list: participantProcedure
    .input(boundedByCurrency(z.object({ editionId: id, currency, price: amount(), idempotencyKey }), 'currency', 'price'))
    .mutation(({ ctx, input }) => listEdition(ctx.deps, ctx.participant, input.editionId, input.currency, input.price, idemOf('market.list', input))),
  delist: participantProcedure.input(z.object({ listingId: id })).mutation(({ ctx, input }) => delist(ctx.deps, ctx.participant, input.listingId)),
  buy: participantProcedure
    .input(z.object({ listingId: id, idempotencyKey }))
    .mutation(({ ctx, input }) => buyListing(ctx.deps, ctx.participant, input.listingId, idemOf('market.buy', input))),
});
