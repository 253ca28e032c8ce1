import { describe, expect, it } from 'vitest';
import { oneAtATime } from './one-at-a-time.ts';

describe('oneAtATime', () => {
  it('runs calls of one key in arrival order, one at a time, and other keys alongside', async () => {
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const step = (key: string, name: string, fail = false) =>
      oneAtATime(key, async () => {
        running++;
        most = Math.max(most, running);
        log.push(`start ${name}`);
        await new Promise((r) => setImmediate(r));
        log.push(`end ${name}`);
        running--;
        if (fail) throw new Error(name);
        return name;
      });
    const other = oneAtATime('b', async () => (log.push('b'), 'b'));
    const results = await Promise.allSettled([step('a', '1'), step('a', '2', true), step('a', '3'), other]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['1', '2', '3', 'b']);
    // A failure lets the next one go; key b did not wait for key a.
    expect(log.filter((l) => l !== 'b')).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
    expect(log.indexOf('b')).toBeLessThan(log.indexOf('end 1'));
    expect(most).toBe(1);
  });
});
