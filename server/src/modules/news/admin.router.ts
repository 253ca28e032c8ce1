import { z } from 'zod';
import { id as idField } from '../../lib/schemas.ts';
import { adminProcedure, router } from '../../trpc.ts';
import { postInput } from './schemas.ts';
import { listPosts, publishPost, savePost } from './service.ts';

const id = z.object({ id: idField });

/** Back office: write, edit, pin, publish and take back news and events. */
export const adminNewsRouter = router({
  /** The latest posts, or (`id`) that one post: the console's #/news/<id>, however old. */
  list: adminProcedure('news.publish')
    .input(z.object({ id: idField.optional() }).optional())
    .query(({ ctx, input }) => listPosts(ctx.deps, input?.id)),
  save: adminProcedure('news.publish')
    .input(postInput)
    .mutation(({ ctx, input }) => savePost(ctx.deps, ctx.admin, input.id, input)),
  publish: adminProcedure('news.publish').input(id).mutation(({ ctx, input }) => publishPost(ctx.deps, ctx.admin, input.id, true)),
  unpublish: adminProcedure('news.publish').input(id).mutation(({ ctx, input }) => publishPost(ctx.deps, ctx.admin, input.id, false)),
});
