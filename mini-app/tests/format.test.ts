import { describe, expect, it } from 'vitest';
import { CURRENCIES, money, parseAmount, parseTon } from '../src/lib/format.ts';

describe('the Mini App’s one currency helper', () => {
  it('formats each currency’s minor units as before', () => {
    expect(money('POINTS', '1234567')).toBe('1,234,567 ✦');
    expect(money('STARS', '50', 'ru')).toBe('50 ⭐');
    expect(money('TON', '1500000000')).toBe('1.5 TON');
    expect(money('TON', '1234567890123', 'ru')).toBe('1\u00a0234,5678 TON');
    expect(money('POINTS', '-5')).toBe('−5 ✦');
  });

  it('parses typed amounts per currency, refusing what does not fit', () => {
    expect(parseTon('1.5')).toBe('1500000000');
    expect(parseAmount('TON', '0,000000001')).toBe('1');
    expect(parseAmount('TON', '1.0000000001')).toBeNull();
    expect(parseAmount('POINTS', '300')).toBe('300');
    expect(parseAmount('STARS', '1.5')).toBeNull();
    expect(CURRENCIES).toEqual(['POINTS', 'STARS', 'TON']);
  });
});
