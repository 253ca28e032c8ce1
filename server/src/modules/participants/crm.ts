import type { Participant } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';
import { balancesOf } from '../ledger/queries.ts';
import type { PeopleFilter } from './schemas.ts';
import { likePattern } from '../../lib/schemas.ts';
import { displayName, isBanned } from './service.ts';
import { savedFilter, segmentWhere, sqlParams } from './segments.ts';

type Prisma = AppDeps['prisma'];

async function byTelegramId(prisma: Prisma, id: bigint) {
  const p = await prisma.participant.findUnique({ where: { telegramId: id } });
  if (!p) throw new DomainError(AppCodes.PARTICIPANT_NOT_FOUND, 'NOT_FOUND', 'No participant with this Telegram id.');
  return p;
}

/** The columns the console's people table may sort by. */
const PEOPLE_ORDER = { id: 'p.id', name: 'p."firstName"', telegramId: 'p."telegramId"', createdAt: 'p."createdAt"', lastSeenAt: 'p."lastSeenAt"' } as const;

/**
 * Find people by name, @username or Telegram id, role, tag, ban or saved segment; newest first, a page
 * at a time. SQL rather than Prisma so a saved segment matches exactly as mailings and tasks match it.
 */
export async function listPeople(deps: AppDeps, input: PeopleFilter) {
  const now = deps.clock.now();
  const { params, arg } = sqlParams();
  const where: string[] = [];
  const s = input.search;
  if (s) {
    const like = arg(likePattern(s));
    const name = arg(likePattern(s.replace(/^@/, '')));
    where.push(`(p."firstName" ILIKE ${like} OR p."lastName" ILIKE ${like} OR p.username ILIKE ${name}${/^\d{1,18}$/.test(s) ? ` OR p."telegramId" = ${arg(s)}::bigint` : ''})`);
  }
  if (input.banned !== undefined) {
    const inForce = `(p."bannedAt" IS NOT NULL AND (p."bannedUntil" IS NULL OR p."bannedUntil" > ${arg(now.toISOString())}::timestamptz AT TIME ZONE 'UTC'))`;
    where.push(input.banned ? inForce : `NOT ${inForce}`);
  }
  if (input.role) where.push(`p.role = ${arg(input.role)}::"Role"`);
  if (input.tag) where.push(`p.tags @> ARRAY[${arg(input.tag)}]::text[]`);
  if (input.segmentId) where.push(...segmentWhere(await savedFilter(deps, input.segmentId), now, arg));
  const filtered = where.length ? `WHERE ${where.join(' AND ')}` : '';
  // The total counts the filter alone (its parameters are those bound so far).
  const counting = deps.db.sql.query<{ n: bigint | number }>(`SELECT count(*) AS n FROM "Participant" p ${filtered}`, [...params]);
  // A cursor pages the newest first; a page number pages whatever order the table asks for.
  const byCursor = input.page === undefined;
  const { by, dir } = input.sort;
  const d = dir === 'asc' ? 'ASC' : 'DESC';
  const order = byCursor ? 'p.id DESC' : `${PEOPLE_ORDER[by]} ${d}, p.id ${d}`;
  const page = byCursor && input.cursor ? `${filtered ? `${filtered} AND` : 'WHERE'} p.id < ${arg(input.cursor)}` : filtered;
  const offset = byCursor ? 0 : (input.page! - 1) * input.limit;
  const [rows, [{ n }]] = await Promise.all([
    deps.db.sql.query<Participant>(`SELECT p.* FROM "Participant" p ${page} ORDER BY ${order} LIMIT ${arg(input.limit + 1)} OFFSET ${arg(offset)}`, params),
    counting,
  ]);
  const total = Number(n);
  const items = rows.slice(0, input.limit).map((p) => ({
    id: p.id,
    telegramId: p.telegramId.toString(),
    name: displayName(p),
    username: p.username,
    role: p.role,
    language: p.language,
    banned: isBanned(p, now),
    bannedUntil: p.bannedUntil?.toISOString() ?? null,
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
    banned: isBanned(p, deps.clock.now()),
    banReason: p.banReason,
    bannedUntil: p.bannedUntil?.toISOString() ?? null,
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
