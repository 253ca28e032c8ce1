// `pnpm build`: what production runs. The server and the contracts it imports compiled to JavaScript
// (server/dist, contracts/dist; run with `pnpm serve`), and the Mini App's static build (mini-app/dist).
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bin, generateClient, root, run } from './lib.mjs';

generateClient();
for (const pkg of ['server', 'contracts']) {
  rmSync(join(root, pkg, 'dist'), { recursive: true, force: true });
  run(bin('tsc'), ['-p', join(pkg, 'tsconfig.build.json')]);
}
// Files read at run time beside the code that reads them: SQL functions, contract sources (compiled by Tolk at start).
cpSync(join(root, 'server', 'src', 'db', 'functions'), join(root, 'server', 'dist', 'db', 'functions'), { recursive: true });
for (const c of ['treasury', 'nft']) {
  for (const f of readdirSync(join(root, 'contracts', c)).filter((f) => f.endsWith('.tolk'))) {
    cpSync(join(root, 'contracts', c, f), join(root, 'contracts', 'dist', c, f));
  }
}
const app = join(root, 'mini-app');
run(join(app, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], { cwd: app });
console.log('Built: server/dist, contracts/dist, mini-app/dist. Start with `pnpm serve`.');
