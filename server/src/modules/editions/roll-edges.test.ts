import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEMO_ATTRIBUTES } from '../../seed/demo.ts';
import { hashSeed, roll, seedMatches, validateTables, type AttributeTables, type AttributeValue } from './roll.ts';

const seed = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';
const tables: AttributeTables = {
  model: [{ value: 'Gold', permille: 20 }, { value: 'Silver', permille: 180 }, { value: 'Stone', permille: 800 }],
  backdrop: [{ value: 'Night', permille: 500 }, { value: 'Day', permille: 500 }],
  symbol: [{ value: 'Star', permille: 5 }, { value: 'Moon', permille: 995 }],
};

/** The roll as an outside verifier would redo it from the README: HMAC-SHA256(seed, "<dropId>:<purchaseId>"). */
function words(seedHex: string, dropId: number, purchaseId: string): number[] {
  const d = createHmac('sha256', Buffer.from(seedHex, 'hex')).update(`${dropId}:${purchaseId}`).digest();
  return [0, 1, 2].map((i) => d.readUInt32BE(i * 4) % 1000);
}
function pick(table: AttributeValue[], x: number): string {
  let acc = 0;
  for (const row of table) if (x < (acc += row.permille)) return row.value;
  throw new Error('table does not add up to 1000');
}

describe('drop rolls, edge cases', () => {
  it('are what an outside verifier recomputes from the revealed seed', () => {
    for (let i = 0; i < 200; i++) {
      const [m, b, s] = words(seed, 3, `p${i}`);
      const r = roll(seed, 3, `p${i}`, tables);
      expect([r.model.value, r.backdrop.value, r.symbol.value]).toEqual([pick(tables.model, m), pick(tables.backdrop, b), pick(tables.symbol, s)]);
    }
  });

  it('give a value the draws below its cumulative bound, and the next value the bound itself', () => {
    // Gold covers draws 0–19 and Silver 20–199: find purchases whose model draw lands on 19, 20, 199 and 200.
    const want = new Map([[19, 'Gold'], [20, 'Silver'], [199, 'Silver'], [200, 'Stone']]);
    const found = new Map<number, string>();
    for (let i = 0; found.size < want.size && i < 200_000; i++) {
      const x = words(seed, 1, String(i))[0];
      if (want.has(x) && !found.has(x)) found.set(x, roll(seed, 1, String(i), tables).model.value);
    }
    expect(found).toEqual(want);
  });

  it('depend on the drop as well as the purchase', () => {
    const key = (dropId: number, id: string) => JSON.stringify(words(seed, dropId, id));
    const same = Array.from({ length: 50 }, (_, i) => key(1, String(i)) === key(2, String(i)));
    expect(same.filter(Boolean).length).toBeLessThan(2);
  });

  it('score rarity in parts per billion: all combinations together make exactly 10⁹', () => {
    let total = 0n;
    for (const m of tables.model) for (const b of tables.backdrop) for (const s of tables.symbol) total += BigInt(m.permille * b.permille * s.permille);
    expect(total).toBe(1_000_000_000n);
    const r = roll(seed, 9, 'x', tables);
    expect(r.rarity).toBe(BigInt(r.model.permille) * BigInt(r.backdrop.permille) * BigInt(r.symbol.permille));
  });
});

describe('attribute tables', () => {
  it('the demo collection’s tables each add up to 1000‰', () => {
    expect(validateTables(DEMO_ATTRIBUTES)).toBeNull();
    for (const rows of Object.values(DEMO_ATTRIBUTES)) expect(rows.reduce((a, r) => a + r.permille, 0)).toBe(1000);
  });

  it('are refused when a sum misses 1000‰ by one either way, a chance is not a positive whole number, or a table is empty', () => {
    const bad = (model: AttributeValue[]) => validateTables({ ...tables, model });
    expect(bad([{ value: 'A', permille: 1001 }])).toMatch(/1001‰, not 1000‰/);
    expect(bad([{ value: 'A', permille: 500 }, { value: 'B', permille: 499 }])).toMatch(/999‰/);
    expect(bad([{ value: 'A', permille: 1000 }, { value: 'B', permille: 0 }])).toMatch(/no chance/);
    expect(bad([{ value: 'A', permille: 1001 }, { value: 'B', permille: -1 }])).toMatch(/no chance/);
    expect(bad([{ value: 'A', permille: 999.5 }, { value: 'B', permille: 0.5 }])).toMatch(/no chance/);
    expect(bad([])).toMatch(/model has no values/);
    expect(validateTables({ ...tables, symbol: undefined as unknown as AttributeValue[] })).toMatch(/symbol has no values/);
  });

  it('with a single value always roll that value', () => {
    const one: AttributeTables = { model: [{ value: 'Only', permille: 1000 }], backdrop: tables.backdrop, symbol: tables.symbol };
    for (let i = 0; i < 20; i++) expect(roll(seed, 1, String(i), one).model.value).toBe('Only');
  });
});

describe('committed seeds', () => {
  it('hash the seed’s bytes, not its hex text', () => {
    expect(hashSeed(seed)).toBe(createHash('sha256').update(Buffer.from(seed, 'hex')).digest('hex'));
    expect(hashSeed(seed)).not.toBe(createHash('sha256').update(seed).digest('hex'));
  });

  it('match their commitment in either case of hex, and refuse a malformed one without throwing', () => {
    expect(seedMatches(seed.toUpperCase(), hashSeed(seed))).toBe(true);
    expect(seedMatches(seed, hashSeed(seed).slice(0, 62))).toBe(false);
    expect(seedMatches(seed, '')).toBe(false);
    expect(seedMatches(seed, 'zz'.repeat(32))).toBe(false);
  });
});
