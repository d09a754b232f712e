/**
 * Starting the training worker threads. From source (tsx) the entry is the .ts file next to this one and
 * the worker needs tsx's loader; in the bundled app, scripts/build-main.mjs emits dist-main/train/*.cjs
 * and import.meta.url is the bundle entry (dist-main/<dir>/main.cjs).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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
  const opts: WorkerOptions = { workerData };
  if (ts) {
    const argv = process.execArgv.filter((a) => !a.startsWith('--inspect'));
    const hasTsx = argv.some((a, i) => a.includes('tsx') && (argv[i - 1] === '--import' || a.startsWith('--import')));
    opts.execArgv = hasTsx ? argv : [...argv, '--import', 'tsx'];
  }
  return new Worker(path, opts);
}
