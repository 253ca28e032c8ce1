import DataLoader from 'dataloader';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { AppCodes, DomainError } from '../lib/errors.ts';
import { fitsBigint, fitsInteger } from '../lib/schemas.ts';
import type { Database } from './client.ts';
import type { Sql } from './sql.ts';

/**
 * Group-loads what concurrent requests ask of the database: every load made while the event loop
 * handles one round of I/O goes out as one query (one round trip, one plan, one commit for writes)
 * instead of one each. Nothing is cached between rounds. At most `maxInFlight` batches (default one) run
 * at once and the next one gathers everything asked meanwhile (group commit): under load, batches grow
 * instead of each process keeping a pool's worth of queries running, which made PostgreSQL stall reads
 * for 100-380 ms in every backend at once.
 *
 * One caller's key never decides another's answer: `check` refuses a bad key before it joins a batch,
 * and a batch that fails as a whole is retried key by key, so only the key that broke it fails.
 */
export function batchLoader<K, V>(
  load: (keys: readonly K[]) => Promise<ArrayLike<V | Error>>,
  opts: { maxBatchSize?: number; maxInFlight?: number; check?: (key: K) => Error | undefined } = {},
): DataLoader<K, V> {
  const max = opts.maxInFlight ?? 1;
  let running = 0;
  const waiting: (() => void)[] = [];
  const start = (run: () => void) => {
    if (running < max) {
      running++;
      run();
    } else waiting.push(run);
  };
  const loadIsolated = async (keys: readonly K[]): Promise<ArrayLike<V | Error>> => {
    try {
      return await load(keys);
    } catch (e) {
      if (keys.length === 1) throw e;
      return Promise.all(keys.map((k) => load([k]).then((r) => r[0], (err: unknown) => (err instanceof Error ? err : new Error(String(err))))));
    }
  };
  const loader = new DataLoader<K, V>(
    async (keys) => {
      try {
        return await loadIsolated(keys);
      } finally {
        running--;
        const next = waiting.shift();
        if (next) start(next);
      }
    },
    {
      cache: false,
      maxBatchSize: opts.maxBatchSize ?? 128,
      // After the poll phase: the requests whose bytes arrived together are all in.
      batchScheduleFn: (run) => setImmediate(() => start(run)),
    },
  );
  const check = opts.check;
  if (check) {
    const loadOne = loader.load.bind(loader);
    loader.load = (key: K) => {
      const bad = check(key);
      return bad ? Promise.reject(bad) : loadOne(key);
    };
  }
  return loader;
}

/** One instance of something per database (a loader, a cache), made on first use. */
export function perDatabase<T>(make: (sql: Sql) => T): (db: Pick<Database, 'sql'>) => T {
  const made = new WeakMap<Sql, T>();
  return (db) => {
    let v = made.get(db.sql);
    if (!v) made.set(db.sql, (v = make(db.sql)));
    return v;
  };
}

/** Rows grouped back onto the keys that asked for them. */
export function byKey<K, R>(keys: readonly K[], rows: R[], keyOf: (k: K) => string, rowKey: (r: R) => string): R[][] {
  const m = new Map<string, R[]>();
  for (const r of rows) {
    const k = rowKey(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return keys.map((k) => m.get(keyOf(k)) ?? []);
}

/** Whether a unique lookup's `where` names a value no column could hold (every Int is INTEGER here). */
function impossibleKey(where: unknown, depth = 0): boolean {
  if (depth > 4 || where == null) return false;
  if (typeof where === 'number') return !fitsInteger(where);
  if (typeof where === 'bigint') return !fitsBigint(where);
  if (typeof where === 'string') return where.includes('\0');
  if (typeof where !== 'object' || where instanceof Date) return false;
  return Object.values(where).some((v) => impossibleKey(v, depth + 1));
}

/**
 * Prisma sends the findUnique calls of one tick as one query: a single out-of-range key (an id past
 * 2^31) fails that query, and so every caller in it. A key no row can have is answered on its own,
 * before it joins the batch: null, as there is no such row (findUniqueOrThrow: NOT_FOUND).
 */
export function isolateUniqueReads(prisma: PrismaClient): PrismaClient {
  return prisma.$extends({
    name: 'isolate-unique-reads',
    query: {
      $allModels: {
        findUnique: ({ args, query }) => (impossibleKey(args.where) ? Promise.resolve(null) : query(args)),
        findUniqueOrThrow: ({ model, args, query }) =>
          impossibleKey(args.where) ? Promise.reject(new DomainError(AppCodes.NOT_FOUND, 'NOT_FOUND', `${model} was not found.`)) : query(args),
      },
    },
  }) as unknown as PrismaClient;
}
