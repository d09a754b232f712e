import { defineConfig } from 'vitest/config';

// Desktop end-to-end tests through Playwright's _electron. scripts/run-tests.mjs runs them only where
// Electron's binary exists, and otherwise reports them as not run (never as passed).
export default defineConfig({
  test: {
    include: ['test/electron/**/*.electron.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    // Engines started by the tests (they inherit this) serve debug.*; a production engine does not.
    env: { INCEPTION_TEST_HOOKS: '1' },
  },
});
