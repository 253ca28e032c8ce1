import { describe, expect, it } from 'vitest';
import { DEFAULT_LEVELS } from '../../seed/reference.ts';
import { applyMultiplier, levelFor } from './levels.ts';

describe('levels', () => {
  it('reach a level at exactly its threshold, not a point before', () => {
    expect(levelFor(DEFAULT_LEVELS, 499n)).toMatchObject({ level: 1, currentThreshold: '0', nextThreshold: '500' });
    expect(levelFor(DEFAULT_LEVELS, 500n)).toMatchObject({ level: 2, multiplierBps: 10_500, currentThreshold: '500', nextThreshold: '2000' });
    expect(levelFor(DEFAULT_LEVELS, 1_999n).level).toBe(2);
    expect(levelFor(DEFAULT_LEVELS, 2_000n).level).toBe(3);
  });

  it('start everyone at the first level and stop at the last, with nothing next', () => {
    expect(levelFor(DEFAULT_LEVELS, 0n)).toMatchObject({ level: 1, title: { en: 'Newcomer', ru: 'Новичок' }, multiplierBps: 10_000, points: '0' });
    expect(levelFor(DEFAULT_LEVELS, 15_000n)).toMatchObject({ level: 5, nextThreshold: null });
    expect(levelFor(DEFAULT_LEVELS, 10n ** 18n)).toMatchObject({ level: 5, nextThreshold: null, points: '1000000000000000000' });
  });

  it('do not depend on the order levels are stored in', () => {
    const shuffled = [DEFAULT_LEVELS[3], DEFAULT_LEVELS[0], DEFAULT_LEVELS[4], DEFAULT_LEVELS[2], DEFAULT_LEVELS[1]];
    for (const points of [0n, 499n, 500n, 4_999n, 5_000n, 20_000n]) expect(levelFor(shuffled, points)).toEqual(levelFor(DEFAULT_LEVELS, points));
  });

  it('fall back to a first level when none is configured', () => {
    expect(levelFor([], 1_234n)).toMatchObject({ level: 1, multiplierBps: 10_000, currentThreshold: '0', nextThreshold: null, points: '1234' });
  });
});

describe('reward multipliers', () => {
  it('leave a reward as it is at ×1 and scale it in basis points', () => {
    expect(applyMultiplier(50n, 10_000)).toBe(50n);
    expect(applyMultiplier(200n, 15_000)).toBe(300n);
    expect(applyMultiplier(100n, 13_500)).toBe(135n);
  });

  it('round down to whole points, never up', () => {
    // 50 × 1.05 = 52.5 → 52; 7 × 1.35 = 9.45 → 9; 1 × 1.5 = 1.5 → 1.
    expect(applyMultiplier(50n, 10_500)).toBe(52n);
    expect(applyMultiplier(7n, 13_500)).toBe(9n);
    expect(applyMultiplier(1n, 15_000)).toBe(1n);
    expect(applyMultiplier(0n, 15_000)).toBe(0n);
    // Exact even for rewards far beyond a double's precision.
    expect(applyMultiplier(9_007_199_254_740_993n, 10_500)).toBe(9_457_559_217_478_042n);
  });
});
