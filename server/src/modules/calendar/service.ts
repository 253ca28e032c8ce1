import type { CommunityEvent, EventRsvp, Participant } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { inLanguage, type Localized } from '../mailings/schemas.ts';
import type { Tx } from '../ledger/service.ts';

type Answer = EventRsvp['answer'];
export type Counts = { YES: number; MAYBE: number; NO: number };

export const eventNotFound = () => new DomainError(AppCodes.CALENDAR_EVENT_NOT_FOUND, 'NOT_FOUND', 'This event does not exist.');

/** Answers per event, for a page of events (one grouped read). */
export async function countsOf(db: AppDeps['prisma'] | Tx, eventIds: number[]): Promise<Map<number, Counts>> {
  const out = new Map<number, Counts>(eventIds.map((id) => [id, { YES: 0, MAYBE: 0, NO: 0 }]));
  if (eventIds.length === 0) return out;
  const rows = await db.eventRsvp.groupBy({ by: ['eventId', 'answer'], where: { eventId: { in: eventIds } }, _count: { _all: true } });
  for (const r of rows) out.get(r.eventId)![r.answer] = r._count._all;
  return out;
}

/** An event as a participant sees it: in their language, with their answer and how many are going. */
function readerView(e: CommunityEvent, lang: string, counts: Counts, mine: EventRsvp | undefined, now: Date) {
  const started = e.startsAt <= now;
  return {
    id: e.id,
    title: inLanguage(e.title as Localized, lang),
    description: inLanguage(e.description as Localized, lang),
    place: e.place,
    url: e.url,
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt.toISOString(),
    status: e.status,
    capacity: e.capacity,
    rewardPoints: e.rewardPoints.toString(),
    going: counts.YES,
    maybe: counts.MAYBE,
    spotsLeft: e.capacity == null ? null : Math.max(0, e.capacity - counts.YES),
    started,
    /** Answers are taken until the start, and never for a cancelled event. */
    open: e.status === 'PUBLISHED' && !started,
    myAnswer: mine?.answer ?? null,
    attended: mine?.attended ?? false,
  };
}
export type CalendarEventView = ReturnType<typeof readerView>;

/**
 * Published events that have not ended, soonest first, and the cancelled ones the participant meant to go
 * to (so they see it was called off). Each with the caller's answer and the counts.
 */
export async function upcoming(deps: AppDeps, me: Participant) {
  const now = deps.clock.now();
  const events = await deps.prisma.communityEvent.findMany({
    where: {
      endsAt: { gt: now },
      OR: [{ status: 'PUBLISHED' }, { status: 'CANCELLED', rsvps: { some: { participantId: me.id, answer: { in: ['YES', 'MAYBE'] } } } }],
    },
    orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
    take: 50,
  });
  const ids = events.map((e) => e.id);
  const [counts, mine] = await Promise.all([
    countsOf(deps.prisma, ids),
    ids.length ? deps.prisma.eventRsvp.findMany({ where: { participantId: me.id, eventId: { in: ids } } }) : [],
  ]);
  const byEvent = new Map(mine.map((r) => [r.eventId, r]));
  return events.map((e) => readerView(e, me.language, counts.get(e.id)!, byEvent.get(e.id), now));
}

const closed = (why: string) => new DomainError(AppCodes.RSVP_CLOSED, 'BAD_REQUEST', why);

/**
 * Answers yes, no or maybe. The event's row is locked for the answer, so the YES count read against the
 * capacity cannot change before this answer commits: two people racing for the last spot get one yes
 * and one EVENT_FULL. Answering yes again when already going changes nothing.
 */
export async function rsvp(deps: AppDeps, me: Participant, eventId: number, answer: Answer) {
  const now = deps.clock.now();
  await inTx(deps.prisma, async (tx) => {
    const [e] = await tx.$queryRawUnsafe<Pick<CommunityEvent, 'status' | 'startsAt' | 'capacity'>[]>(
      `SELECT status, "startsAt", capacity FROM "CommunityEvent" WHERE id = $1 FOR UPDATE`,
      eventId,
    );
    if (!e || e.status === 'DRAFT') throw eventNotFound();
    if (e.status === 'CANCELLED') throw closed('This event was cancelled.');
    if (e.startsAt <= now) throw closed('This event has already started; answers are closed.');
    const before = await tx.eventRsvp.findUnique({ where: { eventId_participantId: { eventId, participantId: me.id } } });
    if (before?.answer === answer) return;
    if (answer === 'YES' && e.capacity != null) {
      const going = await tx.eventRsvp.count({ where: { eventId, answer: 'YES' } });
      if (going >= e.capacity) throw new DomainError(AppCodes.EVENT_FULL, 'CONFLICT', 'This event is full.', { capacity: e.capacity });
    }
    await tx.eventRsvp.upsert({
      where: { eventId_participantId: { eventId, participantId: me.id } },
      create: { eventId, participantId: me.id, answer, answeredAt: now },
      update: { answer, answeredAt: now },
    });
  });
  const [event, counts, mine] = await Promise.all([
    deps.prisma.communityEvent.findUniqueOrThrow({ where: { id: eventId } }),
    countsOf(deps.prisma, [eventId]),
    deps.prisma.eventRsvp.findUnique({ where: { eventId_participantId: { eventId, participantId: me.id } } }),
  ]);
  return readerView(event, me.language, counts.get(eventId)!, mine ?? undefined, now);
}
