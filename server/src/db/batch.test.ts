import { describe, expect, it } from 'vitest';
import { batchLoader } from './batch.ts';

describe('batchLoader', () => {
  it('sends the loads of one round of I/O as one call, and later ones as another', async () => {
    const calls: number[][] = [];
    const loader = batchLoader<number, string>(async (keys) => {
      calls.push([...keys]);
      return keys.map((k) => (k < 0 ? new Error(`no ${k}`) : `v${k}`));
    });
    const first = await Promise.allSettled([loader.load(1), loader.load(2), loader.load(-3)]);
    expect(first.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['v1', 'v2', 'no -3']);
    expect(await loader.load(4)).toBe('v4');
    expect(calls).toEqual([[1, 2, -3], [4]]);
  });

  it('caches nothing: the same key asked again is loaded again', async () => {
    let n = 0;
    const loader = batchLoader<string, number>(async (keys) => keys.map(() => ++n));
    expect(await loader.load('a')).toBe(1);
    expect(await loader.load('a')).toBe(2);
  });

  it('splits a round larger than the batch size', async () => {
    const sizes: number[] = [];
    const loader = batchLoader<number, number>(async (keys) => (sizes.push(keys.length), [...keys]), { maxBatchSize: 4 });
    expect(await Promise.all(Array.from({ length: 10 }, (_, i) => loader.load(i)))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(sizes).toEqual([4, 4, 2]);
  });

  it('holds the next batch until one returns (by default), and lets it gather what is asked meanwhile', async () => {
    const calls: number[][] = [];
    const release: (() => void)[] = [];
    const loader = batchLoader<number, number>(async (keys) => {
      calls.push([...keys]);
      await new Promise<void>((r) => release.push(r));
      return [...keys];
    });
    const first = loader.load(1);
    await new Promise((r) => setImmediate(r));
    const later = [loader.load(2)];
    await new Promise((r) => setImmediate(r));
    later.push(loader.load(3));
    await new Promise((r) => setImmediate(r));
    expect(calls).toEqual([[1]]);
    release.shift()!();
    expect(await first).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(calls).toEqual([[1], [2, 3]]);
    release.shift()!();
    expect(await Promise.all(later)).toEqual([2, 3]);
  });
});

describe('batchLoader, when one key breaks the batch', () => {
  it('fails only that key: the batch is retried key by key', async () => {
    const calls: number[][] = [];
    const loader = batchLoader<number, string>(async (keys) => {
      calls.push([...keys]);
      if (keys.some((k) => k > 100)) throw new Error('out of range');
      return keys.map((k) => `v${k}`);
    });
    const res = await Promise.allSettled([loader.load(1), loader.load(2 ** 31), loader.load(3)]);
    expect(res.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['v1', 'out of range', 'v3']);
    expect(calls).toEqual([[1, 2 ** 31, 3], [1], [2 ** 31], [3]]);
  });

  it('refuses a key its check refuses without sending it at all', async () => {
    const calls: number[][] = [];
    const loader = batchLoader<number, string>(async (keys) => (calls.push([...keys]), keys.map((k) => `v${k}`)), {
      check: (k) => (k > 100 ? new RangeError(`${k} is not an id`) : undefined),
    });
    const res = await Promise.allSettled([loader.load(1), loader.load(2 ** 31), loader.load(3)]);
    expect(res.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['v1', '2147483648 is not an id', 'v3']);
    expect(calls).toEqual([[1, 3]]);
  });
});
