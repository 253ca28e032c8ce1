import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlRunner } from './sql.ts';
import { migrationsDir } from '../lib/paths.ts';

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {}

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
export async function migrate(sql: SqlRunner, migrations = loadMigrations()): Promise<string[]> {
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
    return ran;
  } finally {
    await sql.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK_ID]);
  }
}
