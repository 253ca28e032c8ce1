import type { Participant } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';
import { addScore } from '../ratings/service.ts';
import { eventNotFound } from './service.ts';

/**
 * Marks who came (or takes a mark back). The event's reward is paid through the ledger to each newly
 * marked participant once: the transfer's key is per event and participant, and the row keeps the
 * transfer, so marking again (or two admins at once) never pays twice. Taking a mark back keeps what
 * was paid. Only people who answered can be marked, and only once the event has started.
 */
export async function markAttendance(deps: AppDeps, admin: Participant, eventId: number, participantIds: number[], attended: boolean) {
  const now = deps.clock.now();
  const ids = [...new Set(participantIds)];
  return inTx(deps.prisma, async (tx) => {
    const event = await tx.communityEvent.findUnique({ where: { id: eventId } });
    if (!event || event.status === 'DRAFT') throw eventNotFound();
    if (event.status === 'CANCELLED') throw new DomainError(AppCodes.CALENDAR_EVENT_STATE, 'CONFLICT', 'This event was cancelled.');
    if (event.startsAt > now) throw new DomainError(AppCodes.CALENDAR_EVENT_STATE, 'CONFLICT', 'Attendance can be marked once the event has started.');
    // Locked in a fixed order, so two admins marking overlapping lists wait for each other, never deadlock.
    const rows = await tx.$queryRawUnsafe<{ participantId: number; rewardTransferId: bigint | null }[]>(
      `SELECT "participantId", "rewardTransferId" FROM "EventRsvp" WHERE "eventId" = $1 AND "participantId" = ANY($2::int[]) ORDER BY "participantId" FOR UPDATE`,
      eventId,
      ids,
    );
    const missing = ids.filter((id) => !rows.some((r) => r.participantId === id));
    if (missing.length) throw new DomainError(AppCodes.RSVP_NOT_FOUND, 'BAD_REQUEST', 'Some of these participants did not answer this event.', { participantIds: missing });
    await tx.eventRsvp.updateMany({ where: { eventId, participantId: { in: ids } }, data: { attended } });
    let paid = 0;
    if (attended && event.rewardPoints > 0n) {
      for (const r of rows) {
        if (r.rewardTransferId != null) continue;
        const res = await transfer(tx, {
          key: `calendar.attended:${eventId}:${r.participantId}`,
          debit: { system: SystemAccount.ISSUANCE },
          credit: { participantId: r.participantId },
          currency: 'POINTS',
          amount: event.rewardPoints,
          kind: 'EVENT_ATTENDANCE',
          reference: `event:${eventId}`,
        });
        await tx.eventRsvp.update({ where: { eventId_participantId: { eventId, participantId: r.participantId } }, data: { rewardTransferId: res.id } });
        if (res.created) {
          await addScore(tx, r.participantId, event.rewardPoints, now);
          paid++;
        }
      }
    }
    await audit(tx, { actorId: admin.id, action: attended ? 'calendar.attended' : 'calendar.unattended', subjectType: 'community_event', subjectId: eventId, data: { participantIds: ids, paid } });
    return { marked: ids.length, paid };
  });
}
