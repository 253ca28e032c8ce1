import type { Participant } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';

/** The team keeps a short list; past this a new one waits until an old one goes. */
export const MAX_QUICK_REPLIES = 200;

const notFound = () => new DomainError(AppCodes.QUICK_REPLY_NOT_FOUND, 'NOT_FOUND', 'This quick reply does not exist.');
const view = (q: { id: number; title: string; text: string; updatedAt: Date }) => ({ id: q.id, title: q.title, text: q.text, updatedAt: q.updatedAt.toISOString() });

/** The team's canned answers, by title. */
export async function quickReplies(deps: AppDeps) {
  const rows = await deps.prisma.quickReply.findMany({ orderBy: [{ title: 'asc' }, { id: 'asc' }], take: MAX_QUICK_REPLIES });
  return rows.map(view);
}

/** Adds a quick reply, or changes one (`id`). A title is unique (ALREADY_EXISTS otherwise). */
export async function saveQuickReply(deps: AppDeps, admin: Participant, input: { id?: number; title: string; text: string }) {
  const now = deps.clock.now();
  if (input.id == null) {
    if ((await deps.prisma.quickReply.count()) >= MAX_QUICK_REPLIES) {
      throw new DomainError(AppCodes.LIMIT_REACHED, 'BAD_REQUEST', `Keep at most ${MAX_QUICK_REPLIES} quick replies: delete one first.`);
    }
    const q = await deps.prisma.quickReply.create({ data: { title: input.title, text: input.text, createdById: admin.id, createdAt: now, updatedAt: now } });
    await audit(deps.prisma, { actorId: admin.id, action: 'quickReply.created', subjectType: 'quickReply', subjectId: q.id });
    return view(q);
  }
  const n = await deps.prisma.quickReply.updateMany({ where: { id: input.id }, data: { title: input.title, text: input.text, updatedAt: now } });
  if (n.count === 0) throw notFound();
  await audit(deps.prisma, { actorId: admin.id, action: 'quickReply.updated', subjectType: 'quickReply', subjectId: input.id });
  return view(await deps.prisma.quickReply.findUniqueOrThrow({ where: { id: input.id } }));
}

export async function deleteQuickReply(deps: AppDeps, admin: Participant, id: number) {
  const n = await deps.prisma.quickReply.deleteMany({ where: { id } });
  if (n.count === 0) throw notFound();
  await audit(deps.prisma, { actorId: admin.id, action: 'quickReply.deleted', subjectType: 'quickReply', subjectId: id });
  return { ok: true };
}
