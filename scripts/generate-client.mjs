// Generates the Prisma client offline. `prisma generate` wants a schema engine binary on disk
// but never runs it; pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file avoids a download.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schema = join(root, 'prisma', 'schema.prisma');
const out = join(root, 'server', 'src', 'generated', 'prisma');
const stamp = join(out, '.schema-hash');
const hash = createHash('sha256').update(readFileSync(schema)).digest('hex');

if (!process.argv.includes('--force') && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) {
  process.exit(0);
}
const bin = join(root, 'node_modules', '.bin', 'prisma');
const res = spawnSync(bin, ['generate', '--schema', schema], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
if (res.status !== 0) {
  console.error('prisma generate failed');
  process.exit(res.status ?? 1);
}
writeFileSync(stamp, hash);
