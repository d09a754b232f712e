/**
 * `weights list|get|verify` against a local HTTP server standing in for the publisher (catalogue
 * base URL and checksum overridden through the environment), and `infer --logits`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listData, listText, runGet, runVerify } from '../../../src-main/cli/commands/weights.js';
import { buildProgram } from '../../../src-main/cli/program.js';
import { CATALOGUE } from '../../../src-main/engine/weights/catalogue-data.js';

const body = randomBytes(50_000);
const md5 = createHash('md5').update(body).digest('hex');
const KERAS_PATH =
  '/tensorflow/keras-applications/inception_v3/inception_v3_weights_tf_dim_ordering_tf_kernels.h5';
let server: Server;
let root: string;
let cacheDir: string;
const env = { ...process.env };

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === KERAS_PATH) {
      res.writeHead(200, { 'content-length': body.length });
      return res.end(body);
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  process.env.INCEPTION_CATALOGUE_BASE = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.INCEPTION_CATALOGUE_OVERRIDES = JSON.stringify({ 'keras-inception_v3': { md5 } });
  root = await mkdtemp(join(tmpdir(), 'cli-weights-'));
  cacheDir = join(root, 'cache');
});
afterAll(async () => {
  process.env = env;
  await new Promise((r) => server.close(r));
  await rm(root, { recursive: true, force: true });
});

describe('weights list', () => {
  it('lists every entry with its state; --json has the schema', async () => {
    const d = await listData(cacheDir);
    expect(d.schema).toBe('inception-explorer/weights-list@1');
    expect(d.entries.map((e) => e.id)).toEqual(CATALOGUE.map((e) => e.id));
    expect(d.entries.every((e) => e.state === 'none')).toBe(true);
    const text = listText(d);
    expect(text).toMatch(/^id\s+network \(flavour\)\s+size\s+top-1\s+checksum\s+state$/m);
    expect(text).toMatch(
      /torchvision-googlenet\s+googlenet \(torchvision\)\s+49\.7 MB\s+69\.8 %\s+sha256-prefix/,
    );
    expect(text).toMatch(
      /tf-slim-inception_v4\s+inception_v4 \(released\)\s+not published\s+80\.2 %\s+not published\s+not readable yet/,
    );
  });
});

describe('weights get and verify', () => {
  it("downloads an entry, checks the publisher's checksum, and verifies it again later", async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const out = await runGet('keras-inception_v3', { cacheDir });
    expect(out).toContain('Keras InceptionV3 (ImageNet): downloaded, 50000 bytes');
    expect(out).toContain(`checksum: matches the publisher's (md5 ${md5})`);
    expect(out).toContain('run it: inception-explorer infer inception_v3 --weights keras-inception_v3');
    expect(await runGet('keras-inception_v3', { cacheDir })).toContain('already downloaded');
    vi.restoreAllMocks();
    expect((await listData(cacheDir)).entries.find((e) => e.id === 'keras-inception_v3')!.state).toBe(
      'cached',
    );
    expect(await runVerify('keras-inception_v3', { cacheDir })).toBe(
      `keras-inception_v3: matches the publisher's checksum (md5 ${md5})`,
    );
  });

  it('names the entry a file matches, and refuses a file that does not match --entry', async () => {
    const f = join(root, 'mine.h5');
    await writeFile(f, body);
    expect(await runVerify(f)).toContain('matches the published checksum of keras-inception_v3');
    await expect(runVerify(f, { entry: 'torchvision-googlenet' })).rejects.toThrow(
      /does not match torchvision-googlenet's published SHA-256 \(expected 1378be20/,
    );
    await writeFile(f, 'other');
    expect(await runVerify(f)).toContain('matches no published checksum');
  });

  it('says how to get an entry that is not downloaded', async () => {
    const e = (await runVerify('torchvision-inception_v3', { cacheDir }).catch((x: unknown) => x)) as Error;
    expect(e.message).toMatch(
      /not downloaded yet: run `inception-explorer weights get torchvision-inception_v3`\./,
    );
    expect(e.message).toMatch(/models\/inception_v3_google-0cc3c7bd\.pth with a browser/);
  });
});

describe('infer --logits', () => {
  it('prints the raw logits as JSON on stdout, consistent with the top k', async () => {
    const chunks: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
      chunks.push(String(c));
      return true;
    });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await buildProgram().parseAsync([
        'node',
        'inception-explorer',
        'infer',
        'googlenet',
        '--width',
        '0.25',
        '--input',
        '64',
        '--classes',
        '10',
        '--image',
        'assets/samples/chelsea.png',
        '--top',
        '3',
        '--logits',
      ]);
      expect(log).not.toHaveBeenCalled(); // the report went to stderr
    } finally {
      vi.restoreAllMocks();
    }
    const j = JSON.parse(chunks.join('')) as {
      schema: string;
      classes: number;
      logits: number[];
      top: { index: number; probability: number; logit: number }[];
      weights: { kind: string };
    };
    expect(j.schema).toBe('inception-explorer/logits@1');
    expect(j.weights.kind).toBe('random');
    expect(j.logits).toHaveLength(10);
    expect(j.classes).toBe(10);
    const argmax = j.logits.indexOf(Math.max(...j.logits));
    expect(j.top[0]!.index).toBe(argmax);
    const z = j.logits.reduce((s, v) => s + Math.exp(v - j.logits[argmax]!), 0);
    expect(j.top[0]!.probability).toBeCloseTo(1 / z, 5);
    expect(j.top[0]!.logit).toBeCloseTo(j.logits[argmax]!, 6);
  }, 120_000);
});
