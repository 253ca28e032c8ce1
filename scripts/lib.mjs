// Shared by the start and test launchers: generate the Prisma client, build the Mini App when stale.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const bin = (name) => join(root, 'node_modules', '.bin', name);

export function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (res.status !== 0) process.exit(res.status ?? 1);
}

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const e of readdirSync(path)) {
    if (e === 'node_modules' || e === 'dist' || e.startsWith('.')) continue;
    max = Math.max(max, newest(join(path, e)));
  }
  return max;
}

export function generateClient() {
  run(process.execPath, [join(root, 'scripts', 'generate-client.mjs')]);
}

/** Builds mini-app/dist when it is missing or older than the app's sources. */
export function buildMiniAppIfStale() {
  const app = join(root, 'mini-app');
  const dist = join(app, 'dist', 'index.html');
  if (!existsSync(join(app, 'index.html'))) return;
  const sources = Math.max(newest(join(app, 'src')), newest(join(app, 'index.html')), newest(join(app, 'vite.config.ts')), newest(join(app, 'public')));
  if (existsSync(dist) && statSync(dist).mtimeMs >= sources) return;
  console.log('Building the Mini App…');
  // vite is the Mini App's own dependency, so its binary lives in the package's node_modules.
  run(join(app, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], { cwd: app });
}
