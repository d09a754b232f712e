/**
 * Downloads against a local HTTP server on 127.0.0.1: names from URLs and manifests stay in the cache
 * folder, caps, stalls, resume with Range after a dropped connection, cancel, publisher hashes, cache hits.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cachePath, fetchFile, fetchWeights, safeFileName } from '../../../src-main/engine/weights/fetch.js';
import { WeightsError } from '../../../src-main/engine/weights/types.js';

const BODY = randomBytes(300_000);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

interface Behaviour {
  /** Close the socket after this many bytes, on the first request only. */
  dropAfter?: number;
  /** Send this many bytes, then nothing. */
  stallAfter?: number;
  noLength?: boolean;
  linkedEtag?: string;
  etag?: string;
}
const files = new Map<string, { body: Buffer; how?: Behaviour }>();
const log: { path: string; range?: string }[] = [];
let server: Server;
let base: string;
let root: string;
let cache: string;

function serve(req: IncomingMessage, res: ServerResponse) {
  const path = req.url!.split('?')[0]!;
  log.push({ path, range: req.headers.range });
  if (path.startsWith('/redirect/')) {
    const f = files.get(path.slice('/redirect'.length));
    res.writeHead(302, {
      location: path.slice('/redirect'.length),
      ...(f?.how?.linkedEtag ? { 'x-linked-etag': `"${f.how.linkedEtag}"` } : {}),
    });
    return res.end();
  }
  const f = files.get(path);
  if (!f) {
    res.writeHead(404);
    return res.end();
  }
  let start = 0;
  const ifRange = req.headers['if-range'];
  const m =
    ifRange !== undefined && ifRange !== f.how?.etag ? null : /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  if (m) start = Number(m[1]);
  const body = f.body.subarray(start);
  const headers: Record<string, string | number> = {};
  if (!f.how?.noLength) headers['content-length'] = body.length;
  if (f.how?.etag) headers.etag = f.how.etag;
  if (m) headers['content-range'] = `bytes ${start}-${f.body.length - 1}/${f.body.length}`;
  res.writeHead(m ? 206 : 200, headers);
  const firstTry = log.filter((l) => l.path === path).length === 1;
  if (f.how?.dropAfter !== undefined && firstTry) {
    res.write(body.subarray(0, f.how.dropAfter), () => setTimeout(() => res.socket?.destroy(), 20));
    return;
  }
  if (f.how?.stallAfter !== undefined) {
    res.write(body.subarray(0, f.how.stallAfter));
    return; // never ends; the client must give up
  }
  res.end(body);
}

beforeAll(async () => {
  server = createServer(serve);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(async () => {
  files.clear();
  log.length = 0;
  root = await mkdtemp(join(tmpdir(), 'fetch-test-'));
  cache = join(root, 'cache');
});

async function rejection(p: Promise<unknown>): Promise<WeightsError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(WeightsError);
  return e as WeightsError;
}

/** Every file under a folder, relative. */
async function tree(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1))
    .sort();
}

describe('names from URLs stay in the cache folder', () => {
  it('never decodes separators or dots into the cache file name', () => {
    expect(safeFileName('..%2F..%2F.config%2Fautostart%2Fevil.desktop')).toBe(
      '..%2F..%2F.config%2Fautostart%2Fevil.desktop'.replace(/%/g, '_').replace(/^\.+/, ''),
    );
    expect(safeFileName('..')).toBe('weights');
    expect(safeFileName('')).toBe('weights');
    expect(safeFileName('a\\b\0c.h5')).toBe('a_b_c.h5');
    expect(safeFileName(`${'x'.repeat(300)}.safetensors`)).toMatch(/^x+\.safetensors$/);
    expect(safeFileName(`${'x'.repeat(300)}.safetensors`).length).toBe(120);
    for (const u of [
      `${base}/w/..%2F..%2F..%2Fevil.desktop`,
      `${base}/w/%2e%2e%2f%2e%2e%2fevil`,
      `${base}/w/a%5C..%5C..%5Cevil`,
      `${base}/w/%00`,
      `${base}/`,
    ]) {
      const p = cachePath(u, cache);
      expect(p.startsWith(`${cache}/`)).toBe(true);
      expect(p.slice(cache.length + 1).split('/')).toHaveLength(2);
    }
  });

  it('a hostile URL downloads into the cache folder only', async () => {
    files.set('/w/..%2F..%2Fevil.desktop', { body: BODY });
    const r = await fetchFile(`${base}/w/..%2F..%2Fevil.desktop`, { cacheDir: cache });
    expect(r.path.startsWith(`${cache}/`)).toBe(true);
    expect(await tree(root)).toEqual([
      `cache/${r.path.split('/').slice(-2).join('/')}`,
      `cache/${r.path.split('/').slice(-2).join('/')}.verified.json`,
    ]);
    expect(await readFile(r.path)).toEqual(BODY);
  });

  it('refuses model.json shard names that leave the folder, and fetches the ones that stay', async () => {
    for (const [i, bad] of [
      '../../evil.bin',
      '/etc/evil.bin',
      'a\\..\\evil.bin',
      'x/../../evil.bin',
      '%2e%2e%2fevil.bin',
      '..%2F..%2Fevil.bin',
      '%E0%A4%A',
    ].entries()) {
      files.clear();
      const manifest = { modelTopology: {}, weightsManifest: [{ paths: [bad], weights: [] }] };
      files.set('/m/model.json', { body: Buffer.from(JSON.stringify(manifest)) });
      files.set('/evil.bin', { body: BODY });
      const dir = join(root, `c-${i}`);
      const e = await rejection(fetchWeights(`${base}/m/model.json`, { cacheDir: dir }));
      expect(e.code).toBe('format');
      expect(e.message).toMatch(/lists shard/);
      expect((await tree(root)).every((f) => /^c-\d\//.test(f))).toBe(true);
    }
  }, 20_000);

  it('saves shards under the names the TF.js reader looks up, inside the folder', async () => {
    const manifest = {
      weightsManifest: [{ paths: ['group1-shard1of1.bin', 'sub%2Fgroup%202.bin'], weights: [] }],
    };
    files.set('/m/model.json', { body: Buffer.from(JSON.stringify(manifest)) });
    files.set('/m/group1-shard1of1.bin', { body: BODY });
    files.set('/m/sub%2Fgroup%202.bin', { body: BODY.subarray(0, 10) });
    const path = await fetchWeights(`${base}/m/model.json`, { cacheDir: cache });
    const folder = path.slice(0, path.lastIndexOf('/'));
    expect((await tree(folder)).sort()).toEqual([
      'group1-shard1of1.bin',
      'model.json',
      'model.json.verified.json',
      'sub/group 2.bin',
    ]);
    expect(await tree(root)).toHaveLength(4);
  });
});

describe('downloads', () => {
  it('reports progress up to the whole size and verifies a SHA-256', async () => {
    files.set('/f/w.h5', { body: BODY });
    const seen: [number, number][] = [];
    const r = await fetchFile(`${base}/f/w.h5`, {
      cacheDir: cache,
      expectedHash: { algorithm: 'sha256', value: sha256(BODY) },
      expectedSize: BODY.length,
      onProgress: (d, t, m) => {
        if (/downloading/.test(m)) seen.push([d, t]);
      },
    });
    expect(r).toMatchObject({
      size: BODY.length,
      sha256: sha256(BODY),
      verified: `sha256 ${sha256(BODY)}`,
      cached: false,
    });
    expect(seen.at(-1)).toEqual([BODY.length, BODY.length]);
    expect(seen.map((s) => s[0])).toEqual([...seen.map((s) => s[0])].sort((a, b) => a - b));
  });

  it("checks Keras' MD5 and torch.hub's SHA-256 prefix", async () => {
    files.set('/k/a.h5', { body: BODY });
    files.set('/t/googlenet-x.pth', { body: BODY });
    const a = await fetchFile(`${base}/k/a.h5`, {
      cacheDir: cache,
      expectedHash: { algorithm: 'md5', value: md5(BODY) },
    });
    expect(a.verified).toBe(`md5 ${md5(BODY)}`);
    const b = await fetchFile(`${base}/t/googlenet-x.pth`, {
      cacheDir: cache,
      expectedHash: { algorithm: 'sha256-prefix', value: sha256(BODY).slice(0, 8) },
    });
    expect(b.verified).toBe(`sha256 ${sha256(BODY).slice(0, 8)}`);
  });

  it("takes the Hugging Face hub's X-Linked-Etag from the redirect and checks it", async () => {
    files.set('/hf/model.safetensors', { body: BODY, how: { linkedEtag: sha256(BODY) } });
    const r = await fetchFile(`${base}/redirect/hf/model.safetensors`, {
      cacheDir: cache,
      expectedHash: { algorithm: 'hf-linked-etag' },
    });
    expect(r.verified).toBe(`sha256 ${sha256(BODY)}`);
    files.set('/hf2/model.safetensors', { body: BODY, how: { linkedEtag: sha256(Buffer.from('other')) } });
    const e = await rejection(
      fetchFile(`${base}/redirect/hf2/model.safetensors`, {
        cacheDir: cache,
        expectedHash: { algorithm: 'hf-linked-etag' },
      }),
    );
    expect(e.code).toBe('checksum');
  });

  it('refuses a checksum mismatch and keeps nothing', async () => {
    files.set('/f/w.h5', { body: BODY });
    const e = await rejection(
      fetchFile(`${base}/f/w.h5`, {
        cacheDir: cache,
        expectedHash: { algorithm: 'md5', value: md5(Buffer.from('x')) },
      }),
    );
    expect(e.code).toBe('checksum');
    expect(e.message).toMatch(
      /does not match its publisher's MD5 \(expected [0-9a-f]{32}, got [0-9a-f]{32}\); the file was deleted/,
    );
    expect(await tree(root)).toEqual([]);
  });

  it('uses the verified cached copy without asking the server again', async () => {
    files.set('/f/w.h5', { body: BODY });
    const o = { cacheDir: cache, expectedHash: { algorithm: 'sha256', value: sha256(BODY) } as const };
    await fetchFile(`${base}/f/w.h5`, o);
    const again = await fetchFile(`${base}/f/w.h5`, o);
    expect(again.cached).toBe(true);
    expect(log).toHaveLength(1);
  });

  it('resumes with a Range request after a dropped connection', async () => {
    files.set('/f/big.h5', { body: BODY, how: { dropAfter: 120_000 } });
    const url = `${base}/f/big.h5`;
    const o = { cacheDir: cache, expectedHash: { algorithm: 'sha256', value: sha256(BODY) } as const };
    const e = await rejection(fetchFile(url, o));
    expect(e.code === 'download' || e.code === 'truncated').toBe(true);
    expect(e.message).toMatch(/resumes where it stopped/);
    const part = (await stat(`${cachePath(url, cache)}.part`)).size;
    expect(part).toBeGreaterThan(0);
    const r = await fetchFile(url, o);
    expect(log.at(-1)!.range).toBe(`bytes=${part}-`);
    expect(await readFile(r.path)).toEqual(BODY);
    expect(r.verified).toBe(`sha256 ${sha256(BODY)}`);
  });

  it('starts over when the file changed since the part was written (If-Range)', async () => {
    files.set('/f/v.h5', { body: BODY, how: { dropAfter: 100_000, etag: '"v1"' } });
    const url = `${base}/f/v.h5`;
    await rejection(fetchFile(url, { cacheDir: cache }));
    const next = randomBytes(200_000);
    files.set('/f/v.h5', { body: next, how: { etag: '"v2"' } });
    const r = await fetchFile(url, { cacheDir: cache });
    expect(log.at(-1)).toMatchObject({ range: expect.stringMatching(/^bytes=\d+-$/) });
    expect(await readFile(r.path)).toEqual(next);
    expect((await tree(root)).some((f) => f.endsWith('.validator'))).toBe(false);
  });

  it('cancels on the signal, keeps the part, and resumes later', async () => {
    files.set('/f/c.h5', { body: BODY, how: { stallAfter: 100_000 } });
    const url = `${base}/f/c.h5`;
    const ctl = new AbortController();
    const p = fetchFile(url, {
      cacheDir: cache,
      signal: ctl.signal,
      onProgress: (d) => {
        if (d > 0) ctl.abort();
      },
    });
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    const part = `${cachePath(url, cache)}.part`;
    await expect.poll(async () => (existsSync(part) ? (await stat(part)).size : 0)).toBeGreaterThan(0);
    files.set('/f/c.h5', { body: BODY });
    const r = await fetchFile(url, { cacheDir: cache });
    expect(log.at(-1)!.range).toMatch(/^bytes=\d+-$/);
    expect(await readFile(r.path)).toEqual(BODY);
  });

  it('gives up on a stalled body with a sentence', async () => {
    files.set('/f/s.h5', { body: BODY, how: { stallAfter: 1000 } });
    const e = await rejection(fetchFile(`${base}/f/s.h5`, { cacheDir: cache, stallMs: 300 }));
    expect(e.code).toBe('download');
    expect(e.message).toMatch(/stalled: nothing arrived for 0 s\. Try again/);
  });

  it('caps the size: announced, stated by the publisher, or streamed without a length', async () => {
    files.set('/f/a.bin', { body: BODY });
    let e = await rejection(fetchFile(`${base}/f/a.bin`, { cacheDir: cache, maxBytes: 1000 }));
    expect(e.message).toMatch(/announces 300000 bytes, more than the 1000 allowed/);
    e = await rejection(fetchFile(`${base}/f/a.bin`, { cacheDir: cache, expectedSize: 299_999 }));
    expect(e.message).toMatch(/but the file should have 299999/);
    files.set('/f/n.bin', { body: BODY, how: { noLength: true } });
    e = await rejection(fetchFile(`${base}/f/n.bin`, { cacheDir: cache, maxBytes: 1000 }));
    expect(e.message).toMatch(/larger than 1000 bytes/);
    expect(await tree(root)).toEqual([]);
  });

  it('says where to get the file when the host cannot be reached', async () => {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as AddressInfo).port;
    await new Promise((r) => s.close(r));
    const url = `http://127.0.0.1:${port}/w/inception_v3.h5`;
    const e = await rejection(fetchFile(url, { cacheDir: cache }));
    expect(e.code).toBe('offline');
    expect(e.message).toContain(`Download ${url} with a browser`);
    expect(e.message).toMatch(/open the file from disk/);
  });

  it('refuses non-HTTP URLs', async () => {
    const e = await rejection(fetchFile('file:///etc/passwd', { cacheDir: cache }));
    expect(e.code).toBe('download');
  });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
