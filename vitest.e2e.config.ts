import { defineConfig } from 'vitest/config';

// Browser end-to-end tests against web mode (Debian Chromium via playwright-core).
// One file at a time: each starts its own server and engine, and the machine has two cores.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
    // Engines started by the tests (they inherit this) serve debug.*; a production engine does not.
    env: { INCEPTION_TEST_HOOKS: '1' },
  },
});
