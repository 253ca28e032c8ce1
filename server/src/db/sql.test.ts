import { describe, expect, it } from 'vitest';
import { utcDate } from './sql.ts';

describe('reading TIMESTAMP text', () => {
  it('gives the instant Date would parse from the same text, in every shape PostgreSQL prints', () => {
    const texts = [
      '2026-11-25 18:43:38',
      '2026-11-25 18:43:38.3',
      '2026-11-25 18:43:38.32',
      '2026-11-25 18:43:38.325',
      '2026-11-25 18:43:38.325887',
      '2000-02-29 23:59:59.999',
      '1970-01-01 00:00:00',
      '1969-12-31 23:59:59.001',
      '1000-01-01 00:00:00',
      '0999-12-31 23:59:59',
      '0044-03-15 12:00:00 BC',
      'infinity',
      '-infinity',
    ];
    // Keyed by the text, so a mismatch names the shape that was read wrong.
    const read = Object.fromEntries(texts.map((t) => [t, utcDate(t).getTime()]));
    const parsed = Object.fromEntries(texts.map((t) => [t, new Date(`${t.replace(' ', 'T')}Z`).getTime()]));
    expect(read).toEqual(parsed);
    // Only the BC date and the infinities are no instant (NaN on both sides); every other shape is one.
    expect(Object.values(read).filter(Number.isFinite)).toHaveLength(texts.length - 3);
    expect(utcDate('2026-11-25 18:43:38.3').toISOString()).toBe('2026-11-25T18:43:38.300Z');
    expect(utcDate('0999-12-31 23:59:59').toISOString()).toBe('0999-12-31T23:59:59.000Z');
  });
});
