import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

// The renderer is built to dist/renderer and loaded by Electron via file:// or served in web mode.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  // The Svelte config sits at the repo root (svelte-check reads it there), not in the Vite root.
  plugins: [svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) })],
  build: { outDir: '../dist/renderer', emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  worker: { format: 'es' },
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
  test: {
    root: '.',
    environment: 'node',
    include: [
      'test/unit/**/*.test.ts',
      'test/integration/**/*.test.ts',
      'test/fuzz/**/*.test.ts',
      'src-renderer/**/*.test.ts',
    ],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two files at a time (vitest's default on 2 cores is one): most files wait on a child process,
    // a Python reference or a disk, so the second core is otherwise idle.
    maxWorkers: 2,
    // Engines started by the tests (they inherit this) serve debug.*; a production engine does not.
    env: { INCEPTION_TEST_HOOKS: '1' },
    // `npm test` turns this on with CI=true: a per-file line coverage table in the log and
    // test-results/coverage/ (V8's own counters, so it costs little). Code run in forked engines is not seen.
    coverage: {
      provider: 'v8',
      include: ['src-main/**/*.ts', 'src-renderer/**/*.ts'],
      exclude: ['**/*.test.ts', '**/*.d.ts'],
      reporter: ['text-summary', 'json-summary', 'html'],
      reportsDirectory: 'test-results/coverage',
    },
  },
});
