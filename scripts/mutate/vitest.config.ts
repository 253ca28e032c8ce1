import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../../vitest.config.ts';

// The vitest setup Stryker drives for `pnpm mutate` (scripts/mutate/stryker.config.mjs): the same tests,
// in one worker that imports the server once for all the test files a mutant needs (isolate: false).
// Each run is a new worker, so test files start from a migrated snapshot (TEST_DATABASE_SNAPSHOT).
export default mergeConfig(
  base,
  defineConfig({
    root: fileURLToPath(new URL('../..', import.meta.url)),
    test: { isolate: false, fileParallelism: false },
  }),
);
