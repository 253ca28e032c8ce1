import { z } from 'zod';
import { adminProcedure, mergeRouters, router } from '../../trpc.ts';
import { audit } from '../audit/service.ts';
import { adminTasksRouter } from '../tasks/admin.router.ts';

const localized = z.object({ en: z.string().trim().min(1).max(200), ru: z.string().trim().min(1).max(200) });
const longLocalized = z.object({ en: z.string().max(2000), ru: z.string().max(2000) });
const amount = z.string().regex(/^\d{1,20}$/, 'must be a whole number').transform((s) => BigInt(s));
const slug = z.string().regex(/^[a-z0-9-]{2,64}$/, 'lowercase letters, digits and dashes');
const date = z.iso.datetime().transform((s) => new Date(s));

const productInput = z.object({
  id: z.number().int().positive().optional(),
  slug,
  kind: z.enum(['POINTS_PACK', 'BOOST', 'ITEM', 'COLLECTIBLE']),
  title: localized,
  description: longLocalized,
  imageUrl: z.url().nullish(),
  priceStars: amount.nullish(),
  priceTon: amount.nullish(),
  pricePoints: amount.nullish(),
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

const str = <T extends Record<string, unknown>>(row: T) =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v instanceof Date ? v.toISOString() : v]));

/** Products, edited by admins; every change is audited. */
const adminProductsRouter = router({
  products: adminProcedure('shop.view').query(async ({ ctx }) =>
    (await ctx.deps.prisma.product.findMany({ orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] })).map((p) => str(p)),
  ),
  saveProduct: adminProcedure('shop.manage')
    .input(productInput)
    .mutation(async ({ ctx, input }) => {
      const { id, ...data } = input;
      const saved = id
        ? await ctx.deps.prisma.product.update({ where: { id }, data: { ...data, updatedAt: ctx.deps.clock.now() } })
        : await ctx.deps.prisma.product.create({ data });
      await audit(ctx.deps.prisma, { actorId: ctx.participant.id, action: id ? 'product.updated' : 'product.created', subjectType: 'product', subjectId: saved.id, data: { slug: saved.slug } });
      return str(saved);
    }),
});

/** Tasks and products: admin.catalog.* (the task half lives with the tasks). */
export const adminCatalogRouter = mergeRouters(adminTasksRouter, adminProductsRouter);
