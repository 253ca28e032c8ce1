import { z } from 'zod';
import { adminProcedure, router } from '../../trpc.ts';
import { id, idOf, intField, key, line, localizedText, localizedTitle, page, pageIfAny, searchText, sortOf, telegramId } from '../../lib/schemas.ts';
import { amountIn, currency as currencySchema } from '../ledger/currencies.ts';
import { setNftAddress } from './collections.ts';
import { setFeeBps } from './market.ts';
import { attributeTables, collectionInput, dropInput, idSchema } from './schemas.ts';
import { awardFromDrop, createCollection, createDrop } from './service.ts';
import { adminCollections, adminDrops, adminEditions, commitSeed, endDrop, marketActivity, marketSales, mintRequests, retryMint, revealSeed, updateCollection, updateDrop } from './admin.ts';


const date = z.iso.datetime().transform((s) => new Date(s));
const limit = (fallback: number) => z.number().int().min(1).max(200).default(fallback);
const dropRef = z.object({ dropId: idOf('a drop id') });
/** Market fee in basis points: at most 20 %. */
export const feeBpsInput = z.number().int().min(0).max(2000);
const DROP_STATUSES = ['SCHEDULED', 'OPEN', 'SOLD_OUT', 'ENDED'] as const;
const MINT_STATUSES = ['REQUESTED', 'SENT', 'CONFIRMED', 'FAILED', 'CANCELLED'] as const;

const collectionsInput = z
  .object({
    /** Part of the slug or the title. */
    search: searchText.optional(),
    chain: z.enum(['deployed', 'notDeployed']).optional(),
    sort: sortOf(['id', 'slug', 'minted', 'supplyCap', 'royalty', 'createdAt'], { by: 'id', dir: 'asc' }),
    page,
    limit: limit(50),
  })
  .default({ sort: { by: 'id', dir: 'asc' }, page: 1, limit: 50 });

const dropsInput = z
  .object({
    collectionId: idSchema.optional(),
    status: z.enum(DROP_STATUSES).optional(),
    /** Part of the title. */
    search: searchText.optional(),
    sort: sortOf(['id', 'startsAt', 'endsAt', 'supply'], { by: 'id', dir: 'desc' }),
    page,
    limit: limit(50),
  })
  .default({ sort: { by: 'id', dir: 'desc' }, page: 1, limit: 50 });

const salesInput = z
  .object({
    days: intField(1, 366).default(30),
    currency: currencySchema.optional(),
    collectionId: idSchema.optional(),
    /** An edition number, or the seller's or buyer's Telegram id, @username or name. */
    search: searchText.optional(),
    /** Newest first after this listing id; or `page` with any `sort`. */
    cursor: idSchema.optional(),
    page: pageIfAny,
    sort: sortOf(['date', 'price', 'fee'], { by: 'date', dir: 'desc' }),
    limit: limit(50),
  })
  .default({ days: 30, sort: { by: 'date', dir: 'desc' }, limit: 50 });

/**
 * Back office: collections (counts, edits), drops (schedule, commit–reveal, end, awards), editions,
 * the marketplace (activity, fee) and mint requests (with a safe retry).
 */
export const adminCollectiblesRouter = router({
  createCollection: adminProcedure('collectibles.manage')
    .input(collectionInput)
    .mutation(({ ctx, input }) => createCollection(ctx.deps, ctx.participant.id, input)),
  /** Collections with what became of their editions, a page at a time: by slug or title, on TON or not, sorted. */
  collections: adminProcedure('collectibles.manage')
    .input(collectionsInput)
    .query(({ ctx, input }) => adminCollections(ctx.deps, input)),
  updateCollection: adminProcedure('collectibles.manage')
    .input(
      z.object({
        collectionId: idSchema,
        title: localizedTitle.optional(),
        description: localizedText.optional(),
        coverUrl: z.url().max(500).nullish(),
        supplyCap: intField(1, 1_000_000).optional(),
        royaltyBps: intField(0, 5000).optional(),
        attributes: attributeTables.optional(),
      }),
    )
    .mutation(({ ctx, input }) => updateCollection(ctx.deps, ctx.participant.id, input)),
  createDrop: adminProcedure('collectibles.manage')
    .input(dropInput)
    .mutation(({ ctx, input }) => createDrop(ctx.deps, ctx.participant.id, input)),
  /** Drops a page at a time: by collection, state (now) and title, sorted. */
  drops: adminProcedure('collectibles.manage')
    .input(dropsInput)
    .query(({ ctx, input }) => adminDrops(ctx.deps, input)),
  updateDrop: adminProcedure('collectibles.manage')
    .input(
      dropRef.extend({
        title: localizedTitle.optional(),
        startsAt: date.optional(),
        endsAt: date.nullish(),
        supply: intField(1, 1_000_000).optional(),
        pricePoints: amountIn('POINTS').nullish(),
        priceStars: amountIn('STARS').nullish(),
        priceTon: amountIn('TON').nullish(),
      }),
    )
    .mutation(({ ctx, input }) => updateDrop(ctx.deps, ctx.participant.id, input)),
  /** A fresh seed (and published hash) for a drop that has not opened and rolled nothing yet. */
  commitSeed: adminProcedure('collectibles.manage')
    .input(dropRef)
    .mutation(({ ctx, input }) => commitSeed(ctx.deps, ctx.participant.id, input.dropId)),
  endDrop: adminProcedure('collectibles.manage')
    .input(dropRef)
    .mutation(({ ctx, input }) => endDrop(ctx.deps, ctx.participant.id, input.dropId)),
  revealSeed: adminProcedure('collectibles.manage')
    .input(dropRef)
    .mutation(({ ctx, input }) => revealSeed(ctx.deps, ctx.participant.id, input.dropId)),
  award: adminProcedure('collectibles.manage')
    .input(z.object({ dropId: id, telegramId, key: key(4, 64) }))
    .mutation(({ ctx, input }) => awardFromDrop(ctx.deps, ctx.participant.id, input.dropId, input.telegramId, input.key)),
  editions: adminProcedure('collectibles.manage')
    .input(
      z.object({
        collectionId: idSchema,
        search: searchText.optional(),
        owner: searchText.optional(),
        state: z.enum(['app', 'listed', 'ton']).optional(),
        /** By number after this one; or `page` with any `sort`. */
        cursor: intField(0).optional(),
        page: pageIfAny,
        sort: sortOf(['number', 'rarity', 'createdAt'], { by: 'number', dir: 'asc' }),
        limit: limit(50),
      }),
    )
    .query(({ ctx, input }) => adminEditions(ctx.deps, input)),
  /** Records where a collection's NFT contract was deployed (owned by the app's hot wallet). */
  setNftAddress: adminProcedure('collectibles.manage')
    .input(z.object({ collectionId: id, address: line(100).min(10) }))
    .mutation(({ ctx, input }) => setNftAddress(ctx.deps, ctx.participant.id, input.collectionId, input.address)),
  marketActivity: adminProcedure('collectibles.fee')
    .input(z.object({ days: intField(1, 366).default(30), cursor: idSchema.optional(), limit: limit(50) }).default({ days: 30, limit: 50 }))
    .query(({ ctx, input }) => marketActivity(ctx.deps, input)),
  /** The market's sales as a table: by currency, collection, edition or person, sorted, a page at a time. */
  sales: adminProcedure('collectibles.fee')
    .input(salesInput)
    .query(({ ctx, input }) => marketSales(ctx.deps, input)),
  setMarketFee: adminProcedure('collectibles.fee')
    .input(z.object({ bps: feeBpsInput }))
    .mutation(({ ctx, input }) => setFeeBps(ctx.deps, ctx.participant.id, input.bps)),
  mintRequests: adminProcedure('collectibles.manage')
    .input(
      z
        .object({
          status: z.enum(MINT_STATUSES).optional(),
          kind: z.enum(['MINT', 'TRANSFER']).optional(),
          collectionId: idSchema.optional(),
          /** An edition number, part of the wallet address, or the participant's Telegram id, @username or name. */
          search: searchText.optional(),
          /** Newest first after this request id; or `page` with any `sort`. */
          cursor: idSchema.optional(),
          page: pageIfAny,
          sort: sortOf(['id', 'status', 'sends'], { by: 'id', dir: 'desc' }),
          limit: limit(50),
        })
        .default({ limit: 50, sort: { by: 'id', dir: 'desc' } }),
    )
    .query(({ ctx, input }) => mintRequests(ctx.deps, input)),
  retryMint: adminProcedure('collectibles.manage')
    .input(z.object({ requestId: idOf('a mint request id') }))
    .mutation(({ ctx, input }) => retryMint(ctx.deps, ctx.participant.id, input.requestId)),
});
