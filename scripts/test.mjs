// `pnpm test`: every test. Typechecks the workspace, builds the Mini App for the browser tests, runs vitest.
// Extra arguments go to vitest (e.g. `pnpm test server/src/modules/tasks`).
import { bin, buildMiniAppIfStale, generateClient, run } from './lib.mjs';

generateClient();
for (const pkg of ['server', 'mini-app', 'contracts']) run(bin('tsc'), ['--noEmit', '-p', pkg]);
buildMiniAppIfStale();
run(bin('vitest'), ['run', ...process.argv.slice(2)]);
