import type { Participant } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { dayKey, previousDayKey } from '../../lib/time.ts';
import { balancesOf } from '../ledger/queries.ts';
import { levelFor, levelsOf } from '../ratings/levels.ts';
import { allTimePoints } from '../ratings/service.ts';
import { inviteLink } from '../referrals/service.ts';
import { isAdminRole } from '../../policy.ts';

export async function profileView(deps: AppDeps, p: Participant) {
  const now = deps.clock.now();
  const [levels, points, balances] = await Promise.all([
    levelsOf(deps.prisma),
    allTimePoints(deps.db, p.id),
    balancesOf(deps.db, p.id),
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
  };
}
