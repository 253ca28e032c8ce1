import { z } from 'zod';
import { adminProcedure, participantProcedure, router } from '../../trpc.ts';
import { localizedSchema } from '../mailings/schemas.ts';
import { feed, listPosts, publishPost, savePost } from './service.ts';

const postInput = z.object({
  id: z.number().int().positive().optional(),
  kind: z.enum(['NEWS', 'EVENT']),
  title: localizedSchema(200),
  body: localizedSchema(4000),
  imageUrl: z.url({ protocol: /^https?$/ }).max(1000).nullish(),
  url: z.url({ protocol: /^https?$/ }).max(1000).nullish(),
  eventAt: z.iso.datetime().transform((s) => new Date(s)).nullish(),
  pinned: z.boolean().optional(),
});
const id = z.object({ id: z.number().int().positive() });

/** What the community publishes, in the participant's language. */
export const newsRouter = router({
  feed: participantProcedure
    .input(z.object({ cursor: z.number().int().positive().optional(), limit: z.number().int().min(1).max(50).default(20) }).default({ limit: 20 }))
    .query(({ ctx, input }) => feed(ctx.deps, ctx.participant.language, input.cursor, input.limit)),
});

/** Back office: write, edit, pin, publish and take back news and events. */
export const adminNewsRouter = router({
  list: adminProcedure('MODERATOR', 'ADMIN').query(({ ctx }) => listPosts(ctx.deps)),
  save: adminProcedure('MODERATOR', 'ADMIN')
    .input(postInput)
    .mutation(({ ctx, input }) => savePost(ctx.deps, ctx.admin, input.id, input)),
  publish: adminProcedure('MODERATOR', 'ADMIN').input(id).mutation(({ ctx, input }) => publishPost(ctx.deps, ctx.admin, input.id, true)),
  unpublish: adminProcedure('MODERATOR', 'ADMIN').input(id).mutation(({ ctx, input }) => publishPost(ctx.deps, ctx.admin, input.id, false)),
});
