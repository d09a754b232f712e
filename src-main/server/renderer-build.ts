/**
 * Finds the built renderer (dist/renderer) and builds it with Vite when it is missing or older
 * than its sources, so `npm start` works on a fresh clone.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { appRoot } from '../app-info.js';

export function rendererDir(root = appRoot()): string {
  return join(root, 'dist', 'renderer');
}

/** Sources whose change means the renderer bundle is out of date. */
const SOURCES = [
  'src-renderer',
  'src-main/shared',
  'src-main/engine/backend-types.ts',
  'src-main/zoo',
  'src-main/analysis',
  'vite.config.ts',
  'svelte.config.js',
  'package-lock.json',
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const e of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, e)));
  return newest;
}

export type RendererStatus = 'fresh' | 'missing' | 'stale';

export function rendererStatus(root = appRoot()): RendererStatus {
  const index = join(rendererDir(root), 'index.html');
  if (!existsSync(index)) return 'missing';
  // Sources inside a built app (asar) are absent: then the bundle is what ships.
  const newestSource = Math.max(...SOURCES.map((s) => newestMtime(join(root, s))));
  return newestSource > statSync(index).mtimeMs ? 'stale' : 'fresh';
}

/** Runs `vite build`; resolves when done, rejects with Vite's output tail on failure. */
export function buildRenderer(root = appRoot(), log: (line: string) => void = () => {}): Promise<void> {
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) {
    return Promise.reject(
      new Error(
        'The renderer is not built and Vite is not installed: run `npm install`, then `npm run build:renderer`.',
      ),
    );
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const keep = (b: Buffer) => {
      out = (out + b.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) {
        if (out.trim()) log(out.trim());
        resolve();
      } else reject(new Error(`vite build failed (exit ${code}):\n${out}`));
    });
  });
}

/** Builds the renderer if needed; `rebuildStale` also rebuilds when sources are newer. */
export async function ensureRenderer(
  opts: { rebuildStale?: boolean; log?: (line: string) => void } = {},
): Promise<string> {
  const root = appRoot();
  const status = rendererStatus(root);
  if (status === 'missing' || (status === 'stale' && opts.rebuildStale)) {
    opts.log?.(
      status === 'missing'
        ? 'Building the renderer (first run)…'
        : 'Sources changed: rebuilding the renderer…',
    );
    const t0 = Date.now();
    await buildRenderer(root, opts.log);
    opts.log?.(`Renderer built in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
  }
  return rendererDir(root);
}
