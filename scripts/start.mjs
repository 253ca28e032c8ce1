// `pnpm start`: one process with the API, the bot and the Mini App, on embedded PGlite unless DATABASE_URL is set.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { bin, buildMiniAppIfStale, generateClient, root } from './lib.mjs';

generateClient();
buildMiniAppIfStale();
const child = spawn(bin('tsx'), [join(root, 'server', 'src', 'main.ts')], { cwd: root, stdio: 'inherit', env: process.env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
