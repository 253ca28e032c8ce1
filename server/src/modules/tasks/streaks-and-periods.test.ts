import { describe, expect, it } from 'vitest';
import { answerMatches, checkinReward, nextPeriodStart, nextStreak, periodKeyOf } from './rules.ts';

const at = (iso: string) => new Date(iso);

describe('task periods', () => {
  it('key a claim by its UTC day, ISO week, or once for all', () => {
    const t = at('2026-12-06T23:59:59.999Z'); // a Sunday
    expect(periodKeyOf('DAILY', t)).toBe('2026-12-06');
    expect(periodKeyOf('DAILY', at('2026-12-07T00:00:00Z'))).toBe('2026-12-07');
    expect(periodKeyOf('WEEKLY', t)).toBe('2026-W49');
    expect(periodKeyOf('WEEKLY', at('2026-12-07T00:00:00Z'))).toBe('2026-W50');
    expect(periodKeyOf('ONCE', t)).toBe('once');
    expect(periodKeyOf('UNLIMITED', t)).toBe('all');
  });

  it('open the next period at 00:00 UTC: the next day, or the next Monday', () => {
    expect(nextPeriodStart('DAILY', at('2026-12-06T00:00:00Z'))?.toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(nextPeriodStart('DAILY', at('2026-12-31T23:59:59.999Z'))?.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    // From a Monday at midnight the next week is seven days on; from a Sunday's last millisecond, one millisecond.
    expect(nextPeriodStart('WEEKLY', at('2026-12-07T00:00:00Z'))?.toISOString()).toBe('2026-12-14T00:00:00.000Z');
    expect(nextPeriodStart('WEEKLY', at('2026-12-13T23:59:59.999Z'))?.toISOString()).toBe('2026-12-14T00:00:00.000Z');
    expect(nextPeriodStart('ONCE', at('2026-12-07T00:00:00Z'))).toBeNull();
    expect(nextPeriodStart('UNLIMITED', at('2026-12-07T00:00:00Z'))).toBeNull();
  });
});

describe('check-in streaks', () => {
  it('grow by one when yesterday (UTC) was checked in, even a minute after midnight', () => {
    expect(nextStreak('2026-12-05', 4, at('2026-12-06T00:01:00Z'))).toBe(5);
    expect(nextStreak('2026-12-31', 9, at('2027-01-01T12:00:00Z'))).toBe(10);
  });

  it('keep their length on a second check-in the same day', () => {
    expect(nextStreak('2026-12-06', 4, at('2026-12-06T23:59:59.999Z'))).toBe(4);
  });

  it('start again at one after a missed day, or on a first check-in', () => {
    expect(nextStreak('2026-12-04', 4, at('2026-12-06T00:00:00Z'))).toBe(1);
    expect(nextStreak('2026-11-06', 30, at('2026-12-06T10:00:00Z'))).toBe(1);
    expect(nextStreak(null, 0, at('2026-12-06T10:00:00Z'))).toBe(1);
  });

  it('follow UTC days, not the participant’s local evening', () => {
    // 01:30 in Moscow (UTC+3) on the 7th is still the 6th in UTC: the same day as a check-in on the 6th.
    expect(nextStreak('2026-12-06', 2, at('2026-12-07T01:30:00+03:00'))).toBe(2);
  });

  it('pay the base reward on day one and a capped bonus for each day after', () => {
    const cfg = { streakBonus: 10, maxStreakBonusDays: 6 };
    expect(checkinReward(50n, 1, cfg)).toBe(50n);
    expect(checkinReward(50n, 2, cfg)).toBe(60n);
    expect(checkinReward(50n, 7, cfg)).toBe(110n);
    expect(checkinReward(50n, 8, cfg)).toBe(110n);
    expect(checkinReward(50n, 365, cfg)).toBe(110n);
    // No bonus configured, or a streak of zero (never below the base).
    expect(checkinReward(50n, 5, {})).toBe(50n);
    expect(checkinReward(50n, 0, cfg)).toBe(50n);
    // Without a cap the default is six bonus days.
    expect(checkinReward(50n, 30, { streakBonus: 10 })).toBe(110n);
  });
});

describe('quiz answers', () => {
  it('match without case, width or extra spaces, and never when empty', () => {
    expect(answerMatches('  TONCOIN ', ['toncoin'])).toBe(true);
    expect(answerMatches('ｔｏｎ', ['ton'])).toBe(true);
    expect(answerMatches('open   network', ['Open Network'])).toBe(true);
    expect(answerMatches('bitcoin', ['toncoin', 'ton'])).toBe(false);
    expect(answerMatches('   ', ['', ' '])).toBe(false);
  });
});
