#!/usr/bin/env node
// Bundles the Electron main process, preload and engine entry into dist-main/*.cjs for packaging.
// Dependencies stay external (electron-builder ships node_modules); only the project's own TS is bundled.
// CommonJS because a sandboxed preload must be CJS; import.meta.url is shimmed from __filename.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entries = {
  'electron/main': 'src-main/electron/main.ts',
  'electron/preload': 'src-main/electron/preload.ts',
  'host/main': 'src-main/host/main.ts',
  'cli/main': 'src-main/cli/main.ts',
  // Training worker threads (engine/train/workers.ts looks for dist-main/train/<name>.cjs).
  'train/run-worker': 'src-main/engine/train/run-worker.ts',
  'train/replica-worker': 'src-main/engine/train/replica-worker.ts',
  // The image decode worker (engine/image/decode-pool.ts looks for dist-main/image/decode-worker.cjs).
  'image/decode-worker': 'src-main/engine/image/decode-worker.ts',
  // The HDF5 reader's worker (engine/weights/keras-zip.ts looks for dist-main/weights/keras-h5-worker.cjs).
  'weights/keras-h5-worker': 'src-main/engine/weights/keras-h5-worker.ts',
};
const entryPoints = Object.fromEntries(Object.entries(entries).filter(([, src]) => existsSync(src)));

await build({
  entryPoints,
  outdir: 'dist-main',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  external: ['electron'],
  sourcemap: true,
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'info',
});
