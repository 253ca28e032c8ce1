import { GrammyError } from 'grammy';
import type { Dialog, DialogMessage, Participant } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';
import { displayName } from '../participants/service.ts';
import { t } from '../../lib/bot-strings.ts';
import { teamChats } from '../notifications/team.ts';
import { rolesThatCan } from '../../policy.ts';
import { emit } from '../events/emit.ts';

const notFound = () => new DomainError(AppCodes.DIALOG_NOT_FOUND, 'NOT_FOUND', 'This conversation does not exist.');

/**
 * A participant wrote to the bot. Returns whether the message starts a conversation (a first one, or
 * one after the last was closed), when the bot acknowledges it; null for a redelivered update. With
 * `announce`, a conversation that starts is recorded for the worker to tell the team.
 */
export async function receive(
  deps: AppDeps,
  participantId: number,
  message: { telegramMessageId: number; text: string },
  opts: { announce?: boolean } = {},
): Promise<{ opened: boolean } | null> {
  const now = deps.clock.now();
  return inTx(deps.prisma, async (tx) => {
    // Two messages arriving together for a new participant make one dialog between them.
    const created = await tx.$queryRawUnsafe<{ id: number }[]>(
      `INSERT INTO "Dialog" ("participantId", status, unread, "lastMessageAt", "createdAt") VALUES ($1, 'OPEN', 0, $2::timestamp(3), $2::timestamp(3))
       ON CONFLICT ("participantId") DO NOTHING RETURNING id`,
      participantId,
      now,
    );
    const [d] = created.length
      ? [{ id: created[0].id, status: 'OPEN' as const }]
      : await tx.$queryRawUnsafe<Pick<Dialog, 'id' | 'status'>[]>(`SELECT id, status FROM "Dialog" WHERE "participantId" = $1 FOR UPDATE`, participantId);
    // Telegram delivers an update again when our answer to it was lost: the message is already here.
    const inserted = await tx.$executeRawUnsafe(
      `INSERT INTO "DialogMessage" ("dialogId", direction, text, "telegramMessageId", "createdAt") VALUES ($1, 'IN', $2, $3, $4::timestamp(3))
       ON CONFLICT ("dialogId", direction, "telegramMessageId") DO NOTHING`,
      d.id,
      message.text,
      message.telegramMessageId,
      now,
    );
    if (inserted === 0) return null;
    await tx.$executeRawUnsafe(
      `UPDATE "Dialog" SET status = 'OPEN', unread = unread + 1, "lastMessageAt" = GREATEST("lastMessageAt", $2::timestamp(3)) WHERE id = $1`,
      d.id,
      now,
    );
    // A conversation starts unless one is going on (the partial unique key allows one open at a time).
    await tx.$executeRawUnsafe(
      `INSERT INTO "DialogConversation" ("dialogId", "openedAt") VALUES ($1, $2::timestamp(3)) ON CONFLICT ("dialogId") WHERE "closedAt" IS NULL DO NOTHING`,
      d.id,
      now,
    );
    const opened = created.length > 0 || d.status === 'CLOSED';
    if (opened && opts.announce) {
      const preview = message.text.length > 300 ? `${message.text.slice(0, 300)}…` : message.text;
      await emit(tx, 'dialog.opened', { participantId, preview }, { key: `dialog:${d.id}:opened:${message.telegramMessageId}` });
    }
    return { opened };
  });
}

type Who = Pick<Participant, 'id' | 'telegramId' | 'firstName' | 'lastName' | 'username' | 'language' | 'photoUrl'>;
const who = (p: Who) => ({ id: p.id, telegramId: p.telegramId.toString(), name: displayName(p), username: p.username, language: p.language, photoUrl: p.photoUrl });
const assigneeView = (a: Pick<Participant, 'id' | 'firstName' | 'lastName' | 'username'> | null) => (a ? { id: a.id, name: displayName(a) } : null);

/** Whose dialogs the inbox shows: the caller's, nobody's yet, or one team member's. */
export type AssigneeFilter = 'mine' | 'unassigned' | number;
const messageView = (m: DialogMessage, authors: Map<number, string>) => ({
  id: m.id.toString(),
  direction: m.direction,
  text: m.text,
  author: m.authorId ? (authors.get(m.authorId) ?? null) : null,
  createdAt: m.createdAt.toISOString(),
});

/** The inbox: newest activity first, by status and assignee; the cursor is the last item's `cursor`. */
export async function listDialogs(
  deps: AppDeps,
  status: Dialog['status'] | undefined,
  cursor: string | undefined,
  limit: number,
  filter: { assignee?: AssigneeFilter; viewerId?: number } = {},
) {
  let after: { at: Date; id: number } | null = null;
  if (cursor) {
    const [at, id] = cursor.split('|');
    if (!at || !id || Number.isNaN(Date.parse(at)) || !/^\d+$/.test(id)) throw new DomainError(AppCodes.VALIDATION, 'BAD_REQUEST', 'The cursor is not one this list gave.');
    after = { at: new Date(at), id: Number(id) };
  }
  const assigneeId = filter.assignee === 'mine' ? (filter.viewerId ?? -1) : filter.assignee === 'unassigned' ? null : filter.assignee;
  const rows = await deps.prisma.dialog.findMany({
    where: {
      ...(status ? { status } : {}),
      ...(assigneeId !== undefined ? { assigneeId } : {}),
      ...(after ? { OR: [{ lastMessageAt: { lt: after.at } }, { lastMessageAt: after.at, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ lastMessageAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    include: { participant: true, assignee: true, messages: { orderBy: { id: 'desc' }, take: 1 } },
  });
  const items = rows.slice(0, limit).map((d) => ({
    id: d.id,
    status: d.status,
    unread: d.unread,
    lastMessageAt: d.lastMessageAt.toISOString(),
    participant: who(d.participant),
    assignee: assigneeView(d.assignee),
    last: d.messages[0] ? { direction: d.messages[0].direction, text: d.messages[0].text.slice(0, 200) } : null,
    cursor: `${d.lastMessageAt.toISOString()}|${d.id}`,
  }));
  const [counts] = await deps.db.sql.query<{ open: number; unread: number; mine: number }>(
    `SELECT count(*)::int AS open, COALESCE(sum(unread), 0)::int AS unread, count(*) FILTER (WHERE "assigneeId" = $1)::int AS mine
       FROM "Dialog" WHERE status = 'OPEN'`,
    [filter.viewerId ?? -1],
  );
  return { items, nextCursor: rows.length > limit ? items[items.length - 1].cursor : null, open: counts.open, unread: counts.unread, mine: counts.mine };
}

/** One conversation, its latest messages oldest first (`before`: an id, for the page above). */
export async function getDialog(deps: AppDeps, id: number, before: bigint | undefined, limit = 50) {
  const d = await deps.prisma.dialog.findUnique({ where: { id }, include: { participant: true, assignee: true } });
  if (!d) throw notFound();
  const rows = await deps.prisma.dialogMessage.findMany({
    where: { dialogId: id, ...(before ? { id: { lt: before } } : {}) },
    orderBy: { id: 'desc' },
    take: limit + 1,
  });
  const page = rows.slice(0, limit).reverse();
  const authorIds = [...new Set(page.map((m) => m.authorId).filter((x): x is number => x != null))];
  const authors = new Map((await deps.prisma.participant.findMany({ where: { id: { in: authorIds } } })).map((p) => [p.id, displayName(p)]));
  return {
    id: d.id,
    status: d.status,
    unread: d.unread,
    participant: { ...who(d.participant), banned: d.participant.bannedAt != null, reachable: d.participant.botBlockedAt == null },
    assignee: assigneeView(d.assignee),
    messages: page.map((m) => messageView(m, authors)),
    olderCursor: rows.length > limit ? page[0].id.toString() : null,
  };
}

/** An admin has read the conversation. */
export async function markRead(deps: AppDeps, id: number) {
  const n = await deps.prisma.dialog.updateMany({ where: { id }, data: { unread: 0 } });
  if (n.count === 0) throw notFound();
  return { ok: true };
}

/**
 * The bot sends the admin's answer into the participant's chat; only what Telegram accepted is recorded
 * (with its message id), and the conversation turns ANSWERED.
 */
export async function reply(deps: AppDeps, admin: Participant, id: number, text: string) {
  const d = await deps.prisma.dialog.findUnique({ where: { id }, include: { participant: true } });
  if (!d) throw notFound();
  let sent: { message_id: number };
  try {
    sent = await deps.telegram.sendMessage(Number(d.participant.telegramId), text);
  } catch (e) {
    if (e instanceof GrammyError && e.error_code === 403) {
      await deps.prisma.participant.update({ where: { id: d.participantId }, data: { botBlockedAt: deps.clock.now() } });
      throw new DomainError(AppCodes.MESSAGE_NOT_SENT, 'PRECONDITION_FAILED', 'This participant has blocked the bot; the answer cannot reach them.');
    }
    throw new DomainError(AppCodes.MESSAGE_NOT_SENT, 'BAD_GATEWAY', 'Telegram did not take the answer right now. Try again in a minute.');
  }
  const now = deps.clock.now();
  const m = await inTx(deps.prisma, async (tx) => {
    const m = await tx.dialogMessage.create({ data: { dialogId: id, direction: 'OUT', text, telegramMessageId: sent.message_id, authorId: admin.id, createdAt: now } });
    await tx.dialog.update({ where: { id }, data: { status: 'ANSWERED', unread: 0, lastMessageAt: now } });
    // The team's first answer in the conversation going on (none is going on after a close).
    await tx.dialogConversation.updateMany({ where: { dialogId: id, closedAt: null, firstResponseAt: null }, data: { firstResponseAt: now, firstResponderId: admin.id } });
    await audit(tx, { actorId: admin.id, action: 'dialog.replied', subjectType: 'dialog', subjectId: id, data: { messageId: m.id } });
    return m;
  });
  return messageView(m, new Map([[admin.id, displayName(admin)]]));
}

/** Done with it: the conversation is resolved; the next message from the participant opens a new one. */
export async function closeDialog(deps: AppDeps, admin: Participant, id: number) {
  const now = deps.clock.now();
  await inTx(deps.prisma, async (tx) => {
    const n = await tx.dialog.updateMany({ where: { id }, data: { status: 'CLOSED', unread: 0 } });
    if (n.count === 0) throw notFound();
    await tx.dialogConversation.updateMany({ where: { dialogId: id, closedAt: null }, data: { closedAt: now } });
    await audit(tx, { actorId: admin.id, action: 'dialog.closed', subjectType: 'dialog', subjectId: id });
  });
  return { ok: true };
}

/**
 * Closed too early: the dialog is open again and its last conversation goes on (its resolution is
 * measured at the next close). A dialog that is not closed stays as it is.
 */
export async function reopenDialog(deps: AppDeps, admin: Participant, id: number) {
  await inTx(deps.prisma, async (tx) => {
    const [d] = await tx.$queryRawUnsafe<Pick<Dialog, 'id' | 'status'>[]>(`SELECT id, status FROM "Dialog" WHERE id = $1 FOR UPDATE`, id);
    if (!d) throw notFound();
    if (d.status !== 'CLOSED') return;
    await tx.dialog.update({ where: { id }, data: { status: 'OPEN' } });
    const open = await tx.dialogConversation.count({ where: { dialogId: id, closedAt: null } });
    const last = open ? null : await tx.dialogConversation.findFirst({ where: { dialogId: id }, orderBy: { id: 'desc' } });
    if (last) await tx.dialogConversation.update({ where: { id: last.id }, data: { closedAt: null } });
    await audit(tx, { actorId: admin.id, action: 'dialog.reopened', subjectType: 'dialog', subjectId: id });
  });
  return { ok: true };
}

/** Team members a dialog may be assigned to (those whose role may answer dialogs), with their open dialogs. */
export async function team(deps: AppDeps) {
  const people = await deps.prisma.participant.findMany({
    where: { role: { in: rolesThatCan('dialogs.answer') }, bannedAt: null, deletedAt: null },
    orderBy: [{ firstName: 'asc' }, { id: 'asc' }],
  });
  const open = await deps.prisma.dialog.groupBy({ by: ['assigneeId'], where: { status: 'OPEN', assigneeId: { in: people.map((p) => p.id) } }, _count: true });
  const count = new Map(open.map((o) => [o.assigneeId, o._count]));
  return people.map((p) => ({ id: p.id, name: displayName(p), username: p.username, role: p.role, photoUrl: p.photoUrl, open: count.get(p.id) ?? 0 }));
}

const notAssignable = () =>
  new DomainError(AppCodes.ASSIGNEE_NOT_ALLOWED, 'BAD_REQUEST', 'A conversation can be assigned only to a team member who may answer conversations.');

/**
 * Hands the dialog to a team member (null: to nobody). The assignee is told by the bot, after commit,
 * unless they took it themself.
 */
export async function assign(deps: AppDeps, admin: Participant, id: number, assigneeId: number | null) {
  const assignee = assigneeId == null ? null : await deps.prisma.participant.findUnique({ where: { id: assigneeId } });
  if (assigneeId != null && (!assignee || assignee.bannedAt || assignee.deletedAt || !rolesThatCan('dialogs.answer').includes(assignee.role as never))) {
    throw notAssignable();
  }
  const now = deps.clock.now();
  return inTx(deps.prisma, async (tx) => {
    const [d] = await tx.$queryRawUnsafe<Pick<Dialog, 'id' | 'assigneeId' | 'participantId'>[]>(
      `SELECT id, "assigneeId", "participantId" FROM "Dialog" WHERE id = $1 FOR UPDATE`,
      id,
    );
    if (!d) throw notFound();
    if (d.assigneeId === assigneeId) return { id, assignee: assigneeView(assignee) };
    await tx.dialog.update({ where: { id }, data: { assigneeId } });
    await audit(tx, { actorId: admin.id, action: 'dialog.assigned', subjectType: 'dialog', subjectId: id, data: { from: d.assigneeId, to: assigneeId } });
    if (assignee && assignee.id !== admin.id) {
      const from = await tx.participant.findUniqueOrThrow({ where: { id: d.participantId } });
      const last = await tx.dialogMessage.findFirst({ where: { dialogId: id, direction: 'IN' }, orderBy: { id: 'desc' } });
      const preview = last ? (last.text.length > 300 ? `${last.text.slice(0, 300)}…` : last.text) : '';
      const whom = `${displayName(from)}${from.username ? ` (@${from.username})` : ''}`;
      await emit(
        tx,
        'chat.message',
        { chatId: Number(assignee.telegramId), text: t(assignee.language).dialogAssigned(displayName(admin), whom, preview) },
        { key: `dialog:${id}:assigned:${assignee.id}:${now.getTime()}` },
      );
    }
    return { id, assignee: assigneeView(assignee) };
  });
}

/**
 * What tells the team a conversation has started, so nobody has to watch the inbox: the admins' chat when
 * configured, otherwise each owner, admin and moderator privately, in their language.
 */
export async function conversationNotices(deps: AppDeps, from: Pick<Participant, 'firstName' | 'lastName' | 'username' | 'telegramId'>, preview: string) {
  const who = `${displayName(from)}${from.username ? ` (@${from.username})` : ''}`;
  const say = (lang: string) => t(lang).newConversation(who, preview);
  const to = await teamChats(deps, 'dialogs.answer');
  return to.map(({ chatId, lang }) => ({ chatId, text: say(lang) }));
}
