import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { emit } from '../events/emit.ts';

/**
 * Hands the reminders that are due to the outbox: every YES answer to a published event whose reminder
 * time has come and whose start has not. Each answer is stamped `remindedAt` in the same statement that
 * picks it (only while still unstamped; rows another run holds are skipped), and its event is written in
 * that transaction with a key naming the answer and the start it is for. So a job that runs twice, or two
 * workers racing, write one reminder per answer; the outbox then sends it.
 */
export async function queueReminders(deps: AppDeps, batch = 500): Promise<number> {
  const now = deps.clock.now();
  return inTx(deps.prisma, async (tx) => {
    const due = await tx.$queryRawUnsafe<{ eventId: number; participantId: number; startsAt: Date }[]>(
      `WITH due AS (
         SELECT r."eventId", r."participantId", e."startsAt"
           FROM "EventRsvp" r JOIN "CommunityEvent" e ON e.id = r."eventId"
          WHERE e.status = 'PUBLISHED' AND r.answer = 'YES' AND r."remindedAt" IS NULL
            AND e."startsAt" > $1 AND e."startsAt" - e."remindMinutesBefore" * interval '1 minute' <= $1
          ORDER BY e."startsAt", r."eventId", r."participantId"
          LIMIT $2
          FOR UPDATE OF r SKIP LOCKED)
       UPDATE "EventRsvp" r SET "remindedAt" = $1
         FROM due WHERE r."eventId" = due."eventId" AND r."participantId" = due."participantId" AND r."remindedAt" IS NULL
       RETURNING r."eventId", r."participantId", due."startsAt"`,
      now,
      batch,
    );
    for (const d of due) {
      await emit(tx, 'calendar.remind', { eventId: d.eventId, participantId: d.participantId }, { key: `calendar.remind:${d.eventId}:${d.participantId}:${d.startsAt.getTime()}` });
    }
    return due.length;
  });
}
