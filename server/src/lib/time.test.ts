import { describe, expect, it } from 'vitest';
import { dayKey, previousDayKey, weekKey } from './time.ts';

describe('calendar keys', () => {
  it('turn over at 00:00 UTC, whatever order days are asked in', () => {
    const at = (iso: string) => new Date(iso);
    const asked = ['2026-11-29T23:59:59.999Z', '2026-11-30T00:00:00Z', '2026-11-29T12:00:00Z', '2027-01-03T10:00:00Z', '2027-01-04T00:00:00Z'];
    expect(asked.map((t) => `${dayKey(at(t))} ${weekKey(at(t))} ${previousDayKey(at(t))}`)).toEqual([
      '2026-11-29 2026-W48 2026-11-28',
      '2026-11-30 2026-W49 2026-11-29',
      '2026-11-29 2026-W48 2026-11-28',
      '2027-01-03 2026-W53 2027-01-02',
      '2027-01-04 2027-W01 2027-01-03',
    ]);
    // Days before 1970 count down from the epoch, and are kept apart from the days after it.
    expect([dayKey(at('1969-12-31T23:00:00Z')), dayKey(at('1970-01-01T01:00:00Z'))]).toEqual(['1969-12-31', '1970-01-01']);
  });

  it('refuse an invalid date every time it is asked', () => {
    expect(() => dayKey(new Date('nope'))).toThrow(RangeError);
    expect(() => dayKey(new Date('nope'))).toThrow(RangeError);
  });
});
