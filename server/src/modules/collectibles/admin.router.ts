import { z } from 'zod';
import { adminProcedure, router } from '../../trpc.ts';
import { key, line, telegramId } from '../../lib/schemas.ts';
import { setNftAddress } from './collections.ts';
import { setFeeBps } from './market.ts';
import { collectionInput, dropInput, idSchema as id } from './schemas.ts';
import { awardFromDrop, createCollection, createDrop } from './service.ts';

/** Back office: collections, drops, awards from a drop, the NFT contract's address and the market fee. */
export const adminCollectiblesRouter = router({
  createCollection: adminProcedure('collectibles.manage')
    .input(collectionInput)
    .mutation(({ ctx, input }) => createCollection(ctx.deps, ctx.participant.id, input)),
  createDrop: adminProcedure('collectibles.manage')
    .input(dropInput)
    .mutation(({ ctx, input }) => createDrop(ctx.deps, ctx.participant.id, input)),
  award: adminProcedure('collectibles.manage')
    .input(z.object({ dropId: id, telegramId, key: key(4, 64) }))
    .mutation(({ ctx, input }) => awardFromDrop(ctx.deps, ctx.participant.id, input.dropId, input.telegramId, input.key)),
  /** Records where a collection's NFT contract was deployed (owned by the app's hot wallet). */
  setNftAddress: adminProcedure('collectibles.manage')
    .input(z.object({ collectionId: id, address: line(100).min(10) }))
    .mutation(({ ctx, input }) => setNftAddress(ctx.deps, ctx.participant.id, input.collectionId, input.address)),
  setMarketFee: adminProcedure('collectibles.fee')
    .input(z.object({ bps: z.number().int().min(0).max(2000) }))
    .mutation(({ ctx, input }) => setFeeBps(ctx.deps, ctx.participant.id, input.bps)),
});
