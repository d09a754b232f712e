/**
 * Weights from a URL: downloaded once into the app's data folder (weights-cache/), with progress,
 * then read like a local file. A TF.js model.json brings its shards along. Offline gives one clear
 * sentence instead of a socket error.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { dataDir } from '../train/store.js';
import { WeightsError } from './types.js';

export interface FetchOptions {
  /** Defaults to <data dir>/weights-cache. */
  cacheDir?: string;
  onProgress?: (done: number, total: number, message: string) => void;
  signal?: AbortSignal;
}

export const weightsCacheDir = (dir?: string): string => dir ?? join(dataDir(), 'weights-cache');

const OFFLINE = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'ECONNRESET',
]);

/** Where a URL is cached: a short hash keeps same-named files from different hosts apart. */
export function cachePath(url: string, dir?: string): string {
  const u = new URL(url);
  const hash = createHash('sha256').update(url).digest('hex').slice(0, 12);
  return join(weightsCacheDir(dir), hash, decodeURIComponent(basename(u.pathname)) || 'weights');
}

async function download(url: string, to: string, o: FetchOptions, label: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { signal: o.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    const code = ((e as { cause?: { code?: string } }).cause?.code ?? '') as string;
    if (OFFLINE.has(code) || /fetch failed/.test((e as Error).message)) {
      throw new WeightsError(
        'offline',
        `Could not reach ${new URL(url).host} (${code || (e as Error).message}): this machine seems to be offline. Download the weights file elsewhere and open it from disk, or try again when online.`,
      );
    }
    throw new WeightsError('download', `Downloading ${url} failed: ${(e as Error).message}`);
  }
  if (!res.ok || !res.body)
    throw new WeightsError('download', `Downloading ${url} failed: HTTP ${res.status} ${res.statusText}.`);
  const total = Number(res.headers.get('content-length') ?? 0);
  await mkdir(join(to, '..'), { recursive: true });
  const part = `${to}.part`;
  const out = createWriteStream(part);
  let done = 0;
  let last = 0;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      done += chunk.length;
      if (done - last > 1 << 20 || done === total) {
        last = done;
        o.onProgress?.(done, total, `downloading ${label}`);
      }
    }
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  } catch (e) {
    out.destroy();
    await rm(part, { force: true });
    throw (e as Error).name === 'AbortError'
      ? e
      : new WeightsError('download', `Downloading ${url} was interrupted: ${(e as Error).message}`);
  }
  if (total && done !== total) {
    await rm(part, { force: true });
    throw new WeightsError(
      'truncated',
      `Downloading ${url} ended after ${done} of ${total} bytes. Try again.`,
    );
  }
  await rename(part, to);
}

/** Local path of the URL's file, downloading it (and a model.json's shards) unless cached. */
export async function fetchWeights(url: string, o: FetchOptions = {}): Promise<string> {
  const path = cachePath(url, o.cacheDir);
  if (!existsSync(path)) await download(url, path, o, basename(path));
  else o.onProgress?.(1, 1, `using the cached copy of ${basename(path)}`);
  if (path.endsWith('.json')) {
    const manifest =
      (JSON.parse(await readFile(path, 'utf8')) as { weightsManifest?: { paths: string[] }[] })
        .weightsManifest ?? [];
    for (const p of manifest.flatMap((g) => g.paths)) {
      const shard = join(path, '..', decodeURIComponent(p));
      if (!existsSync(shard)) await download(new URL(p, url).toString(), shard, o, p);
    }
  }
  return path;
}
