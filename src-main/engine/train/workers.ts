/**
 * Starting the training worker threads. From source (tsx) the entry is the .ts file next to this one and
 * the worker needs tsx's loader; in the bundled app, scripts/build-main.mjs emits dist-main/train/*.cjs
 * and import.meta.url is the bundle entry (dist-main/<dir>/main.cjs).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

export type WorkerName = 'run-worker' | 'replica-worker';

export function workerEntry(name: WorkerName): { path: string; ts: boolean } {
  const candidates = [
    { url: new URL(`./${name}.ts`, import.meta.url), ts: true },
    { url: new URL(`./${name}.js`, import.meta.url), ts: false },
    { url: new URL(`../train/${name}.cjs`, import.meta.url), ts: false },
  ];
  for (const c of candidates) {
    const path = fileURLToPath(c.url);
    if (existsSync(path)) return { path, ts: c.ts };
  }
  throw new Error(`training worker ${name} not found next to ${fileURLToPath(import.meta.url)}`);
}

export function startWorker(name: WorkerName, workerData: unknown): Worker {
  const { path, ts } = workerEntry(name);
  if (!ts) return new Worker(path, { workerData });
  // Loader flags (--import tsx) do not reach worker threads on Node 20, so a small eval'd bootstrap
  // registers tsx in the worker and then imports the TypeScript entry.
  const tsxDir = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
  const entry = pathToFileURL(path).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  const opts: WorkerOptions = { workerData, eval: true, execArgv: [] };
  return new Worker(code, opts);
}
