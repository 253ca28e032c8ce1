import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, appendFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { migrationsDir } from '../lib/paths.ts';
import { openTestDatabase } from '../test/db.ts';
import type { Database } from './client.ts';
import { applyFunctions, functionsDir, loadFunctions, loadMigrations, migrate, MigrationError, type Migration } from './migrate.ts';
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

describe('SQL functions with one home (server/src/db/functions)', () => {
  type Fn = { name: string; src: string; comment: string | null };
  const functions = () =>
    db!.withSql((sql) =>
      sql.query<Fn>(
        `SELECT p.proname AS name, p.prosrc AS src, obj_description(p.oid, 'pg_proc') AS comment
           FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace ORDER BY p.proname`,
      ),
    );
  // What PostgreSQL keeps of a function is its body: the text between the dollar quotes.
  const bodyOf = (file: string) => /\$\$([\s\S]*)\$\$/.exec(file)![1];
  const copyOfFunctions = () => {
    const dir = mkdtempSync(join(tmpdir(), 'functions-'));
    scratch.push(dir);
    cpSync(functionsDir, dir, { recursive: true });
    return dir;
  };

  it('gives a fresh database exactly the definitions in the files, one function each, and nothing older', async () => {
    await emptyDatabase();
    await run();
    const files = loadFunctions();
    expect(files.map((f) => f.name)).toEqual(
      expect.arrayContaining(['add_scores', 'audit_guard', 'claim_task', 'claim_tasks', 'ledger_transfer', 'ledger_transfers', 'transfer_guard']),
    );
    const inDb = await functions();
    for (const f of files) {
      const rows = inDb.filter((r) => r.name === f.name);
      expect(rows, f.name).toHaveLength(1);
      expect(rows[0].src, f.name).toBe(bodyOf(f.sql));
      expect(rows[0].comment, f.name).toBe(`sha256:${f.checksum}`);
    }
    // Every function of the schema has its file.
    expect(inDb.map((r) => r.name).filter((n) => !files.some((f) => f.name === n))).toEqual([]);
    // Unchanged files are not applied again.
    expect(await db!.withSql((sql) => applyFunctions(sql))).toEqual([]);
  });

  it('applies a changed file on the next start, and only that one', async () => {
    await emptyDatabase();
    await run();
    const dir = copyOfFunctions();
    const file = join(dir, 'audit_guard.sql');
    writeFileSync(file, readFileSync(file, 'utf8').replace('the audit log is append-only', 'the audit log never changes'));
    const edited = loadFunctions(dir);
    await db!.withSql((sql) => migrate(sql, loadMigrations(), edited));
    const after = await functions();
    expect(after.find((r) => r.name === 'audit_guard')!.src).toContain('the audit log never changes');
    expect(await db!.withSql((sql) => applyFunctions(sql, edited))).toEqual([]);
    // The database runs what the file now says.
    const e = await db!.withSql((sql) => sql.exec(`INSERT INTO "AuditLog" (action, "subjectType", "subjectId") VALUES ('x', 'y', 'z'); DELETE FROM "AuditLog";`)).catch((err: Error) => err);
    expect(String(e)).toContain('the audit log never changes');
    // Back to the repository's file: applied again, alone.
    expect(await db!.withSql((sql) => applyFunctions(sql))).toEqual(['audit_guard']);
  });

  it('refuses a file that leaves two functions of its name, and applies none of the batch', async () => {
    await emptyDatabase();
    await run();
    const dir = copyOfFunctions();
    writeFileSync(join(dir, 'audit_guard.sql'), readFileSync(join(dir, 'audit_guard.sql'), 'utf8').replace('append-only', 'append only'));
    writeFileSync(
      join(dir, 'claim_task.sql'),
      `CREATE OR REPLACE FUNCTION "claim_task"(p_claim JSONB) RETURNS INTEGER LANGUAGE sql AS $$ SELECT 1 $$;`,
    );
    await expect(db!.withSql((sql) => applyFunctions(sql, loadFunctions(dir)))).rejects.toThrow(/claim_task.sql must define exactly one function/);
    const after = await functions();
    expect(after.filter((r) => r.name === 'claim_task')).toHaveLength(1);
    expect(after.find((r) => r.name === 'audit_guard')!.src).toContain('append-only');
  });
});
