import { z } from 'zod';
import { adminProcedure, mergeRouters, router } from '../../trpc.ts';
import { shopAdminRouter } from '../shop/admin.router.ts';
import { audit } from '../audit/service.ts';
import { taskConfigSchema } from '../tasks/config.ts';
import { forgetTasks } from '../tasks/service.ts';

const localized = z.object({ en: z.string().trim().min(1).max(200), ru: z.string().trim().min(1).max(200) });
const longLocalized = z.object({ en: z.string().max(2000), ru: z.string().max(2000) });
const amount = z.string().regex(/^\d{1,20}$/, 'must be a whole number').transform((s) => BigInt(s));
const slug = z.string().regex(/^[a-z0-9-]{2,64}$/, 'lowercase letters, digits and dashes');
const date = z.iso.datetime().transform((s) => new Date(s));

const taskInput = z.object({
  id: z.number().int().positive().optional(),
  slug,
  type: z.enum(['DAILY_CHECKIN', 'JOIN_CHAT', 'INVITE_FRIENDS', 'QUIZ', 'VISIT_LINK', 'CONNECT_WALLET', 'PURCHASE', 'PARTNER']),
  title: localized,
  description: longLocalized,
  reward: amount,
  config: taskConfigSchema.default({}),
  period: z.enum(['ONCE', 'DAILY', 'WEEKLY', 'UNLIMITED']).default('ONCE'),
  limitPerPeriod: z.number().int().min(1).max(1000).default(1),
  cooldownSeconds: z.number().int().min(0).max(31_536_000).default(0),
  startsAt: date.nullish(),
  endsAt: date.nullish(),
  active: z.boolean().default(true),
  sortOrder: z.number().int().default(0),
});

const str = <T extends Record<string, unknown>>(row: T) =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v instanceof Date ? v.toISOString() : v]));

/** Tasks, edited by admins; every change is audited. */
const tasksCatalogRouter = router({
  tasks: adminProcedure('ADMIN').query(async ({ ctx }) =>
    (await ctx.deps.prisma.task.findMany({ orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }], include: { _count: { select: { claims: true } } } })).map((t) => ({
      ...str({ ...t, _count: undefined }),
      claims: t._count.claims,
    })),
  ),
  saveTask: adminProcedure('ADMIN')
    .input(taskInput)
    .mutation(async ({ ctx, input }) => {
      const { id, ...data } = input;
      const saved = id
        ? await ctx.deps.prisma.task.update({ where: { id }, data: { ...data, updatedAt: ctx.deps.clock.now() } })
        : await ctx.deps.prisma.task.create({ data });
      forgetTasks(ctx.deps.db);
      await audit(ctx.deps.prisma, { actorId: ctx.participant.id, action: id ? 'task.updated' : 'task.created', subjectType: 'task', subjectId: saved.id, data: { slug: saved.slug, active: saved.active } });
      return str(saved);
    }),
});

/** `admin.catalog.*`: the tasks' procedures here and the products' from the shop, on the same paths. */
export const adminCatalogRouter = mergeRouters(tasksCatalogRouter, shopAdminRouter);
