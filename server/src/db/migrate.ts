import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlRunner } from './sql.ts';
import { migrationsDir } from '../lib/paths.ts';

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {}

/** A SQL function's one home: `functions/<name>.sql`, a `CREATE OR REPLACE` of the function `<name>`. */
export interface SqlFunction {
  name: string;
  sql: string;
  checksum: string;
}

export const functionsDir = fileURLToPath(new URL('./functions', import.meta.url));

export function loadFunctions(dir = functionsDir): SqlFunction[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => {
      const name = basename(f, '.sql');
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new MigrationError(`${f}: a function file is named after its function (lowercase letters, digits, _)`);
      const sql = readFileSync(join(dir, f), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export function loadMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

// Same layout Prisma Migrate uses, so `prisma migrate deploy` and this runner agree on what ran.
const LEDGER_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
);`;

// Any constant works; it only has to be the same for every instance of the app.
const ADVISORY_LOCK_ID = 727_001;

/**
 * Applies pending migrations in order, each in its own transaction. Refuses to start when an
 * already-applied migration was edited, or when the database has migrations this code lacks.
 */
export async function migrate(sql: SqlRunner, migrations = loadMigrations(), functions = loadFunctions()): Promise<string[]> {
  // Lock first: two instances creating the ledger table at once would collide in PostgreSQL's catalog.
  await sql.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK_ID]);
  try {
    await sql.exec(LEDGER_TABLE);
    const applied = await sql.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const byName = new Map(applied.map((r) => [r.migration_name, r]));
    const known = new Set(migrations.map((m) => m.name));
    for (const row of applied) {
      if (!known.has(row.migration_name)) {
        throw new MigrationError(
          `The database has migration "${row.migration_name}", which this version of the app does not know. Deploy the newer version or restore the database.`,
        );
      }
    }
    const ran: string[] = [];
    for (const m of migrations) {
      const row = byName.get(m.name);
      if (row) {
        if (!row.finished_at) {
          throw new MigrationError(`Migration "${m.name}" started earlier but never finished; inspect the database before retrying.`);
        }
        if (row.checksum !== m.checksum) {
          throw new MigrationError(
            `Migration "${m.name}" was edited after it was applied (checksum differs). Restore the original file and put the change in a new migration.`,
          );
        }
        continue;
      }
      await sql.exec('BEGIN');
      try {
        await sql.exec(m.sql);
        await sql.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count) VALUES ($1, $2, $3, now(), 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await sql.exec('COMMIT');
      } catch (err) {
        await sql.exec('ROLLBACK');
        throw new MigrationError(`Migration "${m.name}" failed: ${(err as Error).message}`);
      }
      ran.push(m.name);
    }
    await applyFunctions(sql, functions);
    return ran;
  } finally {
    await sql.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK_ID]);
  }
}

// Each function carries the checksum of the file it came from as its comment: the database itself says
// what is applied, so a file is run again only when it changed or its function is gone (dropped by a
// migration, or a fresh database whose migrations made older copies). Re-running every file on every
// start would be correct too, but replacing a function makes every open session re-plan it.
const COMMENTS = `SELECT p.proname AS name, obj_description(p.oid, 'pg_proc') AS comment
  FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace`;

/**
 * Applies the function files that differ from the database, all in one transaction, after the
 * migrations (a function may use any table they made). Returns the names applied.
 */
export async function applyFunctions(sql: SqlRunner, functions = loadFunctions()): Promise<string[]> {
  const have = new Map<string, (string | null)[]>();
  for (const r of await sql.query<{ name: string; comment: string | null }>(COMMENTS)) have.set(r.name, [...(have.get(r.name) ?? []), r.comment]);
  const stale = functions.filter((f) => {
    const comments = have.get(f.name) ?? [];
    return comments.length !== 1 || comments[0] !== mark(f);
  });
  if (stale.length === 0) return [];
  await sql.exec('BEGIN');
  try {
    // Bodies are checked when called, not when created: files may use each other in any order.
    await sql.exec('SET LOCAL check_function_bodies = off');
    for (const f of stale) {
      await sql.exec(f.sql);
      const [{ n }] = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_proc WHERE proname = $1 AND pronamespace = current_schema()::regnamespace`,
        [f.name],
      );
      if (n !== 1) throw new Error(`${f.name}.sql must define exactly one function named "${f.name}" (the database has ${n}); drop an old signature in a migration`);
      await sql.exec(`DO $$ BEGIN EXECUTE format('COMMENT ON FUNCTION %s IS %L', (SELECT p.oid::regprocedure FROM pg_proc p WHERE p.proname = '${f.name}' AND p.pronamespace = current_schema()::regnamespace), '${mark(f)}'); END $$`);
    }
    await sql.exec('COMMIT');
  } catch (err) {
    await sql.exec('ROLLBACK');
    throw new MigrationError(`SQL function files failed to apply: ${(err as Error).message}`);
  }
  return stale.map((f) => f.name);
}

const mark = (f: SqlFunction) => `sha256:${f.checksum}`;
