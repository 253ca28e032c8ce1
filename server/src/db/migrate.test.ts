import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { migrationsDir } from '../lib/paths.ts';
import { openTestDatabase } from '../test/db.ts';
import type { Database } from './client.ts';
import { loadMigrations, migrate, MigrationError, type Migration } from './migrate.ts';
import type { SqlRunner } from './sql.ts';

let db: (Database & { drop(): Promise<void> }) | null = null;
const scratch: string[] = [];
beforeAll(async () => {
  db = await openTestDatabase({ migrate: false });
}, 120_000);
afterAll(() => db?.drop());
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A database nobody has migrated yet (one per file; emptied for each story, which is cheaper than a new one). */
async function emptyDatabase() {
  await db!.withSql((sql) => sql.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;'));
  return db!;
}
const run = (migrations?: Migration[]) => db!.withSql((sql) => migrate(sql, migrations));
const recorded = () =>
  db!.withSql((sql) =>
    sql.query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null; applied_steps_count: number }>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    ),
  );
const tableExists = (name: string) =>
  db!.withSql(async (sql: SqlRunner) => (await sql.query<{ t: string | null }>(`SELECT to_regclass($1)::text AS t`, [`"${name}"`]))[0].t !== null);
const extra = (name: string, sql: string): Migration => ({ name, sql, checksum: createHash('sha256').update(sql).digest('hex') });

describe('the migration runner', () => {
  it('applies every migration once, in order, and records each with the sha256 of its file', async () => {
    await emptyDatabase();
    expect(await tableExists('Participant')).toBe(false);
    const names = loadMigrations().map((m) => m.name);
    expect(names.length).toBeGreaterThanOrEqual(2);
    expect(names).toEqual([...names].sort());

    expect(await run()).toEqual(names);
    expect(await tableExists('Participant')).toBe(true);
    const rows = await recorded();
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    for (const r of rows) {
      const file = readFileSync(join(migrationsDir, r.migration_name, 'migration.sql'));
      expect(r.checksum).toBe(createHash('sha256').update(file).digest('hex'));
      expect(r.finished_at).not.toBeNull();
      expect(r.rolled_back_at).toBeNull();
      expect(r.applied_steps_count).toBe(1);
    }

    // Starting again applies nothing and records nothing.
    expect(await run()).toEqual([]);
    expect(await recorded()).toHaveLength(names.length);
  });

  it('applies a new migration on the next start, and records nothing of one that fails', async () => {
    await emptyDatabase();
    await run();
    const base = loadMigrations();
    const probe = extra('29990101000000_probe', `CREATE TABLE "Probe" (id int PRIMARY KEY);`);
    expect(await run([...base, probe])).toEqual([probe.name]);
    expect(await tableExists('Probe')).toBe(true);

    const broken = extra('29990102000000_broken', `CREATE TABLE "Half" (id int); SELECT no_such_function();`);
    await expect(run([...base, probe, broken])).rejects.toThrow(/Migration "29990102000000_broken" failed/);
    expect(await tableExists('Half')).toBe(false);
    expect((await recorded()).map((r) => r.migration_name)).not.toContain(broken.name);
    // The lock was released: the next start proceeds.
    expect(await run([...base, probe])).toEqual([]);
  });

  it('refuses to start when an applied migration’s file was edited, and applies nothing after it', async () => {
    await emptyDatabase();
    await run();
    // The same migrations folder with the first file edited, as a careless commit would leave it.
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    scratch.push(dir);
    cpSync(migrationsDir, dir, { recursive: true });
    const first = loadMigrations()[0].name;
    appendFileSync(join(dir, first, 'migration.sql'), '\nCREATE INDEX "Participant_username_idx" ON "Participant"("username");\n');
    const edited = loadMigrations(dir);
    expect(edited[0].checksum).not.toBe(loadMigrations()[0].checksum);

    const next = extra('29990101000000_probe', `CREATE TABLE "Probe" (id int PRIMARY KEY);`);
    const refusal = run([...edited, next]);
    await expect(refusal).rejects.toThrow(MigrationError);
    await expect(refusal).rejects.toThrow(new RegExp(`"${first}" was edited after it was applied`));
    expect(await tableExists('Probe')).toBe(false);
    expect(await recorded()).toHaveLength(loadMigrations().length);
  });

  it('refuses to start when the database has a migration this code does not know', async () => {
    await emptyDatabase();
    await run();
    const all = loadMigrations();
    const older = all.slice(0, -1);
    const refusal = run(older);
    await expect(refusal).rejects.toThrow(MigrationError);
    await expect(refusal).rejects.toThrow(new RegExp(`"${all.at(-1)!.name}", which this version of the app does not know`));
  });

  // Two app instances starting at once on PostgreSQL (PGlite has a single connection).
  it.runIf(!!process.env.DATABASE_URL)('applies each migration once when two instances start at the same moment', async () => {
    await emptyDatabase();
    const [a, b] = await Promise.all([run(), run()]);
    const names = loadMigrations().map((m) => m.name);
    expect([a, b].sort((x, y) => y.length - x.length)).toEqual([names, []]);
    expect(await recorded()).toHaveLength(names.length);
  });
});
