import type { Participant, Prisma as P } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';
import { balancesOf } from '../ledger/queries.ts';
import type { PeopleFilter } from './schemas.ts';
import { displayName } from './service.ts';

type Prisma = AppDeps['prisma'];

async function byTelegramId(prisma: Prisma, id: bigint) {
  const p = await prisma.participant.findUnique({ where: { telegramId: id } });
  if (!p) throw new DomainError(AppCodes.PARTICIPANT_NOT_FOUND, 'NOT_FOUND', 'No participant with this Telegram id.');
  return p;
}

/** Find people by name, @username or Telegram id, role, tag or ban; newest first, a page at a time. */
export async function listPeople(deps: AppDeps, input: PeopleFilter) {
  const s = input.search;
  const where: P.ParticipantWhereInput = {
    ...(input.banned === undefined ? {} : input.banned ? { bannedAt: { not: null } } : { bannedAt: null }),
    ...(input.role ? { role: input.role } : {}),
    ...(input.tag ? { tags: { has: input.tag } } : {}),
    ...(s
      ? {
          OR: [
            { firstName: { contains: s, mode: 'insensitive' } },
            { lastName: { contains: s, mode: 'insensitive' } },
            { username: { contains: s.replace(/^@/, ''), mode: 'insensitive' } },
            ...(/^\d{1,18}$/.test(s) ? [{ telegramId: BigInt(s) }] : []),
          ],
        }
      : {}),
  };
  const { by, dir } = input.sort;
  // A cursor pages the newest first; a page number pages whatever order the table asks for.
  const byCursor = input.page === undefined;
  const orderBy: P.ParticipantOrderByWithRelationInput[] = byCursor ? [{ id: 'desc' }] : [by === 'name' ? { firstName: dir } : { [by]: dir }, { id: dir }];
  const [rows, total] = await Promise.all([
    deps.prisma.participant.findMany({
      where: byCursor && input.cursor ? { ...where, id: { lt: input.cursor } } : where,
      orderBy,
      skip: byCursor ? 0 : (input.page! - 1) * input.limit,
      take: input.limit + 1,
    }),
    deps.prisma.participant.count({ where }),
  ]);
  const items = rows.slice(0, input.limit).map((p) => ({
    id: p.id,
    telegramId: p.telegramId.toString(),
    name: displayName(p),
    username: p.username,
    role: p.role,
    language: p.language,
    banned: p.bannedAt != null,
    deleted: p.deletedAt != null,
    tags: p.tags,
    createdAt: p.createdAt.toISOString(),
    lastSeenAt: p.lastSeenAt.toISOString(),
  }));
  return { items, total, nextCursor: byCursor && rows.length > input.limit ? items[items.length - 1].id : null };
}

/** A profile as the team sees it: balances, activity, notes and the audit trail about them. */
export async function personProfile(deps: AppDeps, telegramId: bigint) {
  const prisma = deps.prisma;
  const p = await byTelegramId(prisma, telegramId);
  const [balances, wallet, invited, claims, orders, withdrawals, log, notes] = await Promise.all([
    balancesOf(deps.db, p.id),
    prisma.wallet.findUnique({ where: { participantId: p.id } }),
    prisma.participant.count({ where: { invitedById: p.id } }),
    prisma.taskClaim.count({ where: { participantId: p.id } }),
    prisma.order.count({ where: { participantId: p.id } }),
    prisma.withdrawal.findMany({ where: { participantId: p.id }, orderBy: { id: 'desc' }, take: 10 }),
    prisma.auditLog.findMany({ where: { subjectType: 'participant', subjectId: String(p.id) }, orderBy: { id: 'desc' }, take: 20 }),
    notesOf(prisma, p.id),
  ]);
  const actorIds = [...new Set(log.map((a) => a.actorId).filter((x): x is number => x != null))];
  const actors = new Map((await prisma.participant.findMany({ where: { id: { in: actorIds } } })).map((a) => [a.id, displayName(a)]));
  return {
    id: p.id,
    telegramId: p.telegramId.toString(),
    name: displayName(p),
    username: p.username,
    role: p.role,
    language: p.language,
    banned: p.bannedAt != null,
    banReason: p.banReason,
    deleted: p.deletedAt != null,
    tags: p.tags,
    notes,
    streak: p.streak,
    createdAt: p.createdAt.toISOString(),
    lastSeenAt: p.lastSeenAt.toISOString(),
    balances,
    wallet: wallet?.address ?? null,
    invited,
    claims,
    orders,
    withdrawals: withdrawals.map((w) => ({ id: w.id, status: w.status, amount: w.amount.toString(), createdAt: w.createdAt.toISOString() })),
    audit: log.map((a) => ({ action: a.action, actorId: a.actorId, actor: a.actorId ? (actors.get(a.actorId) ?? null) : null, data: a.data, createdAt: a.createdAt.toISOString() })),
  };
}

export async function ban(deps: AppDeps, admin: Participant, telegramId: bigint, reason: string) {
  const p = await byTelegramId(deps.prisma, telegramId);
  if (p.role === 'OWNER') throw new DomainError(AppCodes.FORBIDDEN, 'FORBIDDEN', 'An owner cannot be banned.');
  await deps.prisma.participant.update({ where: { id: p.id }, data: { bannedAt: deps.clock.now(), banReason: reason } });
  await audit(deps.prisma, { actorId: admin.id, action: 'participant.banned', subjectType: 'participant', subjectId: p.id, data: { reason } });
  return { ok: true };
}

export async function unban(deps: AppDeps, admin: Participant, telegramId: bigint) {
  const p = await byTelegramId(deps.prisma, telegramId);
  await deps.prisma.participant.update({ where: { id: p.id }, data: { bannedAt: null, banReason: null } });
  await audit(deps.prisma, { actorId: admin.id, action: 'participant.unbanned', subjectType: 'participant', subjectId: p.id });
  return { ok: true };
}

/** Every tag in use, most used first: what the CRM and the mailing form offer. */
export const tagsInUse = (deps: AppDeps) =>
  deps.db.sql.query<{ tag: string; count: number }>(
    `SELECT t AS tag, count(*)::int AS count FROM "Participant", unnest(tags) t GROUP BY t ORDER BY count(*) DESC, t LIMIT 200`,
  );

export async function setTags(deps: AppDeps, admin: Participant, telegramId: bigint, input: string[]) {
  const p = await byTelegramId(deps.prisma, telegramId);
  const tags = [...new Set(input)].sort();
  await deps.prisma.participant.update({ where: { id: p.id }, data: { tags } });
  await audit(deps.prisma, { actorId: admin.id, action: 'participant.tagged', subjectType: 'participant', subjectId: p.id, data: { from: p.tags, to: tags } });
  return { tags };
}

export async function addNote(deps: AppDeps, admin: Participant, telegramId: bigint, text: string) {
  const p = await byTelegramId(deps.prisma, telegramId);
  await deps.prisma.participantNote.create({ data: { participantId: p.id, authorId: admin.id, text, createdAt: deps.clock.now() } });
  return notesOf(deps.prisma, p.id);
}

/** A participant's notes, newest first, with who wrote them. */
async function notesOf(prisma: Prisma, participantId: number) {
  const rows = await prisma.participantNote.findMany({ where: { participantId }, orderBy: { id: 'desc' }, take: 50 });
  const authors = new Map((await prisma.participant.findMany({ where: { id: { in: [...new Set(rows.map((n) => n.authorId))] } } })).map((a) => [a.id, displayName(a)]));
  return rows.map((n) => ({ id: n.id, text: n.text, author: authors.get(n.authorId) ?? null, createdAt: n.createdAt.toISOString() }));
}
