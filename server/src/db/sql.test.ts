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
    for (const text of texts) {
      const expected = new Date(`${text.replace(' ', 'T')}Z`).getTime();
      expect([text, utcDate(text).getTime()]).toEqual([text, expected]);
    }
    expect(utcDate('2026-11-25 18:43:38.3').toISOString()).toBe('2026-11-25T18:43:38.300Z');
    expect(utcDate('0999-12-31 23:59:59').toISOString()).toBe('0999-12-31T23:59:59.000Z');
  });
});
