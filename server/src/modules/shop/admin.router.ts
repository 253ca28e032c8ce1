import { z } from 'zod';
import { amount, id, intField, slug, localizedTitle, localizedText } from '../../lib/schemas.ts';
import { adminProcedure, router } from '../../trpc.ts';
import { amountIn, amountOrZeroIn, boundedByCurrency } from '../ledger/currencies.ts';
import { payCurrency, paymentOptions } from '../payments/methods/index.ts';
import { adminProducts, saveProduct } from './catalog.ts';
import { listOrders, listPurchased } from './orders-admin.ts';
import { ordersFilterSchema, purchasedFilterSchema } from './schemas.ts';

const date = z.iso.datetime().transform((s) => new Date(s));

const productInput = z
  .object({
    id: id.optional(),
    slug,
    kind: z.enum(['POINTS_PACK', 'BOOST', 'ITEM', 'COLLECTIBLE']),
    title: localizedTitle,
    description: localizedText,
    imageUrl: z.url().nullish(),
    /** Every price the product takes; currencies left out are no longer accepted. */
    prices: z
      .array(boundedByCurrency(z.object({ currency: payCurrency, amount: amount('must be a whole number') })))
      .max(16)
      .refine((ps) => new Set(ps.map((p) => p.currency)).size === ps.length, 'one price per currency')
      .optional(),
    // One field per currency, as before prices were rows; applied after `prices`.
    priceStars: amountIn('STARS').nullish(),
    priceTon: amountIn('TON').nullish(),
    pricePoints: amountIn('POINTS').nullish(),
    stock: intField(0).nullish(),
    perParticipantLimit: intField(1).nullish(),
    startsAt: date.nullish(),
    endsAt: date.nullish(),
    active: z.boolean().default(true),
    sortOrder: intField().default(0),
    pointsAmount: amountOrZeroIn('POINTS').nullish(),
    boostMultiplierBps: z.number().int().min(10_000).max(100_000).nullish(),
    boostSeconds: intField(60).nullish(),
  })
  // A collectible is sold from its drop, which creates the product; here it can only be edited.
  .refine((p) => p.kind !== 'COLLECTIBLE' || p.id != null, { message: 'A collectible product is created with its drop.', path: ['kind'] });

/** The product half of `admin.catalog` (merged there with the tasks' half); every change is audited. */
export const shopAdminRouter = router({
  products: adminProcedure('shop.view').query(({ ctx }) => adminProducts(ctx.deps)),
  /** The ways to pay a product can be priced in, from the payment methods' registry. */
  paymentMethods: adminProcedure('shop.view').query(({ ctx }) => paymentOptions(ctx.deps.config)),
  saveProduct: adminProcedure('shop.manage')
    .input(productInput)
    .mutation(({ ctx, input }) => {
      const { priceStars, priceTon, pricePoints, ...rest } = input;
      return saveProduct(ctx.deps, ctx.participant.id, { ...rest, legacy: { priceStars, priceTon, pricePoints } });
    }),
});

/** Back office: every order with its invoice and delivery; what participants hold (items, running boosts). */
export const adminOrdersRouter = router({
  list: adminProcedure('shop.view')
    .input(ordersFilterSchema)
    .query(({ ctx, input }) => listOrders(ctx.deps, input)),
  purchased: adminProcedure('shop.view')
    .input(purchasedFilterSchema)
    .query(({ ctx, input }) => listPurchased(ctx.deps, input)),
});
