import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.ts';
import { isolateUniqueReads } from './batch.ts';
import { migrate } from './migrate.ts';
import { pgClientRunner, pgliteRunner, pgliteSql, poolSql, type Sql, type SqlRunner } from './sql.ts';

export type Prisma = PrismaClient;

export interface Database {
  kind: 'postgres' | 'pglite';
  prisma: PrismaClient;
  /** Raw pooled queries for the hottest paths (see Sql). */
  sql: Sql;
  /** Runs a callback on one raw connection (migrations, maintenance, test resets). */
  withSql<T>(fn: (sql: SqlRunner) => Promise<T>): Promise<T>;
  /** Connections of the pool right now (the embedded database has one and never queues in a pool). */
  poolStats(): PoolStats;
  close(): Promise<void>;
}

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** Folder for the embedded database; `memory://` keeps it in memory (tests). */
  dataDir?: string;
  poolSize?: number;
  /** How long opening a connection may take before the query fails (and the caller answers 503). */
  connectTimeoutMs?: number;
  /** How long a query waits for a busy pool to free a connection before it fails the same way. */
  poolWaitMs?: number;
  migrate?: boolean;
  /** An embedded database to start from (a PGlite dump, e.g. one already migrated); tests only. */
  loadDataDir?: Blob;
}

// BIGINT columns come back as strings from pg by default; the Prisma adapter converts them itself.
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const db = opts.databaseUrl
    ? await openPostgres(opts.databaseUrl, opts.poolSize ?? 10, opts.connectTimeoutMs ?? 5000, opts.poolWaitMs ?? POOL_WAIT_MS)
    : await openPglite(opts.dataDir ?? './data', opts.loadDataDir);
  if (opts.migrate !== false) await db.withSql((sql) => migrate(sql));
  return db;
}

/** A busy pool is not a database that is away: a burst waits its turn this long before it is refused. */
export const POOL_WAIT_MS = 30_000;

async function openPostgres(url: string, max: number, connectTimeoutMs: number, poolWaitMs: number): Promise<Database> {
  // Two limits, because pg's pool has one option for both: opening a connection (without a timeout a
  // request would wait forever for a database that is away) and waiting for a busy pool to free one.
  // With one short limit for both, a burst on a healthy database (a thousand purchases at once) was
  // refused as "database unavailable" after a few seconds in the queue.
  class Client extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super({ ...config, connectionTimeoutMillis: connectTimeoutMs });
    }
  }
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: Math.max(poolWaitMs, connectTimeoutMs), Client });
  // An idle connection the server closed (a restart, a failover) is only dropped: unhandled, the error
  // would end the process. The next query opens a fresh one.
  pool.on('error', () => {});
  const prisma = isolateUniqueReads(new PrismaClient({ adapter: new PrismaPg(pool) }));
  return {
    kind: 'postgres',
    prisma,
    sql: poolSql(pool),
    async withSql(fn) {
      const client = await pool.connect();
      // A checked-out connection has no pool listener; one lost meanwhile fails the query, not the process.
      const lost = () => {};
      client.on('error', lost);
      try {
        return await fn(pgClientRunner(client));
      } finally {
        client.off('error', lost);
        client.release();
      }
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      await prisma.$disconnect();
      await pool.end().catch(() => {});
    },
  };
}

async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<Database> {
  let dir = dataDir;
  if (!dir.startsWith('memory://')) {
    dir = resolve(dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
  }
  const lite = await PGlite.create(dir, loadDataDir ? { loadDataDir } : {});
  const prisma = isolateUniqueReads(new PrismaClient({ adapter: new PrismaPGlite(lite) }));
  return {
    kind: 'pglite',
    prisma,
    sql: pgliteSql(lite),
    withSql: (fn) => fn(pgliteRunner(lite)),
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    async close() {
      await prisma.$disconnect();
      await lite.close();
    },
  };
}
