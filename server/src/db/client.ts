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
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** Folder for the embedded database; `memory://` keeps it in memory (tests). */
  dataDir?: string;
  poolSize?: number;
  migrate?: boolean;
}

// BIGINT columns come back as strings from pg by default; the Prisma adapter converts them itself.
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const db = opts.databaseUrl ? await openPostgres(opts.databaseUrl, opts.poolSize ?? 10) : await openPglite(opts.dataDir ?? './data');
  if (opts.migrate !== false) await db.withSql((sql) => migrate(sql));
  return db;
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  const prisma = isolateUniqueReads(new PrismaClient({ adapter: new PrismaPg(pool) }));
  return {
    kind: 'postgres',
    prisma,
    sql: poolSql(pool),
    async withSql(fn) {
      const client = await pool.connect();
      try {
        return await fn(pgClientRunner(client));
      } finally {
        client.release();
      }
    },
    async close() {
      await prisma.$disconnect();
      await pool.end().catch(() => {});
    },
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  let dir = dataDir;
  if (!dir.startsWith('memory://')) {
    dir = resolve(dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
  }
  const lite = await PGlite.create(dir);
  const prisma = isolateUniqueReads(new PrismaClient({ adapter: new PrismaPGlite(lite) }));
  return {
    kind: 'pglite',
    prisma,
    sql: pgliteSql(lite),
    withSql: (fn) => fn(pgliteRunner(lite)),
    async close() {
      await prisma.$disconnect();
      await lite.close();
    },
  };
}
