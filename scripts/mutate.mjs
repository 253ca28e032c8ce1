// `pnpm mutate`: mutation testing of the money paths with Stryker (vitest runner), one module at a time
// (scripts/mutate/modules.mjs), then a table: mutants, killed, survived, timeout, no coverage, score, and
// met / NOT MET against 80 %. Slow and never in CI. MUTATE_ONLY=ledger,shop runs some modules; tests use
// embedded PGlite unless DATABASE_URL is set. Reports: reports/mutation/<module>.{json,html}.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MODULES } from './mutate/modules.mjs';
import { bin, generateClient, root } from './lib.mjs';

const TARGET = 80;
const only = (process.env.MUTATE_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const unknown = only.filter((n) => !MODULES.some((m) => m.name === n));
if (unknown.length) {
  console.error(`MUTATE_ONLY names no module ${unknown.join(', ')}; the modules are ${MODULES.map((m) => m.name).join(', ')}.`);
  process.exit(2);
}
// In the order asked for.
const chosen = only.length ? only.map((n) => MODULES.find((m) => m.name === n)) : MODULES;

generateClient();
const rows = [];
for (const mod of chosen) {
  console.log(`\n== mutate ${mod.name} ==`);
  const report = join(root, 'reports', 'mutation', `${mod.name}.json`);
  rmSync(report, { force: true });
  const started = Date.now();
  const res = spawnSync(bin('stryker'), ['run', 'scripts/mutate/stryker.config.mjs'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, MUTATE_MODULE: mod.name },
  });
  const minutes = (Date.now() - started) / 60_000;
  if (res.status !== 0 || !existsSync(report)) {
    rows.push({ module: mod.name, error: `stryker exited ${res.status ?? res.signal}`, minutes });
    continue;
  }
  rows.push({ module: mod.name, ...tally(JSON.parse(readFileSync(report, 'utf8'))), minutes });
}
printTable(rows);

/** Counts a mutation-testing-report-schema report; survivors are listed by file, line and change. */
function tally(report) {
  const c = { mutants: 0, killed: 0, survived: 0, timeout: 0, noCoverage: 0, errors: 0, survivors: [] };
  for (const [file, { mutants }] of Object.entries(report.files)) {
    for (const mu of mutants) {
      if (mu.status === 'Ignored') continue;
      c.mutants++;
      if (mu.status === 'Killed') c.killed++;
      else if (mu.status === 'Timeout') c.timeout++;
      else if (mu.status === 'NoCoverage') c.noCoverage++;
      else if (mu.status === 'Survived') c.survived++;
      else c.errors++; // CompileError / RuntimeError: not counted in the score, as Stryker does
      if (mu.status === 'Survived' || mu.status === 'NoCoverage') {
        c.survivors.push(`${file.replace(/^.*?server\/src\/modules\//, '')}:${mu.location.start.line} ${mu.mutatorName} → ${oneLine(mu.replacement ?? '')}${mu.status === 'NoCoverage' ? ' (no coverage)' : ''}`);
      }
    }
  }
  const valid = c.killed + c.timeout + c.survived + c.noCoverage;
  c.score = valid ? (100 * (c.killed + c.timeout)) / valid : 100;
  return c;
}

function oneLine(s) {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 70 ? `${t.slice(0, 67)}...` : t;
}

function printTable(rows) {
  for (const r of rows) {
    if (!r.survivors?.length) continue;
    console.log(`\nSurvivors in ${r.module}:`);
    for (const s of r.survivors) console.log(`  ${s}`);
  }
  const head = ['module', 'mutants', 'killed', 'survived', 'timeout', 'no coverage', 'score', `≥ ${TARGET} %`, 'minutes'];
  const body = rows.map((r) =>
    r.error
      ? [r.module, '-', '-', '-', '-', '-', '-', r.error, r.minutes.toFixed(1)]
      : [r.module, r.mutants, r.killed, r.survived, r.timeout, r.noCoverage, `${r.score.toFixed(1)} %`, r.score >= TARGET ? 'met' : 'NOT MET', r.minutes.toFixed(1)],
  );
  const widths = head.map((h, i) => Math.max(String(h).length, ...body.map((b) => String(b[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const b of body) console.log(line(b));
  if (rows.some((r) => r.error)) process.exitCode = 1;
}
