import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../db/client.ts';
import { ensureLevels, ensureSystemAccounts } from '../seed/reference.ts';

/**
 * A real database for one test file: a fresh PostgreSQL database when DATABASE_URL is set
 * (dropped afterwards), otherwise an embedded PGlite. Never an in-memory stand-in.
 * Migrated unless `migrate: false` (the migration runner's own tests start empty).
 */
export async function openTestDatabase(opts: { migrate?: boolean } = {}): Promise<Database & { drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const db = await openDatabase({ dataDir: 'memory://', migrate: opts.migrate });
    return Object.assign(db, { drop: () => db.close() });
  }
  const name = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), poolSize: 30, migrate: opts.migrate });
  return Object.assign(db, {
    async drop() {
      await db.close();
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      // pg's pool.end() resolves before its sockets close; terminating those sessions (FORCE) would
      // surface as uncaught "terminating connection" errors in the test process, so let them leave first.
      for (let i = 0; i < 100; i++) {
        const { rows } = await a.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
        if (rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  });
}

/** Every test starts from an empty database with system accounts and levels in place. */
export async function resetDatabase(db: Database): Promise<void> {
  await db.withSql(async (sql) => {
    const tables = await sql.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`,
    );
    if (tables.length) {
      await sql.exec(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
    }
  });
  await ensureSystemAccounts(db.prisma);
  await ensureLevels(db.prisma);
}

/**
 * How a race in a test runs: PGlite has a single connection, so there racing transactions run one
 * after another; only PostgreSQL runs them at once. Race tests that run on both say which in their name.
 */
export const RACE = process.env.DATABASE_URL ? 'concurrently on PostgreSQL' : 'one after another on PGlite’s single connection';
