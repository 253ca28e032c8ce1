import { z } from 'zod';
import { adminProcedure, participantProcedure, publicProcedure, router } from '../../trpc.ts';
import { payCurrency } from '../payments/methods/index.ts';
import { currency } from '../ledger/currencies.ts';
import { idempotencyKey } from '../idempotency/schemas.ts';
import { idemOf } from '../idempotency/service.ts';
import { buyFromDrop, createCollection, createDrop, editionDetail, giftEdition, listDrops, mine, setShowcase, showcaseOf, verifyDrop, awardFromDrop } from './service.ts';
import { buyListing, delist, listEdition, listings, setFeeBps } from './market.ts';
import { bringBack, mintEdition } from './mint.ts';
import { Address } from '@ton/core';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';

const id = z.number().int().positive();
const telegramId = z.union([z.string().regex(/^\d+$/), z.number().int().positive()]).transform((v) => BigInt(v));
const amount = z.string().regex(/^\d{1,20}$/, 'must be a whole number of minor units').transform((s) => BigInt(s)).refine((v) => v > 0n, 'must be positive');
const localized = z.object({ en: z.string().trim().min(1).max(200), ru: z.string().trim().min(1).max(200) });
const attrs = z.array(z.object({ value: z.string().trim().min(1).max(60), permille: z.number().int().min(1).max(1000) })).min(1).max(100);

export const collectiblesRouter = router({
  drops: participantProcedure.query(({ ctx }) => listDrops(ctx.deps, ctx.participant)),
  buy: participantProcedure
    .input(z.object({ dropId: id, currency: payCurrency, idempotencyKey }))
    .mutation(({ ctx, input }) => buyFromDrop(ctx.deps, ctx.participant, input.dropId, input.currency, idemOf('collectibles.buy', input))),
  mine: participantProcedure.query(({ ctx }) => mine(ctx.deps, ctx.participant)),
  edition: participantProcedure.input(z.object({ id })).query(({ ctx, input }) => editionDetail(ctx.deps, ctx.participant, input.id)),
  gift: participantProcedure
    .input(z.object({ editionId: id, toTelegramId: telegramId, message: z.string().trim().max(280).optional(), idempotencyKey }))
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
    .input(z.object({ editionId: id, currency, price: amount, idempotencyKey }))
    .mutation(({ ctx, input }) => listEdition(ctx.deps, ctx.participant, input.editionId, input.currency, input.price, idemOf('market.list', input))),
  delist: participantProcedure.input(z.object({ listingId: id })).mutation(({ ctx, input }) => delist(ctx.deps, ctx.participant, input.listingId)),
  buy: participantProcedure
    .input(z.object({ listingId: id, idempotencyKey }))
    .mutation(({ ctx, input }) => buyListing(ctx.deps, ctx.participant, input.listingId, idemOf('market.buy', input))),
});

export const adminCollectiblesRouter = router({
  createCollection: adminProcedure('ADMIN')
    .input(
      z.object({
        slug: z.string().regex(/^[a-z0-9-]{2,64}$/),
        title: localized,
        description: z.object({ en: z.string().max(2000), ru: z.string().max(2000) }),
        coverUrl: z.url().nullish(),
        supplyCap: z.number().int().min(1).max(1_000_000),
        attributes: z.object({ model: attrs, backdrop: attrs, symbol: attrs }),
        royaltyBps: z.number().int().min(0).max(5000).optional(),
      }),
    )
    .mutation(({ ctx, input }) => createCollection(ctx.deps, ctx.participant.id, input)),
  createDrop: adminProcedure('ADMIN')
    .input(
      z.object({
        collectionId: id,
        title: localized,
        supply: z.number().int().min(1).max(1_000_000),
        startsAt: z.iso.datetime().transform((s) => new Date(s)),
        endsAt: z.iso.datetime().transform((s) => new Date(s)).nullish(),
        pricePoints: amount.nullish(),
        priceStars: amount.nullish(),
        priceTon: amount.nullish(),
      }),
    )
    .mutation(({ ctx, input }) => createDrop(ctx.deps, ctx.participant.id, input)),
  award: adminProcedure('ADMIN')
    .input(z.object({ dropId: id, telegramId, key: z.string().min(4).max(64) }))
    .mutation(({ ctx, input }) => awardFromDrop(ctx.deps, ctx.participant.id, input.dropId, input.telegramId, input.key)),
  /** Records where a collection's NFT contract was deployed (owned by the app's hot wallet). */
  setNftAddress: adminProcedure('ADMIN')
    .input(z.object({ collectionId: id, address: z.string().min(10).max(100) }))
    .mutation(async ({ ctx, input }) => {
      let raw: string;
      try {
        raw = Address.parse(input.address).toRawString();
      } catch {
        throw new DomainError(AppCodes.VALIDATION, 'BAD_REQUEST', 'That is not a TON address.');
      }
      await ctx.deps.prisma.collection.update({ where: { id: input.collectionId }, data: { nftAddress: raw } });
      await audit(ctx.deps.prisma, { actorId: ctx.participant.id, action: 'collection.nft_address', subjectType: 'collection', subjectId: input.collectionId, data: { address: raw } });
      return { collectionId: input.collectionId, address: raw };
    }),
  setMarketFee: adminProcedure('ADMIN', 'FINANCE')
    .input(z.object({ bps: z.number().int().min(0).max(2000) }))
    .mutation(({ ctx, input }) => setFeeBps(ctx.deps, ctx.participant.id, input.bps)),
});
