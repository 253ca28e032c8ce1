import { z } from 'zod';

export const idSchema = z.number().int().positive();
/** Minor units as a string (BigInt-safe), above zero. */
export const amountSchema = z.string().regex(/^\d{1,20}$/, 'must be a whole number of minor units').transform((s) => BigInt(s)).refine((v) => v > 0n, 'must be positive');
const localized = z.object({ en: z.string().trim().min(1).max(200), ru: z.string().trim().min(1).max(200) });
const attrs = z.array(z.object({ value: z.string().trim().min(1).max(60), permille: z.number().int().min(1).max(1000) })).min(1).max(100);

export const collectionInput = z.object({
  slug: z.string().regex(/^[a-z0-9-]{2,64}$/),
  title: localized,
  description: z.object({ en: z.string().max(2000), ru: z.string().max(2000) }),
  coverUrl: z.url().nullish(),
  supplyCap: z.number().int().min(1).max(1_000_000),
  attributes: z.object({ model: attrs, backdrop: attrs, symbol: attrs }),
  royaltyBps: z.number().int().min(0).max(5000).optional(),
});

export const dropInput = z.object({
  collectionId: idSchema,
  title: localized,
  supply: z.number().int().min(1).max(1_000_000),
  startsAt: z.iso.datetime().transform((s) => new Date(s)),
  endsAt: z.iso.datetime().transform((s) => new Date(s)).nullish(),
  pricePoints: amountSchema.nullish(),
  priceStars: amountSchema.nullish(),
  priceTon: amountSchema.nullish(),
});
