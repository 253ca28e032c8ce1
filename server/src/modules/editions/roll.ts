import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** One attribute's values with their chance in per mille; a table's chances sum to 1000. */
export interface AttributeValue {
  value: string;
  permille: number;
}
export interface AttributeTables {
  model: AttributeValue[];
  backdrop: AttributeValue[];
  symbol: AttributeValue[];
}

export interface Roll {
  model: AttributeValue;
  backdrop: AttributeValue;
  symbol: AttributeValue;
  /** Chance of this exact combination in parts per billion: lower is rarer. */
  rarity: bigint;
}

export function validateTables(t: AttributeTables): string | null {
  for (const key of ['model', 'backdrop', 'symbol'] as const) {
    const rows = t[key];
    if (!rows?.length) return `${key} has no values`;
    if (rows.some((r) => !Number.isInteger(r.permille) || r.permille <= 0)) return `${key} has a value with no chance`;
    const sum = rows.reduce((a, r) => a + r.permille, 0);
    if (sum !== 1000) return `${key} chances add up to ${sum}‰, not 1000‰`;
  }
  return null;
}

export const hashSeed = (seedHex: string) => createHash('sha256').update(Buffer.from(seedHex, 'hex')).digest('hex');

/**
 * The roll for one purchase: HMAC-SHA256 keyed by the drop's seed over "<dropId>:<purchaseId>".
 * Three 32-bit words from the digest, each reduced to 0..999 (rejection-free bias < 1e-6),
 * pick model, backdrop and symbol from the cumulative per-mille tables.
 */
export function roll(seedHex: string, dropId: number, purchaseId: string, t: AttributeTables): Roll {
  const d = createHmac('sha256', Buffer.from(seedHex, 'hex')).update(`${dropId}:${purchaseId}`).digest();
  const pick = (table: AttributeValue[], word: number) => {
    const x = d.readUInt32BE(word * 4) % 1000;
    let acc = 0;
    for (const row of table) {
      acc += row.permille;
      if (x < acc) return row;
    }
    return table[table.length - 1];
  };
  const model = pick(t.model, 0);
  const backdrop = pick(t.backdrop, 1);
  const symbol = pick(t.symbol, 2);
  return { model, backdrop, symbol, rarity: BigInt(model.permille) * BigInt(backdrop.permille) * BigInt(symbol.permille) };
}

export function seedMatches(seedHex: string, seedHash: string): boolean {
  const a = Buffer.from(hashSeed(seedHex), 'hex');
  const b = Buffer.from(seedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
