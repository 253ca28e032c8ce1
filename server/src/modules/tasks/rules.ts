import type { TaskPeriod } from '../../generated/prisma/client.ts';
import { dayKey, previousDayKey, startOfNextDay, startOfNextWeek, weekKey } from '../../lib/time.ts';

/** The period a claim belongs to; a claim is unique per participant, task, period and sequence. */
export function periodKeyOf(period: TaskPeriod, now: Date): string {
  switch (period) {
    case 'ONCE':
      return 'once';
    case 'DAILY':
      return dayKey(now);
    case 'WEEKLY':
      return weekKey(now);
    case 'UNLIMITED':
      return 'all';
  }
}

/** When the next period opens, or null for periods that never turn over. */
export function nextPeriodStart(period: TaskPeriod, now: Date): Date | null {
  if (period === 'DAILY') return startOfNextDay(now);
  if (period === 'WEEKLY') return startOfNextWeek(now);
  return null;
}

/** A missed UTC day resets the streak; checking in twice on one day is refused elsewhere. */
export function nextStreak(lastCheckinDay: string | null, current: number, now: Date): number {
  if (lastCheckinDay === previousDayKey(now)) return current + 1;
  if (lastCheckinDay === dayKey(now)) return current;
  return 1;
}

export interface CheckinConfig {
  streakBonus?: number;
  maxStreakBonusDays?: number;
}

/** Base reward plus a bonus for each consecutive day after the first, capped. */
export function checkinReward(base: bigint, streak: number, cfg: CheckinConfig): bigint {
  const bonus = BigInt(cfg.streakBonus ?? 0);
  const days = Math.max(0, Math.min(streak - 1, cfg.maxStreakBonusDays ?? 6));
  return base + bonus * BigInt(days);
}

/** Quiz answers compare without case and with spaces collapsed. */
export function normalizeAnswer(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function answerMatches(given: string, accepted: string[]): boolean {
  const g = normalizeAnswer(given);
  return g.length > 0 && accepted.some((a) => normalizeAnswer(a) === g);
}
