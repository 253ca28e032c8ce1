/**
 * One call per key at a time in this process, in arrival order. For transactions that begin by waiting
 * for the same row lock (one participant's purchases, one edition, one listing): the ones behind wait
 * here, without a pooled connection, instead of holding one each while blocked in PostgreSQL. A crowd
 * on a few rows would otherwise fill the pool and starve every other request until it times out. The
 * row lock still decides between processes; this only keeps the waiting out of the pool.
 */
const tails = new Map<string, Promise<void>>();

export async function oneAtATime<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const before = tails.get(key);
  let done!: () => void;
  const mine = new Promise<void>((r) => (done = r));
  const tail = before ? before.then(() => mine) : mine;
  tails.set(key, tail);
  try {
    if (before) await before;
    return await fn();
  } finally {
    done();
    if (tails.get(key) === tail) tails.delete(key);
  }
}
