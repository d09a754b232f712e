/**
 * Decoding off the engine's main thread: one worker thread, reused, with a JS-heap limit
 * (resourceLimits) and a time limit per image. A decode that runs over its time, runs out of memory or
 * fails terminates the worker; the next image gets a fresh one. The header is checked here first, so a
 * bomb is refused without starting the worker at all.
 *
 * From source (tsx, vitest) the worker is decode-worker.ts and needs tsx's loader; in the bundled app
 * scripts/build-main.mjs emits dist-main/image/decode-worker.cjs (import.meta.url is then the bundle
 * entry, dist-main/<dir>/main.cjs). Same scheme as engine/train/workers.ts.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RgbImage } from '../data/image.js';
import type { DecodedImage } from './decode.js';
import type { Preprocessed } from './preprocess.js';
import type { Recipe } from '../../shared/recipes.js';
import type { DecodeOptions } from './header.js';
import type { DecodeReply, DecodeRequest } from './decode-worker.js';
import { ImageError } from './errors.js';
import { checkHeader, maxPixels } from './header.js';

/** Per-image time limit: 60 s unless INCEPTION_DECODE_TIMEOUT_MS says otherwise. */
export function decodeTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.INCEPTION_DECODE_TIMEOUT_MS);
  return Number.isFinite(n) && n > 0 ? n : 60_000;
}

/** The worker's JS heap; pixel buffers live outside it and are bounded by the pixel limit instead. */
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 };

function startDecodeWorker(): Worker {
  const here = import.meta.url;
  const candidates = [
    { url: new URL('./decode-worker.ts', here), ts: true },
    { url: new URL('./decode-worker.js', here), ts: false },
    { url: new URL('../image/decode-worker.cjs', here), ts: false },
  ];
  const found = candidates.find((c) => existsSync(fileURLToPath(c.url)));
  if (!found) throw new Error(`the image decode worker is missing next to ${fileURLToPath(here)}`);
  const path = fileURLToPath(found.url);
  if (!found.ts) return new Worker(path, { resourceLimits: RESOURCE_LIMITS });
  // Loader flags (--import tsx) do not reach worker threads on Node 20: register tsx, then import.
  const tsxDir = dirname(createRequire(here).resolve('tsx/package.json'));
  const api = pathToFileURL(join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(path).href)}); })`;
  return new Worker(code, { eval: true, execArgv: [], resourceLimits: RESOURCE_LIMITS });
}

interface Job {
  req: DecodeRequest;
  transfer: ArrayBuffer[];
  resolve: (r: DecodeReply) => void;
  reject: (e: Error) => void;
}

/** One job at a time, in order; the engine decodes or preprocesses one image per request. */
export class DecodePool {
  private worker: Worker | null = null;
  private queue: Job[] = [];
  private busy: Job | null = null;
  private timer: NodeJS.Timeout | null = null;
  private nextId = 1;

  constructor(private timeoutMs: () => number = decodeTimeoutMs) {}

  async decode(bytes: Uint8Array, o: DecodeOptions = {}): Promise<DecodedImage> {
    const limit = o.maxPixels ?? maxPixels();
    checkHeader(bytes, { maxPixels: limit }); // a bomb never reaches the worker
    // A copy the worker can own: the caller's buffer may be a slice of something larger.
    const own = bytes.slice();
    const r = await this.submit({ id: this.nextId++, kind: 'decode', bytes: own, maxPixels: limit }, [
      own.buffer as ArrayBuffer,
    ]);
    return (r as { image: DecodedImage }).image;
  }

  /** A recipe applied in the worker (the image is copied there; the caller keeps its own). */
  async preprocess(image: RgbImage, recipe: Recipe): Promise<Preprocessed> {
    const plain = { width: image.width, height: image.height, data: image.data };
    const r = await this.submit({ id: this.nextId++, kind: 'preprocess', image: plain, recipe }, []);
    return (r as { pre: Preprocessed }).pre;
  }

  private submit(req: DecodeRequest, transfer: ArrayBuffer[]): Promise<DecodeReply> {
    return new Promise<DecodeReply>((resolve, reject) => {
      this.queue.push({ req, transfer, resolve, reject });
      this.pump();
    });
  }

  /** Stops the worker (tests, engine shutdown); queued decodes fail. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    for (const j of this.queue.splice(0))
      j.reject(new ImageError('timeout', 'the image decoder was shut down'));
    if (w) await w.terminate();
  }

  private pump(): void {
    if (this.busy || this.queue.length === 0) return;
    const job = this.queue.shift()!;
    this.busy = job;
    let w: Worker;
    try {
      w = this.worker ??= this.spawn();
    } catch (e) {
      this.finish(job, () => job.reject(e as Error));
      return;
    }
    const ms = this.timeoutMs();
    this.timer = setTimeout(() => {
      this.kill();
      this.finish(job, () =>
        job.reject(
          new ImageError(
            'timeout',
            `${job.req.kind === 'decode' ? 'decoding' : 'preprocessing'} took longer than ${Math.round(ms / 1000)} s and was stopped; the file may be crafted to be slow, or too large for this machine`,
            { seconds: Math.round(ms / 1000) },
          ),
        ),
      );
    }, ms);
    w.postMessage(job.req, job.transfer);
  }

  private spawn(): Worker {
    const w = startDecodeWorker();
    // Events of a worker already replaced (killed after a failure or a timeout) are ignored.
    w.on('message', (r: DecodeReply) => {
      if (this.worker !== w) return;
      const job = this.busy;
      if (!job || job.req.id !== r.id) return;
      if (!('error' in r)) this.finish(job, () => job.resolve(r));
      else {
        this.kill(); // a failed decode may leave the codec's state broken: start clean next time
        this.finish(job, () => job.reject(new ImageError(r.error.code, r.error.message, r.error.params)));
      }
    });
    w.on('error', (e: Error & { code?: string }) => {
      if (this.worker !== w) return;
      const job = this.busy;
      this.worker = null;
      if (!job) return;
      const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.finish(job, () =>
        job.reject(
          oom
            ? new ImageError('timeout', 'decoding ran out of the memory the decoder may use and was stopped')
            : new ImageError('damaged', `the image decoder failed: ${e.message}`),
        ),
      );
    });
    w.on('exit', () => {
      if (this.worker !== w) return;
      this.worker = null;
      const job = this.busy;
      if (job)
        this.finish(job, () =>
          job.reject(new ImageError('damaged', 'the image decoder stopped unexpectedly')),
        );
    });
    // After the listeners: adding a 'message' listener refs the worker's port again. An idle decoder must
    // not keep the CLI or a test process alive; the time-limit timer holds the process while one is busy.
    w.unref();
    return w;
  }

  private kill(): void {
    const w = this.worker;
    this.worker = null;
    if (w) void w.terminate();
  }

  private finish(job: Job, settle: () => void): void {
    if (this.busy !== job) return;
    this.busy = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    settle();
    this.pump();
  }
}

let shared: DecodePool | null = null;

/** Decode by magic bytes in the shared worker. Throws ImageError with a one-line reason. */
export async function decodeAnyImage(bytes: Uint8Array, o: DecodeOptions = {}): Promise<DecodedImage> {
  shared ??= new DecodePool();
  return shared.decode(bytes, o);
}

/** Apply a preprocessing recipe in the shared worker. */
export async function preprocessOffThread(image: RgbImage, recipe: Recipe): Promise<Preprocessed> {
  shared ??= new DecodePool();
  return shared.preprocess(image, recipe);
}
