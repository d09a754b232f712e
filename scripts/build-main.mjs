#!/usr/bin/env node
// Bundles the Electron main process, preload, engine entry and CLI into dist-main/*.cjs: for packaging,
// and for the `inception-explorer` command, which starts from the bundle (a third of a second) instead
// of compiling the TypeScript on every call (bin/inception-explorer.mjs rebuilds it when sources change).
// Dependencies stay external (electron-builder ships node_modules); only the project's own TS is bundled.
// CommonJS because a sandboxed preload must be CJS; import.meta.url is shimmed from __filename.
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

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

/**
 * Builds every entry. Files are written to a temporary name and renamed, so a CLI call that starts while
 * another one rebuilds never loads half a bundle.
 */
export async function buildMain({ quiet = false } = {}) {
  const { build } = await import('esbuild');
  const entryPoints = Object.fromEntries(
    Object.entries(entries)
      .filter(([, src]) => existsSync(join(root, src)))
      .map(([out, src]) => [out, join(root, src)]),
  );
  const result = await build({
    entryPoints,
    outdir: join(root, 'dist-main'),
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    external: ['electron'],
    sourcemap: true,
    write: false,
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    logLevel: quiet ? 'error' : 'info',
  });
  for (const f of result.outputFiles) {
    mkdirSync(dirname(f.path), { recursive: true });
    const tmp = `${f.path}.${process.pid}.tmp`;
    writeFileSync(tmp, f.contents);
    renameSync(tmp, f.path);
  }
  if (!quiet) console.log(`dist-main: ${result.outputFiles.length} files`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildMain();
