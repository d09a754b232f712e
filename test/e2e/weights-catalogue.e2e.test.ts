/**
 * The Weights panel's published-weights list in Chromium (web mode), used the way a user uses it: a
 * local HTTP server on 127.0.0.1 stands in for Keras' storage bucket, serving a Keras-written
 * InceptionV3 HDF5 (keras.applications.InceptionV3(weights=None), saved by Keras' own legacy HDF5
 * writer) under the catalogue's own path. Click Download, see progress, cancel, resume (an HTTP
 * Range request), and see the network switch to Inception-v3 'released' and the weights labelled
 * "pretrained" once the (overridden) MD5 matched. Screenshots: test-results/e2e/weights-catalogue-*.png.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refPython, runPython } from '../support/python.js';
import { openBrowser, root, screenshot, startServe, type Browser, type Served } from './helpers.js';

const KERAS_PATH =
  '/tensorflow/keras-applications/inception_v3/inception_v3_weights_tf_dim_ordering_tf_kernels.h5';
// Made once per machine (Keras takes ~30 s to build and save the full-size network); .cache is not committed.
const fixtureDir = join(root, '.cache', 'e2e-fixtures');
const fixture = join(fixtureDir, 'keras-inception_v3-legacy.h5');

const MAKE = String.raw`
import os, sys
os.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'
import keras, h5py
from keras.src.legacy.saving import legacy_h5_format
keras.utils.set_random_seed(1)
m = keras.applications.InceptionV3(weights=None)
tmp = sys.argv[1] + '.tmp'
with h5py.File(tmp, 'w') as f:
    legacy_h5_format.save_weights_to_hdf5_group(f, m)
os.replace(tmp, sys.argv[1])
`;

let body: Buffer;
let server: Server;
const ranges: (string | undefined)[] = [];
let served: Served;
let browser: Browser;
const dataDir = mkdtempSync(join(tmpdir(), 'catalogue-e2e-data-'));

beforeAll(async () => {
  if (!existsSync(fixture) || statSync(fixture).size < 50e6) {
    mkdirSync(fixtureDir, { recursive: true });
    runPython(refPython(), MAKE, [fixture], { timeoutMs: 300_000 });
  }
  body = readFileSync(fixture);
  // Slow enough to watch: 512 KB every 15 ms (about 35 MB/s), honouring Range.
  server = createServer((req, res) => {
    if (req.url !== KERAS_PATH) {
      res.writeHead(404);
      return res.end();
    }
    ranges.push(req.headers.range);
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = m ? Number(m[1]) : 0;
    res.writeHead(m ? 206 : 200, {
      'content-length': body.length - start,
      ...(m ? { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
    });
    let at = start;
    const tick = () => {
      if (res.destroyed) return;
      if (at >= body.length) return void res.end();
      const next = Math.min(body.length, at + (512 << 10));
      res.write(body.subarray(at, next));
      at = next;
      setTimeout(tick, 15);
    };
    tick();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  process.env.INCEPTION_DATA_DIR = dataDir;
  process.env.INCEPTION_CATALOGUE_BASE = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.INCEPTION_CATALOGUE_OVERRIDES = JSON.stringify({
    'keras-inception_v3': { md5: createHash('md5').update(body).digest('hex') },
  });
  served = await startServe(['--rebuild']);
  browser = await openBrowser(`${served.url}#/activations?network=googlenet`);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  delete process.env.INCEPTION_CATALOGUE_BASE;
  delete process.env.INCEPTION_CATALOGUE_OVERRIDES;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('published weights in the Weights panel', () => {
  it('downloads with progress, cancels, resumes, switches the network and says "pretrained"', async () => {
    const { page } = browser;
    await page.getByTestId('weights-choice-published').click();
    const row = page.getByTestId('catalogue-keras-inception_v3');
    await row.waitFor();
    expect(await row.textContent()).toMatch(
      /Keras InceptionV3.*inception_v3 \(released\).*77\.9 %.*92 MB.*keras.*Apache-2\.0/s,
    );
    expect(await page.getByTestId('catalogue-tf-slim-inception_v3').textContent()).toContain(
      'not readable yet',
    );

    await page.getByTestId('catalogue-get-keras-inception_v3').click();
    // Progress a user can see: the bar fills as bytes arrive.
    await page.waitForFunction(
      () => {
        const p = document.querySelector<HTMLProgressElement>('[data-testid="weights-progress"] progress');
        return !!p && p.value > 0.05;
      },
      null,
      { timeout: 60_000 },
    );
    expect(await page.getByTestId('weights-progress').textContent()).toContain(
      'downloading inception_v3_weights_tf_dim_ordering_tf_kernels.h5',
    );
    await screenshot(page, 'weights-catalogue-progress');
    // Selecting the entry switched the network to its flavour.
    expect(decodeURIComponent(await page.evaluate(() => location.hash))).toMatch(/network=inception_v3/);

    await page.getByTestId('weights-progress').getByRole('button').click();
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="catalogue-keras-inception_v3"]')?.getAttribute('data-state') ===
        'partial',
      null,
      { timeout: 30_000 },
    );
    expect(await page.getByTestId('catalogue-get-keras-inception_v3').textContent()).toMatch(
      /Resume \([\d.]+ MB\)/,
    );

    await page.getByTestId('catalogue-get-keras-inception_v3').click();
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="weights-info"]')?.getAttribute('data-kind') === 'pretrained',
      null,
      { timeout: 240_000 },
    );
    expect(ranges[0]).toBeUndefined();
    expect(ranges.at(-1)).toMatch(/^bytes=\d+-$/);
    const info = await page.getByTestId('weights-info').textContent();
    expect(info).toContain('pretrained');
    expect(info).toContain("Keras InceptionV3 (ImageNet) — publisher's checksum matched");
    // The list is read again after the load: the entry is now in the cache.
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="catalogue-keras-inception_v3"]')?.getAttribute('data-state') ===
        'cached',
    );
    expect(await page.getByTestId('catalogue-get-keras-inception_v3').textContent()).toBe('Use');
    const hash = decodeURIComponent(await page.evaluate(() => location.hash));
    expect(hash).toMatch(/network=inception_v3/);
    expect(hash).toMatch(/flavour=released/);
    // The catalogue model runs: the top-5 comes with ImageNet names.
    await page.getByTestId('sample-chelsea.png').click();
    await page.getByTestId('top5').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('top5').locator('li').count()).toBe(5);
    await screenshot(page, 'weights-catalogue-loaded');
    expect(browser.problems.filter((p) => !/favicon/.test(p))).toEqual([]);
  }, 400_000);
});
