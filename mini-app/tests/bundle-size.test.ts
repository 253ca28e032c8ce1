import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMiniAppIfStale } from '../../scripts/lib.mjs';
import { homeBundle, sum, type HomeBundle } from '../scripts/home-bundle.ts';

// A size budget, not a timing: on a weak mobile network every kilobyte Home needs is time before it draws.
const BUDGET_GZIP_BYTES = 150_000;
const dist = join(import.meta.dirname, '..', 'dist');
let home: HomeBundle;

beforeAll(() => {
  buildMiniAppIfStale();
  home = homeBundle(dist);
});

describe('what Home needs before it can draw', () => {
  it(`is at most ${BUDGET_GZIP_BYTES / 1000} kB of JavaScript gzipped`, () => {
    const gzip = sum(home.js, 'gzip');
    expect(gzip, home.js.map((f) => `${f.file} ${f.gzip}`).join(', ')).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  });

  it('holds neither TON Connect nor the charts nor the back office', () => {
    expect(home.code).not.toContain('TonConnectUiVersion');
    expect(home.code).not.toContain('recharts-surface');
    for (const src of ['src/kit/ton-connect.tsx', 'src/features/admin/AdminScreen.tsx', 'src/features/admin/sections/overview/OverviewSection.tsx']) {
      expect(home.sources).not.toContain(src);
    }
  });

  it('links no stylesheet: the first paint waits for nothing but index.html', () => {
    expect(home.css).toEqual([]);
    expect(home.html.gzip).toBeLessThan(12_000);
  });
});
