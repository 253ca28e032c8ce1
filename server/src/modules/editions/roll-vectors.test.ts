import { describe, expect, it } from 'vitest';
import { hashSeed, roll, seedMatches, validateTables, type AttributeTables } from './roll.ts';

// Known answers, computed apart from the code (openssl): anyone holding the revealed seed can check a roll
// with any HMAC tool, so the message, the words and the table walk are part of the promise, not details.
//   printf '7:order-42' | openssl dgst -sha256 -mac HMAC -macopt hexkey:<seed>
//   → 9d8d04bd a88998c7 cc9c3b4b …, words mod 1000: 701, 831, 859
const SEED = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const SEED_HASH = '630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd';

// Each table's edge sits at the roll's word, so a value is picked only when the word is below its edge.
const tables: AttributeTables = {
  model: [{ value: 'Amber', permille: 701 }, { value: 'Basalt', permille: 299 }],
  backdrop: [{ value: 'Coral', permille: 831 }, { value: 'Dusk', permille: 169 }],
  symbol: [{ value: 'Ember', permille: 860 }, { value: 'Frost', permille: 140 }],
};

describe('a drop roll anyone can check', () => {
  it('is the HMAC of "<drop>:<purchase>" under the seed, read as three words mod 1000 against the cumulative tables', () => {
    const r = roll(SEED, 7, 'order-42', tables);
    expect([r.model.value, r.backdrop.value, r.symbol.value]).toEqual(['Basalt', 'Dusk', 'Ember']);
    expect(r.rarity).toBe(299n * 169n * 860n);
    // Another purchase or another drop is another roll.
    const others = [roll(SEED, 7, 'order-43', tables), roll(SEED, 8, 'order-42', tables)].map((x) => `${x.model.value}${x.backdrop.value}${x.symbol.value}`);
    expect(others.some((k) => k !== 'BasaltDuskEmber')).toBe(true);
  });

  it('publishes the SHA-256 of the seed bytes, and checks a revealed seed against it', () => {
    expect(hashSeed(SEED)).toBe(SEED_HASH);
    expect(seedMatches(SEED, SEED_HASH)).toBe(true);
    expect(seedMatches(SEED, SEED_HASH.replace(/^6/, '7'))).toBe(false);
    // A hash of the wrong length is a mismatch, not a crash.
    expect(seedMatches(SEED, SEED_HASH.slice(0, 32))).toBe(false);
    expect(seedMatches(SEED, '')).toBe(false);
  });
});

describe('attribute tables', () => {
  const ok = tables;
  it('are refused, naming the attribute, when one has no values, a value without a chance, or chances off 1000‰', () => {
    expect(validateTables(ok)).toBeNull();
    for (const key of ['model', 'backdrop', 'symbol'] as const) {
      expect(validateTables({ ...ok, [key]: [] })).toBe(`${key} has no values`);
      expect(validateTables({ ...ok, [key]: undefined as never })).toBe(`${key} has no values`);
      expect(validateTables({ ...ok, [key]: [{ value: 'x', permille: 0 }, { value: 'y', permille: 1000 }] })).toBe(`${key} has a value with no chance`);
      expect(validateTables({ ...ok, [key]: [{ value: 'x', permille: -1 }, { value: 'y', permille: 1001 }] })).toBe(`${key} has a value with no chance`);
      expect(validateTables({ ...ok, [key]: [{ value: 'x', permille: 0.5 }, { value: 'y', permille: 999.5 }] })).toBe(`${key} has a value with no chance`);
      expect(validateTables({ ...ok, [key]: [{ value: 'x', permille: 600 }, { value: 'y', permille: 401 }] })).toBe(`${key} chances add up to 1001‰, not 1000‰`);
    }
    // One value with every chance is a table.
    expect(validateTables({ ...ok, symbol: [{ value: 'only', permille: 1000 }] })).toBeNull();
  });
});
