import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/src/**/*.test.ts', 'contracts/**/*.test.ts', 'scripts/**/*.test.ts', 'mini-app/tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    exclude: ['**/node_modules/**', '**/dist/**', '**/.stryker-tmp/**'],
    env: { NODE_ENV: 'test' },
  },
});
