import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { migrate } from '../db/migrate.ts';
import { pgliteRunner } from '../db/sql.ts';
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
    const snapshot = process.env.TEST_DATABASE_SNAPSHOT;
    const loadDataDir = snapshot && opts.migrate !== false ? await migratedSnapshot(snapshot) : undefined;
    const db = await openDatabase({ dataDir: 'memory://', migrate: opts.migrate, loadDataDir });
    return Object.assign(db, { drop: () => db.close() });
  }
  const name = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const snapshot = process.env.TEST_DATABASE_SNAPSHOT;
  const template = snapshot && opts.migrate !== false ? await migratedTemplate(base, snapshot) : null;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
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
 * A migrated embedded database as a PGlite dump in `file`, made by the first caller. `pnpm mutate` sets
 * TEST_DATABASE_SNAPSHOT (and deletes the file before each run): it re-runs the same test files once per
 * mutant in a new worker each time, and migrating a new database for every run would cost more than the tests.
 */
async function migratedSnapshot(file: string): Promise<Blob> {
  if (!existsSync(file)) {
    const lite = await PGlite.create('memory://');
    await migrate(pgliteRunner(lite));
    const dump = await lite.dumpDataDir('none');
    await lite.close();
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    renameSync(tmp, file);
  }
  return new Blob([readFileSync(file)]);
}

/**
 * The same on PostgreSQL: a migrated template database, made by the first caller (the file marks that it
 * is there), that each test file's database is copied from. Named after the file, so it is reused.
 */
async function migratedTemplate(base: string, file: string): Promise<string> {
  const name = `tpl_${createHash('sha256').update(file).digest('hex').slice(0, 12)}`;
  if (existsSync(file)) return name;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    if (!existsSync(file)) {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
      const url = new URL(base);
      url.pathname = `/${name}`;
      const db = await openDatabase({ databaseUrl: url.toString(), poolSize: 1 });
      await db.close();
      // A template is copied only once nobody is connected to it; pool.end() does not wait for that.
      for (let i = 0; i < 100; i++) {
        const { rows } = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
        if (rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      writeFileSync(file, name);
    }
  } finally {
    await admin.end();
  }
  return name;
}

/**
 * How a race in a test runs: PGlite has a single connection, so there racing transactions run one
 * after another; only PostgreSQL runs them at once. Race tests that run on both say which in their name.
 */
export const RACE = process.env.DATABASE_URL ? 'concurrently on PostgreSQL' : 'one after another on PGlite’s single connection';
