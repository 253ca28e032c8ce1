import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../../vitest.config.ts';

/**
 * Unit tests first, then database stories, each the smaller first (vitest's default runs the longest
 * first). Stryker stops at a mutant's first failing test, so when a quick unit test (rolls, fees,
 * ton_proof vectors) kills it, the server and its database never load.
 */
class QuickFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const cost = (f: TestSpecification) => {
      const text = readFileSync(f.moduleId, 'utf8');
      return (/test\/(server-)?harness\.ts/.test(text) ? 1e9 : 0) + text.length;
    };
    return [...files].sort((a, b) => cost(a) - cost(b));
  }
}

// The vitest setup Stryker drives for `pnpm mutate` (scripts/mutate/stryker.config.mjs): the same tests,
// in one worker that imports the server once for all the test files a mutant needs (isolate: false).
// Each run is a new worker, so test files start from a migrated snapshot (TEST_DATABASE_SNAPSHOT).
export default mergeConfig(
  base,
  defineConfig({
    root: fileURLToPath(new URL('../..', import.meta.url)),
    test: { isolate: false, fileParallelism: false, sequence: { sequencer: QuickFirst } },
  }),
);
