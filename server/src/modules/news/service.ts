import type { Participant, Post } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';
import { inLanguage, type Localized } from '../mailings/schemas.ts';

export interface PostInput {
  kind: Post['kind'];
  title: Localized;
  body: Localized;
  imageUrl?: string | null;
  url?: string | null;
  eventAt?: Date | null;
  pinned?: boolean;
}

const notFound = () => new DomainError(AppCodes.POST_NOT_FOUND, 'NOT_FOUND', 'This post does not exist.');

/** A post as a participant reads it: in their language. */
const readerView = (p: Post, lang: string) => ({
  id: p.id,
  kind: p.kind,
  title: inLanguage(p.title as Localized, lang),
  body: inLanguage(p.body as Localized, lang),
  imageUrl: p.imageUrl,
  url: p.url,
  eventAt: p.eventAt?.toISOString() ?? null,
  pinned: p.pinned,
  publishedAt: p.publishedAt!.toISOString(),
});

/**
 * Published posts: the pinned ones apart (at most 5), the rest newest first a page at a time, and events
 * still to come, soonest first, so the Home screen can show what is next.
 */
export async function feed(deps: AppDeps, lang: string, cursor: number | undefined, limit: number) {
  const now = deps.clock.now();
  const published = { publishedAt: { not: null, lte: now } } as const;
  const [rows, pinned, upcoming] = await Promise.all([
    deps.prisma.post.findMany({ where: { ...published, pinned: false, ...(cursor ? { id: { lt: cursor } } : {}) }, orderBy: { id: 'desc' }, take: limit + 1 }),
    cursor ? [] : deps.prisma.post.findMany({ where: { ...published, pinned: true }, orderBy: { id: 'desc' }, take: 5 }),
    cursor ? [] : deps.prisma.post.findMany({ where: { ...published, kind: 'EVENT', eventAt: { gt: now } }, orderBy: { eventAt: 'asc' }, take: 5 }),
  ]);
  const items = rows.slice(0, limit).map((p) => readerView(p, lang));
  return {
    pinned: pinned.map((p) => readerView(p, lang)),
    upcoming: upcoming.map((p) => readerView(p, lang)),
    items,
    nextCursor: rows.length > limit ? items[items.length - 1].id : null,
  };
}

const adminView = (p: Post) => ({
  id: p.id,
  kind: p.kind,
  title: p.title as Localized,
  body: p.body as Localized,
  imageUrl: p.imageUrl,
  url: p.url,
  eventAt: p.eventAt?.toISOString() ?? null,
  pinned: p.pinned,
  publishedAt: p.publishedAt?.toISOString() ?? null,
  createdAt: p.createdAt.toISOString(),
});

export async function listPosts(deps: AppDeps, id?: number) {
  return (await deps.prisma.post.findMany({ where: id ? { id } : undefined, orderBy: { id: 'desc' }, take: 100 })).map(adminView);
}

export async function savePost(deps: AppDeps, admin: Participant, id: number | undefined, input: PostInput) {
  const now = deps.clock.now();
  const data = {
    kind: input.kind,
    title: input.title,
    body: input.body,
    imageUrl: input.imageUrl ?? null,
    url: input.url ?? null,
    eventAt: input.kind === 'EVENT' ? (input.eventAt ?? null) : null,
    pinned: input.pinned ?? false,
    updatedAt: now,
  };
  if (input.kind === 'EVENT' && !data.eventAt) throw new DomainError(AppCodes.VALIDATION, 'BAD_REQUEST', 'An event needs the date and time it takes place.');
  let post: Post;
  if (id) {
    if (!(await deps.prisma.post.findUnique({ where: { id } }))) throw notFound();
    post = await deps.prisma.post.update({ where: { id }, data });
  } else {
    post = await deps.prisma.post.create({ data: { ...data, createdById: admin.id, createdAt: now } });
  }
  await audit(deps.prisma, { actorId: admin.id, action: id ? 'post.updated' : 'post.created', subjectType: 'post', subjectId: post.id });
  return adminView(post);
}

/** Publish now (or take back to draft): participants see published posts only. */
export async function publishPost(deps: AppDeps, admin: Participant, id: number, published: boolean) {
  const n = await deps.prisma.post.updateMany({ where: { id }, data: { publishedAt: published ? deps.clock.now() : null } });
  if (n.count === 0) throw notFound();
  await audit(deps.prisma, { actorId: admin.id, action: published ? 'post.published' : 'post.unpublished', subjectType: 'post', subjectId: id });
  return adminView((await deps.prisma.post.findUnique({ where: { id } }))!);
}
