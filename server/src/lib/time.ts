// Every claim and Tasks screen asks for the same few days' keys several times, and toISOString is the
// costly part: keys are kept per UTC day number. An invalid Date throws before anything is kept.
export const DAY_MS = 86_400_000;

const dayKeys = new Map<number, string>();
const weekKeys = new Map<number, string>();
const kept = (m: Map<number, string>, d: Date, make: (d: Date) => string) => {
  const day = Math.floor(d.getTime() / DAY_MS);
  let k = m.get(day);
  if (k === undefined) {
    k = make(d);
    if (m.size >= 64) m.clear();
    m.set(day, k);
  }
  return k;
};

/** Calendar keys in UTC: streaks, daily tasks and weekly boards all turn over at 00:00 UTC. */
export function dayKey(d: Date): string {
  return kept(dayKeys, d, (x) => x.toISOString().slice(0, 10));
}

export function previousDayKey(d: Date): string {
  return dayKey(new Date(d.getTime() - DAY_MS));
}

/** ISO-8601 week key, e.g. 2026-W48 (weeks start on Monday, UTC). */
export function weekKey(d: Date): string {
  return kept(weekKeys, d, computeWeekKey);
}

function computeWeekKey(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const dow = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - dow);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / DAY_MS + 1) / 7);
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** 00:00 UTC of the day `d` is in. */
export function startOfDay(d: Date): Date {
  return new Date(Math.floor(d.getTime() / DAY_MS) * DAY_MS);
}

export function startOfNextDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1));
}

export function startOfNextWeek(d: Date): Date {
  const dow = d.getUTCDay() || 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 8 - dow));
}

/** Monday 00:00 UTC of the ISO week `d` is in (the weekly board's week). */
export function startOfWeek(d: Date): Date {
  return new Date(startOfNextWeek(d).getTime() - 7 * DAY_MS);
}

/** Injected everywhere time matters, so tests can move it. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
