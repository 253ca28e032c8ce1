import type { Participant } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { dayKey, previousDayKey } from '../../lib/time.ts';
import { balancesOf } from '../ledger/queries.ts';
import { levelFor, levelsOf } from '../ratings/levels.ts';
import { allTimePoints } from '../ratings/service.ts';
import { inviteLink } from '../referrals/service.ts';
import { displayName } from '../participants/service.ts';
import { isAdminRole } from '../../policy.ts';

export async function profileView(deps: AppDeps, p: Participant) {
  const now = deps.clock.now();
  const [levels, points, balances, inviter] = await Promise.all([
    levelsOf(deps.prisma),
    allTimePoints(deps.db, p.id),
    balancesOf(deps.db, p.id),
    p.invitedById != null
      ? deps.prisma.participant.findFirst({ where: { id: p.invitedById, deletedAt: null }, select: { firstName: true, lastName: true, username: true } })
      : null,
  ]);
  const today = dayKey(now);
  // A streak whose last check-in is older than yesterday is already broken.
  const alive = p.lastCheckinDay === today || p.lastCheckinDay === previousDayKey(now);
  return {
    id: p.id,
    telegramId: p.telegramId.toString(),
    username: p.username,
    firstName: p.firstName,
    lastName: p.lastName,
    photoUrl: p.photoUrl,
    language: p.language as 'en' | 'ru',
    role: p.role,
    isAdmin: isAdminRole(p.role),
    referralCode: p.referralCode,
    inviteLink: inviteLink(deps, p.referralCode),
    level: levelFor(levels, points),
    streak: { current: alive ? p.streak : 0, best: p.bestStreak, checkedInToday: p.lastCheckinDay === today },
    balances,
    /** Until a first task is done: the Mini App welcomes them (what points are, how to earn, where to spend). */
    isNew: p.activatedAt == null,
    /** Who brought them, by name, when they came by an invite. */
    invitedBy: inviter ? displayName(inviter) : null,
  };
}
