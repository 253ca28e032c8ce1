import { describe, expect, it } from 'vitest';
import { SendPace } from './send-pace.ts';

/** A repeatable stream of numbers in [0, 1). */
function random(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

/** Sends as a sender would: each at the time the pace gives, plus the timer's lateness. */
function run(pace: SendPace, n: number, late: (i: number) => number) {
  const times: number[] = [];
  let now = 0;
  for (let i = 0; i < n; i++) {
    now = pace.nextAt(now) + late(i);
    pace.sent(now);
    times.push(now);
  }
  return times;
}

describe('the pace of sends', () => {
  it('keeps the configured rate: never more in any second, and at least 0.98 of it with late timers', () => {
    const pace = new SendPace(30);
    const r = random(7);
    const times = run(pace, 3000, () => r() * 4);
    for (let i = 30; i < times.length; i++) expect(times[i] - times[i - 30]).toBeGreaterThanOrEqual(1000);
    const rate = ((times.length - 1) / (times[times.length - 1] - times[0])) * 1000;
    expect(rate).toBeGreaterThan(0.98 * 30);
    expect(rate).toBeLessThanOrEqual(30);
  });

  it('does not make up a stall with a burst', () => {
    const pace = new SendPace(30);
    const times = run(pace, 100, (i) => (i === 50 ? 700 : 0));
    const after = times.slice(51).map((t, i) => t - times[50 + i]);
    // Half a gap after the stall, and never closer than that.
    expect(after[0]).toBeCloseTo(pace.gapMs / 2);
    expect(Math.min(...after.slice(1))).toBeGreaterThanOrEqual(pace.gapMs / 2 - 1e-9);
  });

  it('lets one 429 delay only its copy, and holds every send when 429s come together', () => {
    const pace = new SendPace(30);
    pace.sent(0);
    pace.refused(10, 1);
    expect(pace.nextAt(20)).toBeLessThan(pace.gapMs);
    pace.refused(400, 2);
    expect(pace.nextAt(410)).toBe(410);
    pace.refused(900, 2);
    expect(pace.nextAt(910)).toBe(2900);
    // Past the second, a single one is again about one chat.
    pace.refused(5000, 1);
    expect(pace.nextAt(5010)).toBe(5010);
  });

  it('holds every send while Telegram is unreachable, longer each time, until a send succeeds', () => {
    const pace = new SendPace(30);
    pace.failed(0);
    expect(pace.nextAt(0)).toBe(1000);
    pace.failed(1000);
    expect(pace.nextAt(1000)).toBe(3000);
    pace.failed(3000);
    expect(pace.nextAt(3000)).toBe(7000);
    pace.succeeded();
    pace.failed(7000);
    expect(pace.nextAt(7000)).toBe(8000);
  });
});
