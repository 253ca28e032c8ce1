import type { CommunityEvent, Participant, Prisma as P } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';
import { emit } from '../events/emit.ts';
import type { Localized } from '../mailings/schemas.ts';
import type { EventInput } from './schemas.ts';
import { countsOf, eventNotFound, type Counts } from './service.ts';

const wrongState = (message: string) => new DomainError(AppCodes.CALENDAR_EVENT_STATE, 'CONFLICT', message);

const adminView = (e: CommunityEvent, counts: Counts, attended = 0) => ({
  id: e.id,
  title: e.title as Localized,
  description: e.description as Localized,
  place: e.place,
  url: e.url,
  startsAt: e.startsAt.toISOString(),
  endsAt: e.endsAt.toISOString(),
  capacity: e.capacity,
  status: e.status,
  remindMinutesBefore: e.remindMinutesBefore,
  rewardPoints: e.rewardPoints.toString(),
  going: counts.YES,
  maybe: counts.MAYBE,
  notGoing: counts.NO,
  attended,
  publishedAt: e.publishedAt?.toISOString() ?? null,
  cancelledAt: e.cancelledAt?.toISOString() ?? null,
  createdAt: e.createdAt.toISOString(),
});
export type AdminEventView = ReturnType<typeof adminView>;

async function viewOf(deps: AppDeps, e: CommunityEvent) {
  const [counts, attended] = await Promise.all([countsOf(deps.prisma, [e.id]), deps.prisma.eventRsvp.count({ where: { eventId: e.id, attended: true } })]);
  return adminView(e, counts.get(e.id)!, attended);
}

export interface EventFilter {
  id?: number;
  status?: CommunityEvent['status'];
  when?: 'upcoming' | 'past';
  search?: string;
  sort?: { by: 'startsAt' | 'status' | 'capacity' | 'reward' | 'createdAt'; dir: 'asc' | 'desc' };
  page: number;
  limit: number;
}

const EVENT_ORDER = {
  startsAt: (dir: P.SortOrder): P.CommunityEventOrderByWithRelationInput => ({ startsAt: dir }),
  status: (dir: P.SortOrder): P.CommunityEventOrderByWithRelationInput => ({ status: dir }),
  // No limit is the most room: last going up.
  capacity: (dir: P.SortOrder): P.CommunityEventOrderByWithRelationInput => ({ capacity: { sort: dir, nulls: dir === 'asc' ? 'last' : 'first' } }),
  reward: (dir: P.SortOrder): P.CommunityEventOrderByWithRelationInput => ({ rewardPoints: dir }),
  createdAt: (dir: P.SortOrder): P.CommunityEventOrderByWithRelationInput => ({ createdAt: dir }),
};

/** Events by status, upcoming or past, title or place; sorted (the latest start first unless asked), a page at a time, with answers and attendance. */
export async function listEvents(deps: AppDeps, filter: EventFilter) {
  const now = deps.clock.now();
  const s = filter.search?.trim();
  const where: P.CommunityEventWhereInput = {
    id: filter.id,
    status: filter.status,
    ...(filter.when === 'upcoming' ? { endsAt: { gt: now } } : filter.when === 'past' ? { endsAt: { lte: now } } : {}),
    ...(s
      ? {
          OR: [
            { title: { path: ['en'], string_contains: s, mode: 'insensitive' } },
            { title: { path: ['ru'], string_contains: s, mode: 'insensitive' } },
            { place: { contains: s, mode: 'insensitive' } },
          ],
        }
      : {}),
  };
  const sort = filter.sort ?? { by: 'startsAt', dir: 'desc' };
  const [rows, total] = await Promise.all([
    deps.prisma.communityEvent.findMany({ where, orderBy: [EVENT_ORDER[sort.by](sort.dir), { id: sort.dir }], skip: (filter.page - 1) * filter.limit, take: filter.limit }),
    deps.prisma.communityEvent.count({ where }),
  ]);
  const ids = rows.map((e) => e.id);
  const [counts, attended] = await Promise.all([
    countsOf(deps.prisma, ids),
    ids.length ? deps.prisma.eventRsvp.groupBy({ by: ['eventId'], where: { eventId: { in: ids }, attended: true }, _count: { _all: true } }) : [],
  ]);
  const att = new Map(attended.map((a) => [a.eventId, a._count._all]));
  return { items: rows.map((e) => adminView(e, counts.get(e.id)!, att.get(e.id) ?? 0)), total };
}

/**
 * Creates a draft or edits an event that is not cancelled. A new start time lets the reminder go out
 * again for it (the reminder's key names the start it was for).
 */
export async function saveEvent(deps: AppDeps, admin: Participant, input: EventInput) {
  const now = deps.clock.now();
  const data = {
    title: input.title,
    description: input.description,
    place: input.place ?? null,
    url: input.url ?? null,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    capacity: input.capacity ?? null,
    remindMinutesBefore: input.remindMinutesBefore,
    rewardPoints: input.rewardPoints,
    updatedAt: now,
  };
  const saved = await inTx(deps.prisma, async (tx) => {
    let e: CommunityEvent;
    if (input.id) {
      const before = await tx.communityEvent.findUnique({ where: { id: input.id } });
      if (!before) throw eventNotFound();
      if (before.status === 'CANCELLED') throw wrongState('A cancelled event cannot be edited.');
      e = await tx.communityEvent.update({ where: { id: input.id }, data });
      if (before.startsAt.getTime() !== e.startsAt.getTime() || before.remindMinutesBefore !== e.remindMinutesBefore) {
        await tx.eventRsvp.updateMany({ where: { eventId: e.id, remindedAt: { not: null } }, data: { remindedAt: null } });
      }
    } else {
      e = await tx.communityEvent.create({ data: { ...data, createdById: admin.id, createdAt: now } });
    }
    await audit(tx, { actorId: admin.id, action: input.id ? 'calendar.updated' : 'calendar.created', subjectType: 'community_event', subjectId: e.id });
    return e;
  });
  return viewOf(deps, saved);
}

/** A draft goes live: participants see it and may answer. Only before it starts. */
export async function publishEvent(deps: AppDeps, admin: Participant, id: number) {
  const now = deps.clock.now();
  const n = await deps.prisma.communityEvent.updateMany({ where: { id, status: 'DRAFT', startsAt: { gt: now } }, data: { status: 'PUBLISHED', publishedAt: now, updatedAt: now } });
  if (n.count === 0) {
    const e = await deps.prisma.communityEvent.findUnique({ where: { id } });
    if (!e) throw eventNotFound();
    if (e.status === 'PUBLISHED') return viewOf(deps, e);
    throw wrongState(e.status === 'CANCELLED' ? 'A cancelled event cannot be published.' : 'An event that has already started cannot be published.');
  }
  await audit(deps.prisma, { actorId: admin.id, action: 'calendar.published', subjectType: 'community_event', subjectId: id });
  return viewOf(deps, (await deps.prisma.communityEvent.findUnique({ where: { id } }))!);
}

/**
 * Calls an event off before it ends. If it was published, everyone who said yes is told, after the
 * commit (`calendar.cancelled` fans out one message each). Cancelling twice changes nothing.
 */
export async function cancelEvent(deps: AppDeps, admin: Participant, id: number) {
  const now = deps.clock.now();
  const e = await inTx(deps.prisma, async (tx) => {
    const [locked] = await tx.$queryRawUnsafe<Pick<CommunityEvent, 'status' | 'endsAt'>[]>(`SELECT status, "endsAt" FROM "CommunityEvent" WHERE id = $1 FOR UPDATE`, id);
    if (!locked) throw eventNotFound();
    if (locked.status === 'CANCELLED') return tx.communityEvent.findUniqueOrThrow({ where: { id } });
    if (locked.endsAt <= now) throw wrongState('An event that has ended cannot be cancelled.');
    const updated = await tx.communityEvent.update({ where: { id }, data: { status: 'CANCELLED', cancelledAt: now, updatedAt: now } });
    if (locked.status === 'PUBLISHED') await emit(tx, 'calendar.cancelled', { eventId: id }, { key: `calendar.cancelled:${id}` });
    await audit(tx, { actorId: admin.id, action: 'calendar.cancelled', subjectType: 'community_event', subjectId: id });
    return updated;
  });
  return viewOf(deps, e);
}

const nameOf = (p: { firstName: string; lastName: string | null }) => [p.firstName, p.lastName].filter(Boolean).join(' ').trim();

/** Who answered what, and who came: everyone who answered, going first, in the order they answered. */
export async function attendees(deps: AppDeps, eventId: number) {
  const event = await deps.prisma.communityEvent.findUnique({ where: { id: eventId } });
  if (!event) throw eventNotFound();
  const rows = await deps.prisma.eventRsvp.findMany({
    where: { eventId },
    include: { participant: { select: { id: true, telegramId: true, firstName: true, lastName: true, username: true } } },
    orderBy: [{ answeredAt: 'asc' }],
    take: 5000,
  });
  const order = { YES: 0, MAYBE: 1, NO: 2 } as const;
  const items = rows
    .map((r) => ({
      participantId: r.participantId,
      telegramId: r.participant.telegramId.toString(),
      name: nameOf(r.participant),
      username: r.participant.username,
      answer: r.answer,
      answeredAt: r.answeredAt.toISOString(),
      attended: r.attended,
      rewarded: r.rewardTransferId != null,
      remindedAt: r.remindedAt?.toISOString() ?? null,
    }))
    .sort((a, b) => order[a.answer] - order[b.answer]);
  return { event: await viewOf(deps, event), items };
}
