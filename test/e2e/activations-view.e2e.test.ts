/**
 * The Activations view as a user meets it at 1280×720 (issue 14, items 1 and 4), in Chromium on
 * reduced variants: the flavour control and the wrong-flavour remedy button, no stale numbers while
 * a new run is under way, a legend that matches the colours drawn, the enlarged channel in view,
 * readable residual tiles, all five top-5 rows, and a long pass that names its stage with an estimate.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src-main/analysis/analyse.js';
import { randomWeights } from '../../src-main/engine/onnx/weights.js';
import { writeSafetensors } from '../../src-main/engine/weights/safetensors.js';
import type { FileTensor } from '../../src-main/engine/weights/types.js';
import { buildNetwork } from '../../src-main/zoo/index.js';
import { activationRunDone, openBrowser, root, startServe, type Browser, type Served } from './helpers.js';

let served: Served;
let browser: Browser;
const shots = join(root, 'test-results', 'screenshots');
// The committed timm fixture's variant (test/fixtures/weights/irv2.json: flavour 'released'),
// opened first under the other flavour.
const FIXTURE = 'network=inception_resnet_v2&width=0.03125&input=75&classes=10';
const timmFile = join(root, 'test', 'fixtures', 'weights', 'irv2-timm.safetensors');

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `activations-view-${name}.png`) });
}

/** Waits until no run is under way and a node is on screen. */
const runDone = (page: Page): Promise<void> => activationRunDone(page, 90_000);

/** Chooses a weights file the way a user does: the File source, its button, the file dialog. */
async function chooseWeightsFile(page: Page, file: string): Promise<void> {
  await page.getByTestId('weights-choice-file').click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('weights-load').click();
  await (await chooser).setFiles(file);
}

/** Starts recording what the header stats, the table's first row and the run's stage show, at every change. */
async function record(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as {
      seen: { stats: string | null; row: string | null; stage: string | null }[];
    };
    w.seen = [];
    const snap = () => {
      const q = (s: string) => document.querySelector(s)?.textContent ?? null;
      w.seen.push({
        stats: q('[data-testid="layer-stats"]'),
        row: q('[data-testid="channel-stats"] tbody tr'),
        stage: q('[data-testid="run-stage"]'),
      });
    };
    new MutationObserver(snap).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
}

async function seen(
  page: Page,
): Promise<{ stats: string | null; row: string | null; stage: string | null }[]> {
  return page.evaluate(
    () =>
      (window as unknown as { seen: { stats: string | null; row: string | null; stage: string | null }[] })
        .seen,
  );
}

async function selectNode(page: Page, id: string): Promise<void> {
  await page.getByTestId('node-select').selectOption(id);
  await page.waitForFunction(
    (want) => document.querySelector('[data-testid="node-id"]')?.textContent === want,
    id,
  );
}

const rect = (page: Page, sel: string) =>
  page.locator(sel).evaluate((e) => {
    const r = e.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
  });

beforeAll(async () => {
  served = await startServe(['--rebuild']);
  browser = await openBrowser(`${served.url}#/activations?${FIXTURE}&flavour=paper`);
  await browser.page.setViewportSize({ width: 1280, height: 720 });
  await browser.page.getByTestId('activations').waitFor({ timeout: 60_000 });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

describe('Activations view at 1280×720', () => {
  it('has a flavour control, and a wrong-flavour file offers "Switch to flavour X and retry"', async () => {
    const { page } = browser;
    await page.getByTestId('sample-chelsea.png').click();
    await runDone(page);
    const flavour = page.getByTestId('act-flavour');
    expect(await flavour.inputValue()).toBe('paper');

    // timm's Inception-ResNet-v2 state dict fits flavour 'released', not 'paper'.
    await chooseWeightsFile(page, timmFile);
    const err = page.getByTestId('weights-error');
    await err.waitFor({ timeout: 60_000 });
    expect(await err.textContent()).toMatch(/open it with network inception_resnet_v2, flavour .released./);
    const action = page.getByTestId('weights-error-action');
    expect(await action.textContent()).toBe('Switch to flavour released and retry');
    await shot(page, 'wrong-flavour');
    await action.click();
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="run-engine"]')?.getAttribute('data-weights-kind') === 'file',
      undefined,
      { timeout: 90_000 },
    );
    expect(await flavour.inputValue()).toBe('released');
    expect(await page.getByTestId('weights-info').getAttribute('data-kind')).toBe('file');
    expect(await err.count()).toBe(0);
    expect(await page.evaluate(() => location.hash)).toContain('flavour=released');

    // Picking a flavour switches the network and runs again (the file's weights fit only 'released').
    await flavour.selectOption('paper');
    await page.waitForFunction(() => location.hash.includes('flavour=paper'));
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="run-engine"]')?.getAttribute('data-weights-kind') === 'random',
      undefined,
      { timeout: 90_000 },
    );
    expect(await flavour.inputValue()).toBe('paper');
    await shot(page, 'flavour-paper');
  });

  it('never shows the previous run’s numbers after switching weights, preprocessing or flavour', async () => {
    const { page } = browser;
    await runDone(page);
    const id = (await page.locator('[data-testid="node-select"] option').nth(6).getAttribute('value'))!;
    await selectNode(page, id);
    await page.getByTestId('channel-stats').waitFor();
    const before = {
      stats: await page.getByTestId('layer-stats').textContent(),
      row: await page.locator('[data-testid="channel-stats"] tbody tr').first().textContent(),
    };

    // Other random weights (another seed).
    await record(page);
    await page.getByTestId('weights-choice-random').click();
    await page.locator('section.weights input[type="number"]').fill('5');
    await page.getByTestId('weights-load').click();
    await page.waitForFunction(
      (old) => {
        const s = document.querySelector('[data-testid="layer-stats"]')?.textContent;
        return !!s && s !== old && !document.querySelector('[data-testid="run-progress"]');
      },
      before.stats,
      { timeout: 90_000 },
    );
    let log = await seen(page);
    // The old numbers went before the new ones came: a moment with no table and the stage shown.
    const cleared = log.findIndex((s) => s.stats === null && s.row === null);
    expect(cleared).toBeGreaterThanOrEqual(0);
    expect(log.slice(cleared).some((s) => s.stage !== null)).toBe(true);
    expect(log.slice(cleared).every((s) => s.stats !== before.stats)).toBe(true);
    expect(await page.getByTestId('node-id').textContent()).toBe(id);
    const after = await page.locator('[data-testid="channel-stats"] tbody tr').first().textContent();
    expect(after).not.toBe(before.row);

    // Another preprocessing recipe.
    const seedStats = await page.getByTestId('layer-stats').textContent();
    await record(page);
    await page.getByTestId('preprocessing').locator('summary').click();
    await page.getByTestId('preprocessing-override').selectOption('torchvision');
    await page.waitForFunction(
      (old) => {
        const s = document.querySelector('[data-testid="layer-stats"]')?.textContent;
        return !!s && s !== old && !document.querySelector('[data-testid="run-progress"]');
      },
      seedStats,
      { timeout: 90_000 },
    );
    log = await seen(page);
    const cleared2 = log.findIndex((s) => s.stats === null);
    expect(cleared2).toBeGreaterThanOrEqual(0);
    expect(log.slice(cleared2).every((s) => s.stats !== seedStats)).toBe(true);
    await page.getByTestId('preprocessing-override').selectOption('');

    // Another flavour.
    await runDone(page);
    const paperStats = await page.getByTestId('layer-stats').textContent();
    await record(page);
    await page.getByTestId('act-flavour').selectOption('released');
    // Cleared, then the new run's numbers (the stem may compute the same ones under both flavours).
    await page.waitForFunction(
      () => {
        const s = (window as unknown as { seen: { stats: string | null }[] }).seen;
        const i = s.findIndex((x) => x.stats === null);
        return i >= 0 && s.slice(i).some((x) => x.stats !== null);
      },
      undefined,
      { timeout: 90_000 },
    );
    expect(paperStats).toBeTruthy();
    await runDone(page);
    await shot(page, 'after-switch');
  });

  it('shows a blue–red legend for channels that cross zero and inferno for one-signed ones', async () => {
    const { page } = browser;
    await runDone(page);
    await page.getByTestId('scale-channel').click();
    // A residual branch ends in a linear conv (with bias): its channels cross zero.
    await selectNode(page, 'block35_1/add');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="composition-grid"]').length === 4,
    );
    await page.getByTestId('composition').getByRole('button', { name: 'residual branch' }).click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="node-id"]')?.textContent !== 'block35_1/add',
    );
    await page.getByTestId('channel-stats').waitFor();
    // Read the table: how many channels have min < 0 < max.
    const rows = await page
      .locator('[data-testid="channel-stats"] tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
      );
    const num = (s: string) => Number(s.replaceAll('−', '-'));
    const crossing = rows.filter((r) => num(r[1]!) < 0 && num(r[2]!) > 0).length;
    expect(crossing).toBeGreaterThan(0);
    const div = page.locator('[data-testid="colour-bar"][data-palette="diverging"]');
    expect(await div.count()).toBe(1);
    expect(await div.textContent()).toContain(`${crossing} channels cross zero`);
    // The legend's left end is blue, its right end red, like the tiles drawn.
    const ends = await div.locator('.ramp').evaluate((e) => getComputedStyle(e).backgroundImage);
    const rgbs = [...ends.matchAll(/rgb\((\d+), (\d+), (\d+)\)/g)].map((m) => m.slice(1).map(Number));
    expect(rgbs[0]![2]!).toBeGreaterThan(rgbs[0]![0]!);
    expect(rgbs.at(-1)![0]!).toBeGreaterThan(rgbs.at(-1)![2]!);
    const blueTiles = await page.getByTestId('feature-grid').evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 2]! > d[i]! + 60 && d[i + 3]) n++;
      return n;
    });
    expect(blueTiles).toBeGreaterThan(0);
    await shot(page, 'legend-diverging');

    // After a ReLU every channel is one-signed: inferno only.
    await selectNode(page, 'block35_1/add');
    await page.getByTestId('channel-stats').waitFor();
    expect(await page.locator('[data-testid="colour-bar"][data-palette="diverging"]').count()).toBe(0);
    expect(
      await page.locator('[data-testid="colour-bar"][data-palette="sequential"]').textContent(),
    ).toContain('one-signed channels');
  });

  it('opens the enlarged channel in view', async () => {
    const { page } = browser;
    const id = (await page.locator('[data-testid="node-select"] option').nth(4).getAttribute('value'))!;
    await selectNode(page, id);
    const grid = page.getByTestId('feature-grid');
    await grid.waitFor();
    await grid.click({ position: { x: 3, y: 3 } });
    await page.getByTestId('channel-zoom').waitFor();
    await page.waitForTimeout(300); // let a smooth scroll, if any, settle before reading positions
    const z = await rect(page, '[data-testid="channel-zoom"]');
    const pane = await rect(page, '[data-testid="node-panel"]');
    expect(z.top).toBeGreaterThanOrEqual(pane.top - 1);
    expect(z.bottom).toBeLessThanOrEqual(Math.min(720, pane.bottom) + 1);
    await shot(page, 'zoom-in-view');
  });

  it('draws residual-panel tiles of at least 48 px and pages through the channels', async () => {
    const { page } = browser;
    await selectNode(page, 'block35_1/add');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="composition-grid"]').length === 4,
    );
    const tiles = await page
      .getByTestId('composition-grid')
      .evaluateAll((cs) => cs.map((c) => (c.getAttribute('data-tile') ?? '0x0').split('x').map(Number)));
    for (const [w, h] of tiles) {
      expect(w).toBeGreaterThanOrEqual(48);
      expect(h).toBeGreaterThanOrEqual(48);
      expect(w).toBeLessThanOrEqual(64);
    }
    const first = await page.getByTestId('residual-window').textContent();
    expect(first).toMatch(/^channels 0–\d+ of \d+/);
    await page.getByTestId('residual-next').click();
    expect(await page.getByTestId('residual-window').textContent()).not.toBe(first);
    // The last window may hold a single channel: still drawn at the same size.
    expect(await page.getByTestId('composition-grid').first().getAttribute('data-tile')).toBe(
      `${tiles[0]![0]}x${tiles[0]![1]}`,
    );
    await page.getByTestId('composition').scrollIntoViewIfNeeded();
    await shot(page, 'residual-tiles');
  });

  it('shows all five top-5 rows inside the Run card', async () => {
    const { page } = browser;
    const a = analyse(buildNetwork('inception_resnet_v2', { width: 1 / 32, input: 75, classes: 1000 }));
    const tensors: FileTensor[] = [];
    for (const [id, w] of Object.entries(randomWeights(a, 7, false)))
      for (const [kind, t] of Object.entries(w))
        tensors.push({ name: `${id}/${kind}`, shape: t.shape, data: t.data });
    const dir = mkdtempSync(join(tmpdir(), 'act-view-e2e-'));
    try {
      const file = join(dir, 'irv2-1000.safetensors');
      writeFileSync(file, writeSafetensors(tensors));
      await page.evaluate(
        () =>
          (location.hash =
            '#/activations?network=inception_resnet_v2&flavour=released&width=0.03125&input=75&classes=1000'),
      );
      // The switch clears the run, then the new variant runs with random weights.
      await page.waitForFunction(() => !document.querySelector('[data-testid="node-position"]'), undefined, {
        polling: 'raf',
      });
      await runDone(page);
      await chooseWeightsFile(page, file);
      await page.getByTestId('top5').waitFor({ timeout: 90_000 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const items = page.locator('[data-testid="top5"] li');
    expect(await items.count()).toBe(5);
    const card = await page.getByTestId('top5').evaluate((e) => {
      const c = e.closest('section')!;
      const r = c.getBoundingClientRect();
      return { bottom: r.bottom, scrollTop: c.scrollTop };
    });
    const fifth = await items.nth(4).evaluate((e) => e.getBoundingClientRect().bottom);
    expect(card.scrollTop).toBe(0);
    expect(fifth).toBeLessThanOrEqual(card.bottom);
    await shot(page, 'top5');
  });

  it('names the stage of a long first pass with an estimate from the measured rate', async () => {
    const { page } = browser;
    await runDone(page);
    // A bigger variant than the runs so far (which measured the rate): a first pass that takes a while.
    await record(page);
    await page.evaluate(() => (location.hash = '#/activations?network=inception_v3&width=0.5&input=299'));
    await page.getByTestId('run-stage').waitFor({ timeout: 60_000 });
    await shot(page, 'run-stage');
    await page.waitForFunction(
      () =>
        (window as unknown as { seen: { stage: string | null }[] }).seen.some((s) => s.stage !== null) &&
        !document.querySelector('[data-testid="run-progress"]') &&
        !!document.querySelector('[data-testid="node-position"]'),
      undefined,
      { timeout: 120_000 },
    );
    const stages = (await seen(page)).map((s) => s.stage).filter((s): s is string => s !== null);
    expect(stages.some((s) => /Building the session, then running the network/.test(s))).toBe(true);
    expect(stages.some((s) => /about \d+ s left/.test(s))).toBe(true);
    expect(stages.some((s) => /Coding node \d+\/\d+/.test(s))).toBe(true);
  });
});
