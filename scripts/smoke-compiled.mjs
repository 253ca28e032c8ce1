// After `pnpm build`: starts the compiled server as production runs it (`pnpm serve`, embedded PGlite in a
// temporary folder), checks it answers health, readiness, a public procedure, a refusal and the Mini App,
// then stops it with SIGTERM and expects a clean exit. Exits non-zero on any miss.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './lib.mjs';

const main = join(root, 'server', 'dist', 'main.js');
if (!existsSync(main)) {
  console.error('server/dist/main.js is missing: run `pnpm build` first.');
  process.exit(1);
}
const port = 3700 + Math.floor(Math.random() * 200);
const base = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), 'smoke-compiled-'));
const child = spawn(process.execPath, ['--conditions=compiled', '--enable-source-maps', main], {
  cwd: root,
  env: {
    ...process.env,
    NODE_ENV: 'production',
    BOT_TOKEN: '1000000009:smoke-token-SSSSSSSSSSSSSSSSSSSSSSSS',
    PUBLIC_URL: base,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    BOT_MODE: 'off',
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
const fail = (why) => {
  console.error(`compiled server: ${why}`);
  child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(1);
};
const get = (path, headers = {}) => fetch(base + path, { headers }).then(async (r) => ({ status: r.status, text: await r.text(), type: r.headers.get('content-type') ?? '' }));

for (let i = 0; ; i++) {
  const r = await get('/readyz').catch(() => null);
  if (r?.status === 200) break;
  if (i > 240) fail('not ready within two minutes');
  await new Promise((r) => setTimeout(r, 500));
}
const checks = [
  ['/healthz', (r) => r.status === 200],
  ['/', (r) => r.status === 200 && r.type.startsWith('text/html') && r.text.includes('<div id="root">')],
  // The demo drop (DEMO_DATA is on by default): a public read through the router, the database and the SQL functions.
  ['/trpc/collectibles.verifyDrop?input=' + encodeURIComponent(JSON.stringify({ dropId: 1 })), (r) => r.status === 200 && JSON.parse(r.text).result.data != null],
  ['/trpc/profile.me', (r) => r.status === 401 && JSON.parse(r.text).error.data.appCode === 'UNAUTHORIZED'],
  ['/trpc/collectibles.verifyDrop?input=' + encodeURIComponent(JSON.stringify({ dropId: 2 ** 31 })), (r) => r.status === 400],
];
for (const [path, ok] of checks) {
  const r = await get(path);
  if (!ok(r)) fail(`${path} answered ${r.status}: ${r.text.slice(0, 200)}`);
  console.log(`compiled server: ${path} → ${r.status}`);
}
child.kill('SIGTERM');
const { code, signal } = await exited;
rmSync(dataDir, { recursive: true, force: true });
if (code !== 0) fail(`stopped with ${code ?? signal} after SIGTERM`);
console.log('compiled server: started, answered and stopped cleanly');
