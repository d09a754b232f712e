/**
 * Weights from a URL: downloaded once into the app's data folder (weights-cache/), then read like a
 * local file. A TF.js model.json brings its shards along.
 *
 * Everything a URL or a downloaded manifest names stays inside the cache folder: the cache file name
 * is the URL's last segment as written (never percent-decoded, so `%2F` cannot become a separator),
 * reduced to [A-Za-z0-9._-]; shard names are decoded as the TF.js reader decodes them and joined with
 * resolveInside, which refuses `..`, absolute names, backslashes and symlinks that leave the folder. A download is capped (the declared length
 * and a hard cap), stops when the body stalls, resumes a `.part` file with an HTTP Range request
 * (RFC 9110 §14), can be cancelled, and is checked against the publisher's hash before it is used.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { FileAccessError, readRegularFile, resolveInside } from '../fs/safe-file.js';
import { dataDir } from '../train/store.js';
import { WeightsError } from './types.js';

/** What the downloaded bytes must hash to. */
export type ExpectedHash =
  | { algorithm: 'sha256' | 'md5'; value: string }
  /** torch.hub's convention: the file name carries the first hex digits of the SHA-256. */
  | { algorithm: 'sha256-prefix'; value: string }
  /**
   * The Hugging Face hub sends an LFS file's SHA-256 as the X-Linked-Etag header of the resolve
   * response (huggingface_hub/file_download.py, HUGGINGFACE_HEADER_X_LINKED_ETAG).
   */
  | { algorithm: 'hf-linked-etag' };

export interface FetchOptions {
  /** Defaults to <data dir>/weights-cache. */
  cacheDir?: string;
  onProgress?: (done: number, total: number, message: string) => void;
  signal?: AbortSignal;
  /** Refuse bodies larger than this (default 2 GiB, also the safetensors reader's limit). */
  maxBytes?: number;
  /** The exact size the publisher states, when known. */
  expectedSize?: number;
  expectedHash?: ExpectedHash;
  /** A body that sends nothing for this long is abandoned (default 30 s); the .part stays for a resume. */
  stallMs?: number;
  /** The cache file's name (catalogue entries name theirs); otherwise taken from the URL. */
  fileName?: string;
}

/** A cached download and what was checked. */
export interface Fetched {
  path: string;
  sha256: string;
  size: number;
  /** The hash that matched, e.g. "md5 9a0d…" (absent when nothing was published to check against). */
  verified?: string;
  cached: boolean;
}

export const weightsCacheDir = (dir?: string): string => dir ?? join(dataDir(), 'weights-cache');

const HARD_CAP = 2 ** 31 - 1;
const MAX_REDIRECTS = 5;
/** A model.json and its shards: JSON manifests are small. */
const MANIFEST_CAP = 16 << 20;

const OFFLINE = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * A file name for a URL's last path segment, as written in the URL: only [A-Za-z0-9._-] survive
 * (anything else becomes '_'), no leading dots, at most 120 characters with the extension kept.
 */
export function safeFileName(segment: string): string {
  let s = segment.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '');
  if (s.length > 120) {
    const ext = /\.[A-Za-z0-9]{1,12}$/.exec(s)?.[0] ?? '';
    s = s.slice(0, 120 - ext.length) + ext;
  }
  return s || 'weights';
}

/** Where a URL is cached: a short hash of the whole URL keeps same-named files from different hosts apart. */
export function cachePath(url: string, dir?: string, fileName?: string): string {
  const u = new URL(url);
  const hash = createHash('sha256').update(url).digest('hex').slice(0, 12);
  const last = u.pathname.slice(u.pathname.lastIndexOf('/') + 1);
  return join(weightsCacheDir(dir), hash, safeFileName(fileName ?? last));
}

const host = (url: string) => new URL(url).host;

function offlineError(url: string, code: string): WeightsError {
  return new WeightsError(
    'offline',
    `Could not reach ${host(url)} (${code}): this machine seems to be offline. Download ${url} with a browser or \`curl -L -O\`, then open the file from disk (Weights → File, or --weights FILE).`,
    [],
    { kind: 'url', host: host(url), url },
  );
}

/** Sends the request, following redirects by hand so a Hugging Face X-Linked-Etag on any hop is seen. */
async function request(
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<{ res: Response; linkedEtag?: string }> {
  let at = url;
  let linkedEtag: string | undefined;
  for (let hop = 0; ; hop++) {
    let res: Response;
    try {
      res = await fetch(at, { headers, signal, redirect: 'manual' });
    } catch (e) {
      if (signal.aborted) throw signal.reason;
      const code = ((e as { cause?: { code?: string } }).cause?.code ?? '') as string;
      if (OFFLINE.has(code) || (!code && /fetch failed/.test((e as Error).message)))
        throw offlineError(url, code || 'no connection');
      throw new WeightsError('download', `Downloading ${url} failed: ${code || (e as Error).message}.`);
    }
    linkedEtag ??= res.headers.get('x-linked-etag')?.replace(/^(W\/)?"|"$/g, '') || undefined;
    const loc = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && loc) {
      await res.body?.cancel();
      if (hop >= MAX_REDIRECTS)
        throw new WeightsError(
          'download',
          `Downloading ${url} failed: more than ${MAX_REDIRECTS} redirects.`,
        );
      const next = new URL(loc, at);
      if (next.protocol !== 'https:' && next.protocol !== 'http:')
        throw new WeightsError('download', `Downloading ${url} failed: it redirects to a non-HTTP address.`);
      at = next.toString();
      continue;
    }
    return { res, linkedEtag };
  }
}

async function sizeOf(path: string): Promise<number> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : 0;
  } catch {
    return 0;
  }
}

/**
 * Downloads `url` to `to` through `to.part`, resuming a part left by an earlier attempt. Resolves to
 * the hash the server announced (X-Linked-Etag), if any.
 */
async function download(
  url: string,
  to: string,
  o: FetchOptions,
  label: string,
): Promise<string | undefined> {
  const cap = Math.min(o.maxBytes ?? HARD_CAP, HARD_CAP);
  const stallMs = o.stallMs ?? 30_000;
  const part = `${to}.part`;
  await mkdir(dirname(to), { recursive: true });
  let have = await sizeOf(part);
  if (o.expectedSize !== undefined && have > o.expectedSize) {
    await rm(part, { force: true });
    await rm(`${part}.validator`, { force: true });
    have = 0;
  }

  // One controller for the caller's cancel and for a stalled body.
  const ctl = new AbortController();
  let stalled = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      ctl.abort(new WeightsError('download', 'stalled'));
    }, stallMs);
  };
  const onAbort = () => ctl.abort(o.signal!.reason);
  if (o.signal?.aborted) throw o.signal.reason;
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const stalledError = () =>
    new WeightsError(
      'download',
      `Downloading ${url} stalled: nothing arrived for ${Math.round(stallMs / 1000)} s. Try again; the download resumes where it stopped.`,
    );

  try {
    arm();
    // If-Range (RFC 9110 §13.1.5): a file that changed since the part was written comes back whole.
    const validator = have ? await readValidator(part) : undefined;
    let { res, linkedEtag } = await request(
      url,
      have ? { range: `bytes=${have}-`, ...(validator ? { 'if-range': validator } : {}) } : {},
      ctl.signal,
    );
    let append = false;
    if (have && res.status === 206) {
      const m = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(res.headers.get('content-range') ?? '');
      append = !!m && Number(m[1]) === have;
      if (!append) {
        await res.body?.cancel();
        ({ res, linkedEtag } = await request(url, {}, ctl.signal));
      }
    } else if (have && res.status === 416) {
      // The part is already whole (or the server disagrees): start over once.
      await res.body?.cancel();
      ({ res, linkedEtag } = await request(url, {}, ctl.signal));
    }
    if (!res.ok || !res.body)
      throw new WeightsError(
        'download',
        `Downloading ${url} failed: HTTP ${res.status} ${res.statusText}.`,
        [],
        { kind: 'http', status: res.status },
      );
    const start = append ? have : 0;
    if (!append) await writeValidator(part, res);
    const length = Number(res.headers.get('content-length') ?? NaN);
    const total = Number.isFinite(length) ? start + length : (o.expectedSize ?? 0);
    if (
      total > cap ||
      (o.expectedSize !== undefined && Number.isFinite(length) && total !== o.expectedSize)
    ) {
      await res.body.cancel();
      throw new WeightsError(
        'download',
        total > cap
          ? `Downloading ${url} refused: the server announces ${total} bytes, more than the ${cap} allowed.`
          : `Downloading ${url} refused: the server announces ${total} bytes, but the file should have ${o.expectedSize}.`,
      );
    }
    const out = createWriteStream(part, { flags: append ? 'a' : 'w' });
    const closed = new Promise<void>((resolve, reject) => {
      out.once('close', resolve);
      out.once('error', reject);
    });
    let done = start;
    let last = -Infinity;
    o.onProgress?.(done, total, append ? `resuming ${label}` : `downloading ${label}`);
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        arm();
        done += chunk.length;
        if (done > cap || (o.expectedSize !== undefined && done > o.expectedSize))
          throw new WeightsError(
            'download',
            `Downloading ${url} stopped: the body is larger than ${o.expectedSize ?? cap} bytes.`,
          );
        if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
        if (done - last >= 1 << 20 || done === total) {
          last = done;
          o.onProgress?.(done, total, `downloading ${label}`);
        }
      }
    } catch (e) {
      out.end();
      await closed.catch(() => undefined);
      if (e instanceof WeightsError && e.message !== 'stalled') {
        await rm(part, { force: true }); // over the cap: nothing of it is worth keeping
        await rm(`${part}.validator`, { force: true });
        throw e;
      }
      if (stalled) throw stalledError();
      if (o.signal?.aborted) throw o.signal.reason;
      // A dropped connection keeps the part for the next attempt.
      throw new WeightsError(
        'download',
        `Downloading ${url} was interrupted after ${done} bytes (${(e as Error).message}). Try again; it resumes where it stopped.`,
      );
    }
    out.end();
    await closed;
    if (total && done !== total)
      throw new WeightsError(
        'truncated',
        `Downloading ${url} ended after ${done} of ${total} bytes. Try again; it resumes where it stopped.`,
      );
    await rename(part, to);
    await rm(`${part}.validator`, { force: true });
    return linkedEtag;
  } catch (e) {
    throw stalled && !(e instanceof WeightsError && e.message !== 'stalled') ? stalledError() : e;
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
  }
}

/** The response's strong ETag (or Last-Modified), kept beside the part for If-Range. */
async function writeValidator(part: string, res: Response): Promise<void> {
  const etag = res.headers.get('etag');
  const v = etag && !etag.startsWith('W/') ? etag : res.headers.get('last-modified');
  if (v) await writeFile(`${part}.validator`, v.slice(0, 200));
  else await rm(`${part}.validator`, { force: true });
}

async function readValidator(part: string): Promise<string | undefined> {
  try {
    const v = (await readRegularFile(`${part}.validator`, { maxBytes: 256 })).toString('utf8');
    return /^[\x20-\x7e]+$/.test(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** SHA-256 and MD5 of a file, streamed. */
export async function hashFile(path: string): Promise<{ sha256: string; md5: string; size: number }> {
  const sha = createHash('sha256');
  const md5 = createHash('md5');
  let size = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    sha.update(chunk);
    md5.update(chunk);
    size += chunk.length;
  }
  return { sha256: sha.digest('hex'), md5: md5.digest('hex'), size };
}

/** The publisher's hash, resolved: 'hf-linked-etag' becomes the SHA-256 the hub announced. */
function expectation(e: ExpectedHash | undefined, linkedEtag: string | undefined) {
  if (!e) return undefined;
  if (e.algorithm !== 'hf-linked-etag') return e;
  return linkedEtag && /^[0-9a-f]{64}$/.test(linkedEtag)
    ? ({ algorithm: 'sha256', value: linkedEtag } as const)
    : undefined;
}

/** Checks a file against a hash; throws WeightsError('checksum') (and deletes the file) on a mismatch. */
export async function verifyFile(
  path: string,
  e: Exclude<ExpectedHash, { algorithm: 'hf-linked-etag' }> | undefined,
  label: string,
  expectedSize?: number,
): Promise<{ sha256: string; size: number; verified?: string }> {
  const h = await hashFile(path);
  const got = e?.algorithm === 'md5' ? h.md5 : h.sha256;
  const want = e?.value.toLowerCase();
  const ok = !e || (e.algorithm === 'sha256-prefix' ? got.startsWith(want!) : got === want);
  if (!ok || (expectedSize !== undefined && h.size !== expectedSize)) {
    await rm(path, { force: true });
    const alg = e?.algorithm === 'md5' ? 'MD5' : 'SHA-256';
    throw new WeightsError(
      'checksum',
      ok
        ? `${label} has ${h.size} bytes, not the ${expectedSize} its publisher states; it was deleted. Download it again.`
        : `${label} does not match its publisher's ${alg} (expected ${want}${e!.algorithm === 'sha256-prefix' ? '…' : ''}, got ${got}); the file was deleted. Download it again.`,
      [],
      { file: label },
    );
  }
  const verified = e ? `${e.algorithm === 'md5' ? 'md5' : 'sha256'} ${want}` : undefined;
  return { sha256: h.sha256, size: h.size, verified };
}

/** What was verified for a cached file, beside it, so a cache hit need not hash 200 MB again. */
interface Stamp {
  sha256: string;
  size: number;
  mtimeMs: number;
  verified?: string;
}
const stampPath = (path: string) => `${path}.verified.json`;

async function readStamp(path: string): Promise<Stamp | undefined> {
  try {
    const s = JSON.parse(
      (await readRegularFile(stampPath(path), { maxBytes: 4096 })).toString('utf8'),
    ) as Stamp;
    const st = await stat(path);
    return st.isFile() && st.size === s.size && st.mtimeMs === s.mtimeMs ? s : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The local copy of one URL, downloaded unless a verified copy is cached. A model.json also brings
 * its shards (see fetchWeights).
 */
export async function fetchFile(url: string, o: FetchOptions = {}): Promise<Fetched> {
  const u = new URL(url);
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw new WeightsError('download', 'Only http(s) URLs are downloaded.');
  const path = cachePath(url, o.cacheDir, o.fileName);
  const label = path.slice(path.lastIndexOf('/') + 1);
  const stamp = await readStamp(path);
  if (stamp) {
    o.onProgress?.(1, 1, `using the cached copy of ${label}`);
    return { path, sha256: stamp.sha256, size: stamp.size, verified: stamp.verified, cached: true };
  }
  await rm(path, { force: true }); // an unstamped file was never verified
  const linkedEtag = await download(url, path, o, label);
  const want = expectation(o.expectedHash, linkedEtag);
  if (o.expectedHash && !want && o.expectedHash.algorithm === 'hf-linked-etag')
    o.onProgress?.(1, 1, `the server sent no SHA-256 for ${label}; only its size was checked`);
  o.onProgress?.(0, 1, `checking ${label}`);
  const v = await verifyFile(path, want, label, o.expectedSize);
  const st = await stat(path);
  await writeFile(
    stampPath(path),
    JSON.stringify({
      sha256: v.sha256,
      size: v.size,
      mtimeMs: st.mtimeMs,
      verified: v.verified,
    } satisfies Stamp),
  );
  return { path, sha256: v.sha256, size: v.size, verified: v.verified, cached: false };
}

/**
 * Local path of the URL's file, downloading it (and a model.json's shards) unless cached. Shards
 * are saved under the names the manifest gives, which must stay inside the download's folder.
 */
export async function fetchWeights(url: string, o: FetchOptions = {}): Promise<string> {
  const main = await fetchFile(url, o);
  if (!main.path.endsWith('.json')) return main.path;
  let manifest: { weightsManifest?: { paths?: unknown }[] };
  try {
    manifest = JSON.parse(
      (await readRegularFile(main.path, { maxBytes: MANIFEST_CAP, label: 'the model.json' })).toString(
        'utf8',
      ),
    ) as typeof manifest;
  } catch (e) {
    if (e instanceof FileAccessError) throw new WeightsError('format', e.message);
    throw new WeightsError('format', `${url} is not valid JSON, so it is not a TF.js model.json.`);
  }
  const paths = (Array.isArray(manifest.weightsManifest) ? manifest.weightsManifest : []).flatMap((g) =>
    Array.isArray(g?.paths) ? g.paths : [],
  );
  const folder = dirname(main.path);
  for (const p of paths) {
    if (typeof p !== 'string')
      throw new WeightsError('format', `${url} lists a shard that is not a file name.`);
    let shard: string;
    try {
      // Saved under the decoded name, as the TF.js reader (tfjs-layers.ts) looks it up; resolveInside
      // then refuses what decoding reveals ('%2e%2e%2f' is '../').
      shard = await resolveInside(folder, decodeURIComponent(p));
    } catch (e) {
      if (e instanceof URIError)
        throw new WeightsError(
          'format',
          `${url} lists shard ${JSON.stringify(p.slice(0, 80))}, which is not a valid name.`,
        );
      if (e instanceof FileAccessError)
        throw new WeightsError(
          'format',
          `${url} lists shard ${JSON.stringify(p.slice(0, 80))}: ${e.message}`,
        );
      throw e;
    }
    if ((await sizeOf(shard)) > 0) continue;
    const shardUrl = new URL(p, url);
    if (shardUrl.origin !== new URL(url).origin)
      throw new WeightsError(
        'format',
        `${url} lists shard ${JSON.stringify(p.slice(0, 80))} on another host; it is not fetched.`,
      );
    await download(shardUrl.toString(), shard, o, p);
  }
  return main.path;
}

/** The cached copy of a URL, if one was downloaded and verified (no network). */
export async function cachedFile(
  url: string,
  o: Pick<FetchOptions, 'cacheDir' | 'fileName'> = {},
): Promise<{ path: string; verified?: string; partBytes: number } | undefined> {
  const path = cachePath(url, o.cacheDir, o.fileName);
  const stamp = await readStamp(path);
  if (stamp) return { path, verified: stamp.verified, partBytes: 0 };
  const part = await sizeOf(`${path}.part`);
  return part ? { path, partBytes: part } : undefined;
}
