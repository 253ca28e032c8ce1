import type { Participant, Prisma as P } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { DAY_MS } from '../../lib/time.ts';
import { audit } from '../audit/service.ts';
import { displayName } from './service.ts';

const MAX_BAN_DAYS = 3660;

async function byTelegramId(deps: AppDeps, telegramId: bigint) {
  const p = await deps.prisma.participant.findUnique({ where: { telegramId } });
  if (!p) throw new DomainError(AppCodes.PARTICIPANT_NOT_FOUND, 'NOT_FOUND', 'No participant with this Telegram id.');
  return p;
}

/**
 * Bans a participant until `until` (null: until lifted by hand), with a reason for the ban list and the
 * audit trail. Banning someone already banned replaces the ban (a new end, a new reason).
 */
export async function ban(deps: AppDeps, admin: Participant, telegramId: bigint, reason: string, until: Date | null) {
  const now = deps.clock.now();
  if (until && until.getTime() <= now.getTime()) throw new DomainError(AppCodes.VALIDATION, 'BAD_REQUEST', 'The end of a ban must be in the future.');
  if (until && until.getTime() > now.getTime() + MAX_BAN_DAYS * DAY_MS) {
    throw new DomainError(AppCodes.VALIDATION, 'BAD_REQUEST', 'A ban with an end ends within ten years; leave the end out for a permanent one.');
  }
  const p = await byTelegramId(deps, telegramId);
  if (p.role === 'OWNER') throw new DomainError(AppCodes.FORBIDDEN, 'FORBIDDEN', 'An owner cannot be banned.');
  if (p.deletedAt) throw new DomainError(AppCodes.PARTICIPANT_NOT_FOUND, 'NOT_FOUND', 'This account was deleted.');
  await inTx(deps.prisma, async (tx) => {
    await tx.ban.updateMany({ where: { participantId: p.id, liftedAt: null }, data: { liftedAt: now, liftedById: admin.id } });
    await tx.ban.create({ data: { participantId: p.id, reason, until, createdById: admin.id, createdAt: now } });
    await tx.participant.update({ where: { id: p.id }, data: { bannedAt: now, banReason: reason, bannedUntil: until } });
    await audit(tx, { actorId: admin.id, action: 'participant.banned', subjectType: 'participant', subjectId: p.id, data: { reason, until: until?.toISOString() ?? null } });
  });
  return { ok: true as const, until: until?.toISOString() ?? null };
}

/** Lifts a participant's ban (audited); nothing happens, and nothing is recorded, when there is none. */
export async function unban(deps: AppDeps, admin: Participant, telegramId: bigint) {
  const now = deps.clock.now();
  const p = await byTelegramId(deps, telegramId);
  // A deleted account is marked banned so it stays out of everything; that is not a ban to lift.
  if (p.deletedAt) throw new DomainError(AppCodes.PARTICIPANT_NOT_FOUND, 'NOT_FOUND', 'This account was deleted.');
  const lifted = await inTx(deps.prisma, async (tx) => {
    const n = await tx.participant.updateMany({ where: { id: p.id, bannedAt: { not: null } }, data: { bannedAt: null, banReason: null, bannedUntil: null } });
    await tx.ban.updateMany({ where: { participantId: p.id, liftedAt: null }, data: { liftedAt: now, liftedById: admin.id } });
    if (n.count) await audit(tx, { actorId: admin.id, action: 'participant.unbanned', subjectType: 'participant', subjectId: p.id });
    return n.count > 0;
  });
  return { ok: true as const, lifted };
}

/**
 * Bans whose end has passed: lifted on the participant (the sign-in already let them in at the end; this
 * puts them back on the boards and in mailings) and marked ended on the list, audited with no actor.
 * Run by the worker every minute.
 */
export async function liftEndedBans(deps: Pick<AppDeps, 'prisma' | 'clock'>): Promise<number> {
  const now = deps.clock.now();
  return inTx(deps.prisma, async (tx) => {
    const ended = await tx.participant.findMany({ where: { bannedAt: { not: null }, bannedUntil: { lte: now } }, select: { id: true, bannedUntil: true } });
    for (const p of ended) {
      const n = await tx.participant.updateMany({ where: { id: p.id, bannedUntil: p.bannedUntil }, data: { bannedAt: null, banReason: null, bannedUntil: null } });
      if (!n.count) continue;
      await tx.ban.updateMany({ where: { participantId: p.id, liftedAt: null }, data: { liftedAt: p.bannedUntil } });
      await audit(tx, { actorId: null, action: 'participant.unbanned', subjectType: 'participant', subjectId: p.id, data: { reason: 'the ban ended', at: p.bannedUntil?.toISOString() } });
    }
    return ended.length;
  });
}

export type BanStatus = 'active' | 'ended' | 'lifted';

/** The ban list's filter; `status` past = ended or lifted. A cursor pages the newest first, a page any `sort`. */
export interface BanFilter {
  search?: string;
  reason?: string;
  active?: boolean;
  status?: BanStatus | 'past';
  cursor?: number;
  page?: number;
  sort?: { by: 'bannedAt' | 'until' | 'person' | 'reason'; dir: 'asc' | 'desc' };
  limit: number;
}

/** Which bans are in force, ran out by themselves, or were lifted by hand (as `status` below tells them apart). */
function statusWhere(deps: AppDeps, status: BanStatus | 'past', now: Date): P.BanWhereInput {
  const inForce: P.BanWhereInput = { liftedAt: null, OR: [{ until: null }, { until: { gt: now } }] };
  const until = deps.prisma.ban.fields.until;
  switch (status) {
    case 'active':
      return inForce;
    case 'past':
      return { NOT: inForce };
    case 'ended':
      return { OR: [{ liftedAt: null, until: { lte: now } }, { liftedById: null, until: { not: null }, liftedAt: { gte: until } }] };
    case 'lifted':
      return { liftedAt: { not: null }, OR: [{ liftedById: { not: null } }, { until: null }, { liftedAt: { lt: until } }] };
  }
}

const BAN_ORDER = {
  bannedAt: (dir: P.SortOrder): P.BanOrderByWithRelationInput => ({ createdAt: dir }),
  // A ban without an end lasts longest: last going up, first going down.
  until: (dir: P.SortOrder): P.BanOrderByWithRelationInput => ({ until: { sort: dir, nulls: dir === 'asc' ? 'last' : 'first' } }),
  person: (dir: P.SortOrder): P.BanOrderByWithRelationInput => ({ participant: { firstName: dir } }),
  reason: (dir: P.SortOrder): P.BanOrderByWithRelationInput => ({ reason: dir }),
};

/**
 * The ban list: who was banned, by whom, when, why and until when; filtered by state, person and reason,
 * sorted, a page at a time (the console's table) or newest first after a cursor (a ban id).
 */
export async function listBans(deps: AppDeps, input: BanFilter) {
  const now = deps.clock.now();
  const s = input.search?.trim();
  const r = input.reason?.trim();
  const and: P.BanWhereInput[] = [];
  if (input.active !== undefined) and.push(statusWhere(deps, input.active ? 'active' : 'past', now));
  if (input.status) and.push(statusWhere(deps, input.status, now));
  if (r) and.push({ reason: { contains: r, mode: 'insensitive' } });
  if (s) {
    and.push({
      participant: {
        OR: [
          { firstName: { contains: s, mode: 'insensitive' } },
          { lastName: { contains: s, mode: 'insensitive' } },
          { username: { contains: s.replace(/^@/, ''), mode: 'insensitive' } },
          ...(/^\d{1,18}$/.test(s) ? [{ telegramId: BigInt(s) }] : []),
        ],
      },
    });
  }
  const where: P.BanWhereInput = and.length ? { AND: and } : {};
  const byCursor = input.cursor !== undefined;
  const sort = input.sort ?? { by: 'bannedAt', dir: 'desc' };
  const [rows, total] = await Promise.all([
    deps.prisma.ban.findMany({
      where: byCursor ? { AND: [where, { id: { lt: input.cursor } }] } : where,
      orderBy: byCursor ? { id: 'desc' } : [BAN_ORDER[sort.by](sort.dir), { id: sort.dir }],
      skip: byCursor ? 0 : ((input.page ?? 1) - 1) * input.limit,
      take: input.limit + 1,
      include: { participant: true, createdBy: true, liftedBy: true },
    }),
    deps.prisma.ban.count({ where }),
  ]);
  const items = rows.slice(0, input.limit).map((b) => {
    const status: BanStatus = b.liftedAt ? (b.liftedById == null && b.until && b.liftedAt >= b.until ? 'ended' : 'lifted') : b.until && b.until <= now ? 'ended' : 'active';
    return {
      id: b.id,
      telegramId: b.participant.telegramId.toString(),
      name: displayName(b.participant),
      username: b.participant.username,
      reason: b.reason,
      until: b.until?.toISOString() ?? null,
      bannedAt: b.createdAt.toISOString(),
      bannedBy: b.createdBy ? displayName(b.createdBy) : null,
      liftedAt: b.liftedAt?.toISOString() ?? null,
      liftedBy: b.liftedBy ? displayName(b.liftedBy) : null,
      status,
    };
  });
  return { items, total, nextCursor: rows.length > input.limit ? items[items.length - 1].id : null };
}
