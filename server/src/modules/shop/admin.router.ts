import { z } from 'zod';
import { adminProcedure, router } from '../../trpc.ts';
import { payCurrency, paymentOptions } from '../payments/methods/index.ts';
import { adminProducts, saveProduct } from './catalog.ts';

const localized = z.object({ en: z.string().trim().min(1).max(200), ru: z.string().trim().min(1).max(200) });
const longLocalized = z.object({ en: z.string().max(2000), ru: z.string().max(2000) });
const amount = z.string().regex(/^\d{1,20}$/, 'must be a whole number').transform((s) => BigInt(s));
const price = amount.refine((v) => v > 0n, 'a price must be positive');
const slug = z.string().regex(/^[a-z0-9-]{2,64}$/, 'lowercase letters, digits and dashes');
const date = z.iso.datetime().transform((s) => new Date(s));

const productInput = z
  .object({
    id: z.number().int().positive().optional(),
    slug,
    kind: z.enum(['POINTS_PACK', 'BOOST', 'ITEM', 'COLLECTIBLE']),
    title: localized,
    description: longLocalized,
    imageUrl: z.url().nullish(),
    /** Every price the product takes; currencies left out are no longer accepted. */
    prices: z
      .array(z.object({ currency: payCurrency, amount: price }))
      .max(16)
      .refine((ps) => new Set(ps.map((p) => p.currency)).size === ps.length, 'one price per currency')
      .optional(),
    // One field per currency, as before prices were rows; applied after `prices`.
    priceStars: price.nullish(),
    priceTon: price.nullish(),
    pricePoints: price.nullish(),
    stock: z.number().int().min(0).nullish(),
    perParticipantLimit: z.number().int().min(1).nullish(),
    startsAt: date.nullish(),
    endsAt: date.nullish(),
    active: z.boolean().default(true),
    sortOrder: z.number().int().default(0),
    pointsAmount: amount.nullish(),
    boostMultiplierBps: z.number().int().min(10_000).max(100_000).nullish(),
    boostSeconds: z.number().int().min(60).nullish(),
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
