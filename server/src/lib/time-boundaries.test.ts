import { describe, expect, it } from 'vitest';
import { dayKey, previousDayKey, startOfDay, startOfNextDay, startOfNextWeek, startOfWeek, weekKey } from './time.ts';

const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();

describe('UTC day boundaries', () => {
  it('put the last millisecond before midnight in the old day and midnight in the new one', () => {
    expect(dayKey(at('2026-12-06T23:59:59.999Z'))).toBe('2026-12-06');
    expect(dayKey(at('2026-12-07T00:00:00.000Z'))).toBe('2026-12-07');
    expect(iso(startOfDay(at('2026-12-06T23:59:59.999Z')))).toBe('2026-12-06T00:00:00.000Z');
    expect(iso(startOfDay(at('2026-12-07T00:00:00.000Z')))).toBe('2026-12-07T00:00:00.000Z');
    expect(iso(startOfNextDay(at('2026-12-07T00:00:00.000Z')))).toBe('2026-12-08T00:00:00.000Z');
  });

  it('ignore the offset a time was written with', () => {
    expect(dayKey(at('2026-12-07T02:00:00+03:00'))).toBe('2026-12-06');
    expect(dayKey(at('2026-12-06T20:00:00-05:00'))).toBe('2026-12-07');
  });

  it('step back across months, years and a leap day', () => {
    expect(previousDayKey(at('2027-01-01T00:00:00Z'))).toBe('2026-12-31');
    expect(previousDayKey(at('2028-03-01T08:00:00Z'))).toBe('2028-02-29');
    expect(previousDayKey(at('2027-03-01T08:00:00Z'))).toBe('2027-02-28');
    expect(iso(startOfNextDay(at('2028-02-28T12:00:00Z')))).toBe('2028-02-29T00:00:00.000Z');
  });
});

describe('ISO weeks (Monday to Sunday, UTC)', () => {
  it('turn over between Sunday 23:59:59.999 and Monday 00:00', () => {
    expect(weekKey(at('2026-12-13T23:59:59.999Z'))).toBe('2026-W50');
    expect(weekKey(at('2026-12-14T00:00:00.000Z'))).toBe('2026-W51');
    expect(iso(startOfWeek(at('2026-12-13T23:59:59.999Z')))).toBe('2026-12-07T00:00:00.000Z');
    expect(iso(startOfWeek(at('2026-12-14T00:00:00.000Z')))).toBe('2026-12-14T00:00:00.000Z');
    expect(iso(startOfNextWeek(at('2026-12-14T00:00:00.000Z')))).toBe('2026-12-21T00:00:00.000Z');
  });

  it('belong to the year of their Thursday', () => {
    // 2026-12-31 is a Thursday: that week is 2026's 53rd. 2025-12-29 (Monday) starts 2026-W01.
    expect(weekKey(at('2026-12-31T12:00:00Z'))).toBe('2026-W53');
    expect(weekKey(at('2025-12-29T00:00:00Z'))).toBe('2026-W01');
    expect(weekKey(at('2025-12-28T23:59:59.999Z'))).toBe('2025-W52');
    expect(iso(startOfWeek(at('2027-01-01T00:00:00Z')))).toBe('2026-12-28T00:00:00.000Z');
  });
});
