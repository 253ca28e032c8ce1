// Stryker's configuration for one money-path module (MUTATE_MODULE, see modules.mjs); scripts/mutate.mjs
// runs it once per module and prints the table. Run alone:
//   MUTATE_MODULE=ledger node_modules/.bin/stryker run scripts/mutate/stryker.config.mjs
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODULES } from './modules.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const name = process.env.MUTATE_MODULE;
const mod = MODULES.find((x) => x.name === name);
if (!mod) throw new Error(`MUTATE_MODULE must be one of ${MODULES.map((x) => x.name).join(', ')} (got ${name ?? 'nothing'}).`);

/** `dir/*.test.ts` (a star in the file name only) to the files it names, sorted. */
function expand(pattern) {
  if (!pattern.includes('*')) return [pattern];
  const re = new RegExp(`^${basename(pattern).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return readdirSync(join(root, dirname(pattern))).filter((f) => re.test(f)).sort().map((f) => `${dirname(pattern)}/${f}`);
}

/** Line ranges of some top-level functions of a file: from `function name(` to the first line that is `}`. */
function functionRanges(file, functions) {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  return functions.map((fn) => {
    const start = lines.findIndex((l) => new RegExp(`^(export )?(async )?function ${fn}\\b`).test(l));
    if (start < 0) throw new Error(`${file} has no top-level function ${fn}.`);
    const end = lines.findIndex((l, i) => i > start && l === '}');
    return `${file}:${start + 1}-${end + 1}`;
  });
}

// Every mutant re-runs its tests in a new vitest worker: each test file starts from one migrated database
// made at the first run (server/src/test/db.ts) instead of migrating its own. Made afresh per Stryker run.
const snapshot = join(tmpdir(), `mutate-${createHash('sha256').update(root).digest('hex').slice(0, 8)}-${name}.pgdata`);
rmSync(snapshot, { force: true });
process.env.TEST_DATABASE_SNAPSHOT = snapshot;

// MUTATE_FILES=roll.ts,ton-proof.ts: only the module's sources whose path contains one of these (a quick look at one file).
const files = (process.env.MUTATE_FILES ?? '').split(',').map((f) => f.trim()).filter(Boolean);
const sources = files.length ? mod.mutate.filter((s) => files.some((f) => (typeof s === 'string' ? s : s.file).includes(f))) : mod.mutate;
if (!sources.length) throw new Error(`MUTATE_FILES (${files.join(', ')}) names none of ${name}'s sources.`);

const mutate = sources.flatMap((s) => (typeof s === 'string' ? [s] : functionRanges(s.file, s.functions)));
// MUTATE_TESTS=stars,ton.test: only the module's test files whose path contains one of these. Each mutant
// re-runs every file that reached it (each file's set-up included), so a long module can be measured in
// parts; fewer tests can only lower the score, never raise it.
const keep = (process.env.MUTATE_TESTS ?? '').split(',').map((f) => f.trim()).filter(Boolean);
const testFiles = mod.tests.flatMap(expand).filter((t) => !keep.length || keep.some((k) => t.includes(k)));
if (!testFiles.length) throw new Error(`MUTATE_TESTS (${keep.join(', ')}) names none of ${name}'s tests.`);
const busy = Number(process.env.MUTATE_TIMEOUT_MS ?? 30_000);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'scripts/mutate/vitest.config.ts', related: false },
  mutate,
  testFiles,
  // Each mutant runs only the tests that reached it.
  coverageAnalysis: 'perTest',
  // Two cores shared with other work: two runners (each one vitest worker) by default.
  concurrency: Number(process.env.MUTATE_CONCURRENCY ?? 2),
  // Static mutants (module-level constants: SQL text, limits, shard counts) would need the whole module
  // graph and a database reloaded per mutant; the vitest setup keeps both between runs (see its comment).
  ignoreStatic: true,
  mutator: {
    excludedMutations: [],
  },
  // A busy machine makes slow tests look like endless loops; only a mutant far slower than the dry run times out.
  timeoutMS: busy,
  timeoutFactor: 3,
  dryRunTimeoutMinutes: 30,
  reporters: ['progress-append-only', 'json', 'html'],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  thresholds: { high: 80, low: 80, break: null },
  // A second run re-tests only mutants whose code or covering tests changed (MUTATE_FORCE=1: all of them).
  incremental: true,
  incrementalFile: `reports/mutation/${name}.incremental.json`,
  force: process.env.MUTATE_FORCE === '1',
  // Only what the tests need goes to the sandbox (node_modules are linked, never copied).
  ignorePatterns: ['/data', '/reports', '/coverage', '/.tmp', '/mini-app/dist', '/mini-app/.screenshots', '/server/dist', '/contracts/dist', '/docs'],
  // A folder per module, so two modules can run side by side (each deletes its own when done).
  tempDirName: `.stryker-tmp/${name}`,
  cleanTempDir: 'always',
  fileLogLevel: 'off',
  logLevel: process.env.MUTATE_LOG_LEVEL ?? 'info',
};
