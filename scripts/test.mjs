// `pnpm test`: every test. Typechecks the workspace, checks for import loops (scripts/check-imports.mjs),
// builds the Mini App for the browser tests, runs vitest.
// Extra arguments go to vitest (e.g. `pnpm test server/src/modules/tasks`).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bin, buildMiniAppIfStale, generateClient, root, run } from './lib.mjs';

generateClient();
const hasSources = (dir) =>
  readdirSync(dir, { withFileTypes: true }).some((e) =>
    e.isDirectory() ? e.name !== 'node_modules' && hasSources(join(dir, e.name)) : /\.tsx?$/.test(e.name),
  );
for (const pkg of ['server', 'mini-app', 'contracts']) {
  if (existsSync(join(root, pkg, 'tsconfig.json')) && hasSources(join(root, pkg))) run(bin('tsc'), ['--noEmit', '-p', pkg]);
}
run(process.execPath, [join(root, 'scripts', 'check-imports.mjs')]);
buildMiniAppIfStale();
run(bin('vitest'), ['run', ...process.argv.slice(2)]);
