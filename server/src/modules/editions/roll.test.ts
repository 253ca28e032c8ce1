import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashSeed, roll, seedMatches, validateTables, type AttributeTables } from './roll.ts';

const tables: AttributeTables = {
  model: [{ value: 'Gold', permille: 20 }, { value: 'Silver', permille: 180 }, { value: 'Stone', permille: 800 }],
  backdrop: [{ value: 'Night', permille: 500 }, { value: 'Day', permille: 500 }],
  symbol: [{ value: 'Star', permille: 5 }, { value: 'Moon', permille: 995 }],
};

describe('verifiable rolls', () => {
  it('follow the per-mille tables over many rolls', () => {
    const seed = randomBytes(32).toString('hex');
    const n = 200_000;
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const r = roll(seed, 1, `order-${i}`, tables);
      for (const v of [r.model.value, r.backdrop.value, r.symbol.value]) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    for (const table of Object.values(tables)) {
      for (const row of table) {
        const expected = (n * row.permille) / 1000;
        // Five standard deviations of a binomial count.
        const sd = Math.sqrt(n * (row.permille / 1000) * (1 - row.permille / 1000));
        expect(Math.abs((counts.get(row.value) ?? 0) - expected), row.value).toBeLessThan(5 * sd + 1);
      }
    }
  });

  it('recompute identically from the revealed seed, and differently from another seed', () => {
    const seed = randomBytes(32).toString('hex');
    const a = roll(seed, 7, '42', tables);
    expect(roll(seed, 7, '42', tables)).toEqual(a);
    expect(seedMatches(seed, hashSeed(seed))).toBe(true);
    const other = randomBytes(32).toString('hex');
    expect(seedMatches(other, hashSeed(seed))).toBe(false);
    const key = (r: ReturnType<typeof roll>) => `${r.model.value}/${r.backdrop.value}/${r.symbol.value}`;
    const differs = Array.from({ length: 50 }, (_, i) => key(roll(seed, 7, String(i), tables)) !== key(roll(other, 7, String(i), tables)));
    expect(differs.filter(Boolean).length).toBeGreaterThan(10);
  });

  it('score rarity as the chance of the combination', () => {
    const r = roll(randomBytes(32).toString('hex'), 1, 'x', tables);
    expect(r.rarity).toBe(BigInt(r.model.permille * r.backdrop.permille * r.symbol.permille));
  });

  it('refuse tables that do not add up to 1000‰', () => {
    expect(validateTables(tables)).toBeNull();
    expect(validateTables({ ...tables, model: [{ value: 'A', permille: 999 }] })).toMatch(/999‰/);
  });
});
