import { z } from 'zod';
import { dayKey, previousDayKey } from '../../../lib/time.ts';
import { checkinReward } from '../rules.ts';
import { baseConfig } from './fields.ts';
import { defineKind } from './kind.ts';

const schema = baseConfig.extend({
  /** Added per consecutive day after the first. */
  streakBonus: z.number().int().min(0).max(1_000_000).optional(),
  maxStreakBonusDays: z.number().int().min(0).max(365).optional(),
});

/** Once a UTC day; the streak grows by consecutive days and earns a capped bonus. */
export const dailyCheckin = defineKind<z.infer<typeof schema>>({
  type: 'DAILY_CHECKIN',
  schema,
  periods: ['DAILY'],
  streak: (config, base, streak) => checkinReward(base, streak, config),
  verify: async () => {},
  action: (_config, { participant: p, now }) => ({
    kind: 'check_in',
    // A streak whose last check-in is older than yesterday is already broken.
    streak: p.lastCheckinDay === dayKey(now) || p.lastCheckinDay === previousDayKey(now) ? p.streak : 0,
  }),
});
