import { z } from 'zod';

import { amountIn } from '../ledger/currencies.ts';
import { id, line, slug, localizedTitle, localizedText } from '../../lib/schemas.ts';

export const idSchema = id;
const attrs = z.array(z.object({ value: line(60).min(1), permille: z.number().int().min(1).max(1000) })).min(1).max(100);

export const attributeTables = z.object({ model: attrs, backdrop: attrs, symbol: attrs });

export const collectionInput = z.object({
  slug,
  title: localizedTitle,
  description: localizedText,
  coverUrl: z.url().nullish(),
  supplyCap: z.number().int().min(1).max(1_000_000),
  attributes: attributeTables,
  royaltyBps: z.number().int().min(0).max(5000).optional(),
});

export const dropInput = z.object({
  collectionId: idSchema,
  title: localizedTitle,
  supply: z.number().int().min(1).max(1_000_000),
  startsAt: z.iso.datetime().transform((s) => new Date(s)),
  endsAt: z.iso.datetime().transform((s) => new Date(s)).nullish(),
  pricePoints: amountIn('POINTS').nullish(),
  priceStars: amountIn('STARS').nullish(),
  priceTon: amountIn('TON').nullish(),
});
