/**
 * The Activations view in Chromium (web mode), on reduced Inception-ResNet-v2 variants so a pass
 * takes well under a second on two cores: drop an image, step through ten nodes and see the grid
 * change, the graph and table follow, stats, channel zoom, colour scales, an Inception module's
 * branches and a residual block; then real weights files (Keras .h5, TF.js), and a wrong-shape file.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src-main/analysis/analyse.js';
import { randomWeights } from '../../src-main/engine/onnx/weights.js';
import { writeSafetensors } from '../../src-main/engine/weights/safetensors.js';
import type { FileTensor } from '../../src-main/engine/weights/types.js';
import { buildNetwork } from '../../src-main/zoo/index.js';
import { connectClient, openBrowser, root, startServe, type Browser, type Served } from './helpers.js';

let served: Served;
let browser: Browser;
const shots = join(root, 'test-results', 'screenshots');
const REDUCED = 'network=inception_resnet_v2&width=0.25&input=75';
// The committed fixture weights' variant (test/fixtures/weights/irv2.json).
const FIXTURE = 'network=inception_resnet_v2&width=0.03125&input=75&classes=10';
const weightsDir = join(root, 'test', 'fixtures', 'weights');

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `activations-${name}.png`) });
}

/** A cheap fingerprint of the main feature grid's pixels. */
async function gridPixels(page: Page): Promise<{ node: string; hash: number; w: number; h: number }> {
  return page.getByTestId('feature-grid').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let h = 0x811c9dc5;
    for (let i = 0; i < d.length; i++) h = Math.imul(h ^ d[i]!, 0x01000193);
    return { node: c.dataset.node ?? '', hash: h >>> 0, w: c.width, h: c.height };
  });
}

/** Waits until the grid shows the node named in the header. */
async function gridShowsCurrent(page: Page): Promise<string> {
  const id = (await page.getByTestId('node-id').textContent())!;
  await page.waitForFunction(
    (want) =>
      document.querySelector<HTMLCanvasElement>('[data-testid="feature-grid"]')?.dataset.node === want,
    id,
  );
  return id;
}

/** Waits until the node's own box is drawn inside the visible part of the graph. */
async function boxInView(page: Page, id: string): Promise<void> {
  await page.waitForFunction(
    (want) => {
      const g = document.querySelector('[data-testid="graph"]')?.getBoundingClientRect();
      const b = document
        .querySelector(`[data-testid="graph"] [data-id="${CSS.escape(want)}"]`)
        ?.getBoundingClientRect();
      return !!g && !!b && b.left >= g.left && b.right <= g.right && b.top >= g.top && b.bottom <= g.bottom;
    },
    id,
    { timeout: 10_000 },
  );
}

/** Waits until the run on screen is one made with the named weights. */
async function ranWith(page: Page, label: string): Promise<void> {
  await page.waitForFunction(
    (want) =>
      (document.querySelector('[data-testid="run-engine"]')?.getAttribute('data-weights') ?? '').includes(
        want,
      ),
    label,
    { timeout: 60_000 },
  );
}

async function dropFile(page: Page, file: string, type: string): Promise<void> {
  const bytes = [...readFileSync(file)];
  const name = file.split('/').pop()!;
  const dt = await page.evaluateHandle(
    ({ bytes, name, type }) => {
      const t = new DataTransfer();
      t.items.add(new File([new Uint8Array(bytes)], name, { type }));
      return t;
    },
    { bytes, name, type },
  );
  await page.getByTestId('activations').dispatchEvent('dragover', { dataTransfer: dt });
  await page.getByTestId('activations').dispatchEvent('drop', { dataTransfer: dt });
}

async function open(hash: string): Promise<void> {
  await browser.page.evaluate((h) => (location.hash = h), hash);
}

// The app's data folder (training runs) is a fresh one, so the trained-weights test sees only its run.
const dataDir = mkdtempSync(join(tmpdir(), 'act-e2e-data-'));

beforeAll(async () => {
  process.env.INCEPTION_DATA_DIR = dataDir;
  // --rebuild: the view under test must be the current sources, not an older bundle.
  served = await startServe(['--rebuild']);
  browser = await openBrowser(`${served.url}#/activations?${REDUCED}`);
  await browser.page.getByTestId('activations').waitFor({ timeout: 60_000 });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Activations view in Chromium', () => {
  it('drops an image, runs once, and steps through ten nodes with the grid changing', async () => {
    const { page } = browser;
    await page.getByTestId('node-empty').waitFor();
    await dropFile(page, join(root, 'assets', 'samples', 'chelsea.png'), 'image/png');
    await page.getByTestId('node-position').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('image-name').textContent()).toBe('chelsea.png');
    expect(await page.getByTestId('node-position').textContent()).toMatch(/^node 1 of \d+$/);
    expect(await page.getByTestId('node-id').textContent()).toBe('input');
    // Random weights are said plainly, and no predictions are pretended.
    expect(await page.getByTestId('weights-info').getAttribute('data-kind')).toBe('random');
    await page.getByTestId('weights-warning').waitFor();
    await page.getByTestId('top5-none').waitFor();
    expect(await page.getByTestId('run-engine').textContent()).toMatch(
      /Ran on (ONNX Runtime|TensorFlow\.js)/,
    );
    await page.getByTestId('preprocessing').click();
    expect(await page.getByTestId('preprocessing').textContent()).toContain('scale to [−1, 1]');
    await gridShowsCurrent(page);
    await shot(page, 'input');

    let prev = await gridPixels(page);
    const seen = [prev.node];
    for (let i = 0; i < 10; i++) {
      // Half by button, half by keyboard.
      if (i % 2 === 0) await page.getByTestId('next-node').click();
      else {
        await page.getByTestId('node-panel').click({ position: { x: 5, y: 5 } });
        await page.keyboard.press('ArrowRight');
      }
      await page.waitForFunction(
        (n) =>
          document.querySelector('[data-testid="node-position"]')?.textContent?.startsWith(`node ${n} of `),
        i + 2,
      );
      const id = await gridShowsCurrent(page);
      const now = await gridPixels(page);
      expect(now.node).toBe(id);
      expect(now.hash, `grid of ${id} differs from ${prev.node}`).not.toBe(prev.hash);
      // The layer's stats and a row per channel.
      const stats = (await page.getByTestId('layer-stats').textContent())!;
      expect(stats).toMatch(/min\s*-?[\d.e-]+/);
      expect(stats).toMatch(/zeros/);
      const channels = Number(await page.getByTestId('feature-grid').getAttribute('data-channels'));
      expect(await page.locator('[data-testid="channel-stats"] tbody tr').count()).toBe(
        Math.min(channels, 128),
      );
      // The table row and the graph box of the current node are highlighted.
      await page.locator(`[data-testid="layer-table"] tr.sel[data-row="${id}"]`).waitFor();
      await page.getByTestId('selection').waitFor();
      await boxInView(page, id);
      seen.push(id);
      prev = now;
      if (i === 4) await shot(page, 'step-5');
    }
    expect(new Set(seen).size).toBe(11);
    expect(new URL(page.url()).hash).toContain(`node=${seen[10]}`);
    await shot(page, 'step-10');

    // Back one with the keyboard.
    await page.keyboard.press('p');
    await page.waitForFunction(
      (want) => document.querySelector('[data-testid="node-id"]')?.textContent === want,
      seen[9]!,
    );
  });

  it('highlights the current node in the graph and jumps from a table click', async () => {
    const { page } = browser;
    const id = (await page.getByTestId('node-id').textContent())!;
    // The selection ring sits around the node's box (once the camera has stopped moving).
    await page.waitForFunction(
      (want) => {
        const sel = document.querySelector('[data-testid="selection"]')?.getBoundingClientRect();
        const box = document
          .querySelector(`[data-testid="graph"] [data-id="${CSS.escape(want)}"]`)
          ?.getBoundingClientRect();
        if (!sel || !box) return false;
        const dx = sel.x + sel.width / 2 - (box.x + box.width / 2);
        const dy = sel.y + sel.height / 2 - (box.y + box.height / 2);
        return Math.abs(dx) < 2 && Math.abs(dy) < 2;
      },
      id,
      { timeout: 10_000 },
    );

    const row = page.locator('[data-testid="layer-table"] tr[data-row="mixed_5b"]');
    await row.scrollIntoViewIfNeeded();
    await row.click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="node-id"]')?.textContent === 'mixed_5b/concat',
    );
    await gridShowsCurrent(page);
  });

  it("shows an Inception module's branches side by side, then the concat", async () => {
    const { page } = browser;
    const comp = page.getByTestId('composition');
    await comp.waitFor();
    expect(await comp.getAttribute('data-kind')).toBe('concat');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="composition-grid"]').length === 4,
    );
    const sum = await page
      .locator('[data-testid="composition-grid"]')
      .evaluateAll((cs) => cs.reduce((a, c) => a + Number((c as HTMLElement).dataset.channels), 0));
    expect(sum).toBe(Number(await page.getByTestId('feature-grid').getAttribute('data-channels')));
    await shot(page, 'inception-module');
  });

  it('shows a residual block as input, branch, scaled branch and sum', async () => {
    const { page } = browser;
    await page.getByTestId('node-select').selectOption('block35_1/add');
    const comp = page.getByTestId('composition');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="composition"]')?.getAttribute('data-kind') === 'residual',
    );
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="composition-grid"]').length === 4,
    );
    const text = (await comp.textContent())!;
    expect(text).toContain('input');
    expect(text).toContain('residual branch');
    expect(text).toContain('0.17 × branch');
    expect(text).toContain('sum, then relu');
    await gridShowsCurrent(page);
    await boxInView(page, 'block35_1/add');
    await shot(page, 'residual-block');
  });

  it('switches colour scales and enlarges a channel with a read-out', async () => {
    const { page } = browser;
    const perChannel = await gridPixels(page);
    await page.getByTestId('scale-layer').click();
    await page.waitForFunction((h) => {
      const c = document.querySelector<HTMLCanvasElement>('[data-testid="feature-grid"]')!;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let x = 0x811c9dc5;
      for (let i = 0; i < d.length; i++) x = Math.imul(x ^ d[i]!, 0x01000193);
      return x >>> 0 !== h;
    }, perChannel.hash);
    const perLayer = await gridPixels(page);
    await page.getByTestId('scale-global').click();
    await page.waitForFunction((h) => {
      const c = document.querySelector<HTMLCanvasElement>('[data-testid="feature-grid"]')!;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let x = 0x811c9dc5;
      for (let i = 0; i < d.length; i++) x = Math.imul(x ^ d[i]!, 0x01000193);
      return x >>> 0 !== h;
    }, perLayer.hash);
    await page.getByTestId('scale-channel').click();

    // A click on the first tile opens channel 0 enlarged.
    const grid = page.getByTestId('feature-grid');
    await grid.click({ position: { x: 3, y: 3 } });
    const zoom = page.getByTestId('channel-zoom');
    await zoom.waitFor();
    expect(await zoom.textContent()).toContain('Channel 0');
    await page.getByTestId('zoom-canvas').hover();
    await page.waitForFunction(() =>
      /row \d+, column \d+/.test(document.querySelector('[data-testid="zoom-readout"]')?.textContent ?? ''),
    );
    expect(await page.getByTestId('zoom-readout').textContent()).toMatch(/-?\d/);
    await shot(page, 'channel-zoom');

    // The last node is a vector (the softmax over 1000 classes): even under the per-channel scale its
    // cells are drawn on one range, so they differ.
    await page.getByTestId('node-panel').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('End');
    const last = (await page.locator('[data-testid="node-select"] option').last().getAttribute('value'))!;
    await page.waitForFunction(
      (want) => document.querySelector('[data-testid="node-id"]')?.textContent === want,
      last,
    );
    await gridShowsCurrent(page);
    expect(await page.getByTestId('feature-grid').getAttribute('data-channels')).toBe('1000');
    const colours = await page.getByTestId('feature-grid').evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < d.length; i += 4)
        if (d[i + 3]) seen.add((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!);
      return seen.size;
    });
    expect(colours).toBeGreaterThan(10);
    await shot(page, 'vector');
  });

  it('reports a wrong-shape weights file with the tensor, the expected and the found shape', async () => {
    const { page } = browser;
    // The fixture was made for width 1/32; this variant has width 1/4, so every kernel is too small.
    await page.getByTestId('weights-file').setInputFiles(join(weightsDir, 'irv2-keras.h5'));
    const err = page.getByTestId('weights-error');
    await err.waitFor({ timeout: 60_000 });
    const text = (await err.textContent())!;
    expect(text).toContain('irv2-keras.h5 does not fit');
    expect(text).toContain('Nothing was loaded');
    // The first problem, exactly: the tensor (spec name ← file name), the expected and the found shape.
    expect(text).toContain(
      'Stem/Conv2d_1a_3x3/kernel ← conv2d_1/kernel: expected shape [3, 3, 3, 8], found [3, 3, 3, 1]',
    );
    expect(text).toContain('898 tensors have the wrong shape or are missing');
    expect(await err.locator('li').count()).toBe(20);
    // The weights in use are unchanged (still random).
    expect(await page.getByTestId('weights-info').getAttribute('data-kind')).toBe('random');
    await shot(page, 'weights-error');
  });

  it('loads real weights files: Keras .h5, and TF.js model.json with its shards', async () => {
    const { page } = browser;
    await open(`#/activations?${FIXTURE}`);
    await page.getByTestId('weights-file').setInputFiles(join(weightsDir, 'irv2-keras.h5'));
    await page.waitForFunction(
      () => document.querySelector('[data-testid="weights-info"]')?.getAttribute('data-kind') === 'file',
      null,
      { timeout: 60_000 },
    );
    expect(await page.getByTestId('weights-info').textContent()).toContain('irv2-keras.h5');
    // The image is still loaded: the new weights run at once; 10 classes are not ImageNet.
    await ranWith(page, 'irv2-keras.h5');
    await page.getByTestId('top5-none').waitFor();
    expect(await page.getByTestId('top5-none').textContent()).toContain(
      'not a 1000-class ImageNet classifier',
    );
    await gridShowsCurrent(page);
    await shot(page, 'pretrained-weights');

    const v3 = JSON.parse(readFileSync(join(weightsDir, 'v3-keras.json'), 'utf8')) as {
      width: number;
      input: number;
      classes: number;
    };
    await open(
      `#/activations?network=inception_v3&width=${v3.width}&input=${v3.input}&classes=${v3.classes}`,
    );
    await page
      .getByTestId('weights-file')
      .setInputFiles(
        ['v3-tfjs.json', 'v3-tfjs.shard1of2.bin', 'v3-tfjs.shard2of2.bin'].map((f) => join(weightsDir, f)),
      );
    await page.waitForFunction(
      () => document.querySelector('[data-testid="weights-info"]')?.getAttribute('data-kind') === 'file',
      null,
      { timeout: 60_000 },
    );
    expect(await page.getByTestId('weights-info').textContent()).toContain('TensorFlow.js');
    await ranWith(page, 'v3-tfjs.json');
    expect(browser.problems.filter((p) => !/favicon/.test(p))).toEqual([]);
  });

  it('names the top-5 with ImageNet classes when a 1000-class classifier is loaded', async () => {
    const { page } = browser;
    // A weights file in the app's own names for a reduced 1000-class network (seeded values: the
    // app cannot tell them from trained ones, so it treats them as ImageNet weights).
    const a = analyse(buildNetwork('inception_resnet_v2', { width: 1 / 32, input: 75, classes: 1000 }));
    const tensors: FileTensor[] = [];
    for (const [id, w] of Object.entries(randomWeights(a, 7, false))) {
      for (const [kind, t] of Object.entries(w))
        tensors.push({ name: `${id}/${kind}`, shape: t.shape, data: t.data });
    }
    const dir = mkdtempSync(join(tmpdir(), 'act-e2e-'));
    try {
      const file = join(dir, 'irv2-1000.safetensors');
      writeFileSync(file, writeSafetensors(tensors));
      await open('#/activations?network=inception_resnet_v2&width=0.03125&input=75&classes=1000');
      await page.getByTestId('weights-file').setInputFiles(file);
      await page.getByTestId('top5').waitFor({ timeout: 60_000 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const classes = JSON.parse(
      readFileSync(join(root, 'assets', 'imagenet-classes.json'), 'utf8'),
    ) as string[];
    const items = await page.locator('[data-testid="top5"] li').allTextContents();
    expect(items).toHaveLength(5);
    for (const li of items)
      expect(
        classes.some((c) => li.includes(c)),
        li,
      ).toBe(true);
    await shot(page, 'top5');
  });

  it('runs weights trained in the app, switching to the run’s variant', async () => {
    const { page } = browser;
    // Train a tiny run through the protocol, as the Training view would.
    const ws = await connectClient(served);
    let id: string;
    try {
      const [meta] = await ws.client.request('train.start', {
        runs: [{ variant: { network: 'inception_v3', width: 0.125, input: 75 } }],
        data: { kind: 'shapes', seed: 2, count: 64 },
        steps: 2,
        batch: 4,
        seed: 5,
      });
      id = meta!.id;
      for (let i = 0; i < 300; i++) {
        const h = await ws.client.request('train.history', { id });
        if (h.meta.status === 'done') break;
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      ws.close();
    }
    await page.getByTestId('weights-choice-trained').click();
    await page.waitForFunction(
      (want) => !!document.querySelector(`[data-testid="trained-run"] option[value="${want}"]`),
      id,
    );
    await page.getByTestId('trained-run').selectOption(id);
    await page.getByTestId('weights-load').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="weights-info"]')?.getAttribute('data-kind') === 'trained',
      null,
      {
        timeout: 60_000,
      },
    );
    expect(await page.getByTestId('weights-info').textContent()).toContain('trained in the app, step 2');
    // The view moved to the run's variant and ran the image through it.
    const hash = new URL(page.url()).hash;
    expect(hash).toContain('network=inception_v3');
    expect(hash).toContain('width=0.125');
    await ranWith(page, 'trained in the app');
    await gridShowsCurrent(page);
    await page.getByTestId('top5-none').waitFor();
    await shot(page, 'trained-weights');
  });

  it('downloads weights from a URL with a progress bar, and says clearly when the host is unreachable', async () => {
    const { page } = browser;
    await open(`#/activations?${FIXTURE}`);
    // A local server standing in for a weights host: the file in 64 KiB pieces, slowly enough to watch.
    const bytes = readFileSync(join(weightsDir, 'irv2-keras.h5'));
    const server = createServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
      for (let at = 0; at < bytes.length; at += 65536) {
        res.write(bytes.subarray(at, at + 65536));
        await new Promise((r) => setTimeout(r, 150));
      }
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      await page.getByTestId('weights-choice-url').click();
      await page.getByTestId('weights-url').fill(`http://127.0.0.1:${port}/irv2-keras.h5`);
      // Every message the progress line shows, caught as the DOM changes.
      await page.evaluate(() => {
        const w = window as unknown as { __progress: string[] };
        w.__progress = [];
        new MutationObserver(() => {
          const t = document.querySelector('[data-testid="weights-progress"]')?.textContent;
          if (t) w.__progress.push(t);
        }).observe(document.body, { subtree: true, childList: true, characterData: true });
      });
      await page.getByTestId('weights-load').click();
      await page.getByTestId('weights-progress').waitFor();
      await shot(page, 'weights-download');
      await page.waitForFunction(
        () =>
          (document.querySelector('[data-testid="weights-info"]')?.textContent ?? '').includes(
            'irv2-keras.h5',
          ),
        null,
        { timeout: 60_000 },
      );
      expect(await page.getByTestId('weights-info').getAttribute('data-kind')).toBe('file');
      const seen = await page.evaluate(() => (window as unknown as { __progress: string[] }).__progress);
      expect(seen.some((t) => t.includes('downloading irv2-keras.h5'))).toBe(true);
    } finally {
      server.close();
    }
    // Port 1 on loopback refuses connections: the same sentence a user offline would get.
    await page.getByTestId('weights-url').fill('http://127.0.0.1:1/inception_v3.h5');
    await page.getByTestId('weights-load').click();
    const err = page.getByTestId('weights-error');
    await err.waitFor({ timeout: 30_000 });
    expect(await err.getAttribute('data-code')).toBe('weights_offline');
    expect(await err.textContent()).toContain('Download the weights file elsewhere and open it from disk');
    await page.getByTestId('weights-choice-random').click();
  });
});
