import type { Prisma } from '../../db/client.ts';

export interface LevelRow {
  level: number;
  threshold: bigint;
  multiplierBps: number;
  title: unknown;
}

export interface LevelInfo {
  level: number;
  title: { en: string; ru: string };
  multiplierBps: number;
  points: string;
  currentThreshold: string;
  nextThreshold: string | null;
}

/** The highest level whose threshold the all-time points reach. Levels must include threshold 0. */
export function levelFor(levels: LevelRow[], points: bigint): LevelInfo {
  const sorted = [...levels].sort((a, b) => (a.threshold < b.threshold ? -1 : 1));
  let idx = 0;
  for (let i = 0; i < sorted.length; i++) if (points >= sorted[i].threshold) idx = i;
  const cur = sorted[idx] ?? { level: 1, threshold: 0n, multiplierBps: 10_000, title: { en: 'Newcomer', ru: 'Новичок' } };
  const next = sorted[idx + 1];
  return {
    level: cur.level,
    title: cur.title as { en: string; ru: string },
    multiplierBps: cur.multiplierBps,
    points: points.toString(),
    currentThreshold: cur.threshold.toString(),
    nextThreshold: next ? next.threshold.toString() : null,
  };
}

/** Rewards are integers: multipliers round down, in basis points (10 000 = ×1). */
export function applyMultiplier(reward: bigint, multiplierBps: number): bigint {
  return (reward * BigInt(multiplierBps)) / 10_000n;
}

// Levels are configuration that rarely changes; re-read at most every 30 s per database.
const levelCache = new WeakMap<object, { at: number; rows: LevelRow[] }>();

/** The levels, for every claim and every profile: read at most every 30 s per database. */
export async function levelsOf(prisma: Prisma): Promise<LevelRow[]> {
  const hit = levelCache.get(prisma);
  if (hit && Date.now() - hit.at < 30_000) return hit.rows;
  const rows = await prisma.level.findMany();
  levelCache.set(prisma, { at: Date.now(), rows });
  return rows;
}
