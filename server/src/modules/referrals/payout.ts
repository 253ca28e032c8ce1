import type { Tx } from '../ledger/service.ts';
import { transfer } from '../ledger/service.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { addScore } from '../ratings/service.ts';

/** An invite task that pays per friend (its config's `perFriend`, set by the admin on the task). */
export const isPerFriend = (config: unknown) => (config as { perFriend?: unknown } | null)?.perFriend === true;

/**
 * The inviter earns once per friend, when that friend completes a first task: called by the claim that
 * activates the friend, inside its transaction. Each open per-friend invite task pays its reward once
 * per friend (the transfer's key), recorded as the inviter's claim of that task.
 */
export async function payReferral(tx: Tx, inviterId: number, inviteeId: number, now: Date): Promise<void> {
  const tasks = await tx.task.findMany({
    where: {
      type: 'INVITE_FRIENDS',
      active: true,
      reward: { gt: 0n },
      AND: [{ OR: [{ startsAt: null }, { startsAt: { lte: now } }] }, { OR: [{ endsAt: null }, { endsAt: { gt: now } }] }],
    },
  });
  for (const t of tasks) {
    if (!isPerFriend(t.config)) continue;
    const periodKey = `friend:${inviteeId}`;
    const res = await transfer(tx, {
      key: `referral:${t.id}:${inviteeId}`,
      debit: { system: SystemAccount.ISSUANCE },
      credit: { participantId: inviterId },
      currency: 'POINTS',
      amount: t.reward,
      kind: 'REFERRAL_REWARD',
      reference: periodKey,
    });
    if (!res.created) continue;
    await tx.taskClaim.create({
      data: { participantId: inviterId, taskId: t.id, periodKey, seq: 1, reward: t.reward, transferId: res.id, createdAt: now },
    });
    await addScore(tx, inviterId, t.reward, now);
  }
}
