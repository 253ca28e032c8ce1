import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const migrationsDir = join(repoRoot, 'prisma', 'migrations');
export const miniAppDist = join(repoRoot, 'mini-app', 'dist');
