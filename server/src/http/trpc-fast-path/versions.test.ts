import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// The fast path copies tRPC and Fastify internals: an upgrade must go through UPGRADE.md first.
const here = new URL('.', import.meta.url);
const require = createRequire(import.meta.url);
const upgrade = readFileSync(new URL('UPGRADE.md', here), 'utf8');
const verified = (pkg: string) => new RegExp(`^- ${pkg.replace('/', '\\/')} (\\S+)$`, 'm').exec(upgrade)?.[1];
const installed = (pkg: string) => (require(`${pkg}/package.json`) as { version: string }).version;
const manifest = (path: string) =>
  JSON.parse(readFileSync(new URL(path, here), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };

describe('the tRPC fast path is bounded to the versions it was checked against', () => {
  it('runs on the tRPC and Fastify versions UPGRADE.md names', () => {
    expect(installed('@trpc/server')).toBe(verified('@trpc/server'));
    expect(installed('fastify')).toBe(verified('fastify'));
  });

  it('pins every tRPC package to that exact version', () => {
    const version = verified('@trpc/server');
    for (const path of ['../../../package.json', '../../../../mini-app/package.json']) {
      const { dependencies = {}, devDependencies = {} } = manifest(path);
      const trpc = Object.entries({ ...dependencies, ...devDependencies }).filter(([name]) => name.startsWith('@trpc/'));
      expect(trpc.length).toBeGreaterThan(0);
      for (const [name, range] of trpc) expect(`${name}@${range}`).toBe(`${name}@${version}`);
    }
    expect(manifest('../../../package.json').dependencies?.fastify).toBe(verified('fastify'));
  });
});
