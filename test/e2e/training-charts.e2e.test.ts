/**
 * Training charts with TensorBoard's basics, in Chromium against web mode, used as a user uses them:
 * hover read-out of every run, drag to zoom (every chart follows) and double-click to reset, log x,
 * min/max bands, ignore outliers, imported runs toggled off, no stale "No data yet" charts, the run
 * list's filter, rename, recolour and delete, earlier groups unticked, unique names, and the folded
 * New-runs form with Start in view.
 *
 * The runs are written before the engine starts by the engine's own planner and run store
 * (planGroup + RunStore, the writers training uses), so nothing trains here and the test stays fast.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadData } from '../../src-main/engine/data/index.js';
import { planGroup } from '../../src-main/engine/train/plan.js';
import { RunStore, runsDir } from '../../src-main/engine/train/store.js';
import type { GroupRequest, RunMeta } from '../../src-main/engine/train/types.js';
import { openBrowser, screenshot, startServe, type Browser, type Served } from './helpers.js';

let served: Served;
let browser: Browser;
const dataDir = mkdtempSync(join(tmpdir(), 'ie-charts-e2e-'));
const STEPS = 200;
/** The newer group's first run has one spike in its main loss here. */
const SPIKE_STEP = 120;
const SPIKE = 50;

const request: GroupRequest = {
  runs: [
    { variant: { network: 'inception_v3', width: 0.125, input: 32 } },
    { variant: { network: 'inception_resnet_v1', width: 0.125, input: 32 } },
  ],
  data: { kind: 'shapes', seed: 4, count: 120, size: 32 },
  steps: STEPS,
  batch: 8,
  seed: 7,
  backend: 'cpu',
};

/** The main loss a run logs at a step (run k of a group learns a little faster than run k − 1). */
const mainLoss = (k: number, step: number) => 0.4 + 2 * Math.exp(-step / (40 + 20 * k));

function writeGroup(createdAt: number, spike: boolean): RunMeta[] {
  const loaded = loadData(request.data);
  const metas = planGroup(request, loaded, 'cpu').map((m) => ({
    ...m,
    createdAt,
    status: 'done' as const,
    lastStep: STEPS - 1,
  }));
  metas.forEach((meta, k) => {
    const store = RunStore.create(runsDir(dataDir), meta);
    for (let step = 0; step < STEPS; step++) {
      const main = spike && k === 0 && step === SPIKE_STEP ? SPIKE : mainLoss(k, step);
      store.append({
        t: 'step',
        step,
        epoch: 1 + Math.floor(step / 12),
        time: createdAt + step * 1000,
        wall: step,
        lr: 0.01,
        loss: main,
        main,
        aux: {},
        top1: 0.5,
        gradNorm: 1,
        imagesPerSec: 10,
        eta: STEPS - step,
      });
      if (step % 20 === 19)
        store.append({
          t: 'val',
          step: step + 1,
          epoch: 1 + Math.floor(step / 12),
          time: createdAt + step * 1000,
          wall: step,
          loss: main + 0.1,
          top1: 0.4,
          aux: {},
        });
    }
  });
  return metas;
}

let older: RunMeta[];
let newer: RunMeta[];

beforeAll(async () => {
  older = writeGroup(Date.now() - 86_400_000, false);
  newer = writeGroup(Date.now() - 3_600_000, true);
  process.env.INCEPTION_DATA_DIR = dataDir;
  served = await startServe();
  browser = await openBrowser(`${served.url}#/training`);
  await browser.page.getByTestId('run-card').nth(3).waitFor({ timeout: 60_000 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  delete process.env.INCEPTION_DATA_DIR;
  rmSync(dataDir, { recursive: true, force: true });
});

const chart = (metric: string) => browser.page.getByTestId(`chart-${metric}`);
const attr = async (metric: string, name: string) => (await chart(metric).getAttribute(name)) ?? '';
const domain = async (metric: string, which: 'x' | 'y') =>
  (await attr(metric, `data-${which}domain`)).split(',').map(Number);
const card = (id: string) => browser.page.locator(`[data-testid="run-card"][data-run="${id}"]`);

async function until(what: string, ok: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  await screenshot(browser.page, `charts-timeout-${what.replace(/\W+/g, '-')}`);
  throw new Error(`timed out waiting for ${what}`);
}

/** The plot rectangle of a chart on the page (the transparent rectangle that takes the pointer). */
async function plotBox(metric: string) {
  const b = await chart(metric).locator('rect.hit').boundingBox();
  if (!b) throw new Error(`no plot on ${metric}`);
  return b;
}

describe('Training charts (web mode, Chromium)', () => {
  it('ticks only the newest group, and no two runs share a name', async () => {
    const { page } = browser;
    for (const m of older)
      expect(await card(m.id).locator('input[type=checkbox]').first().isChecked()).toBe(false);
    for (const m of newer)
      expect(await card(m.id).locator('input[type=checkbox]').first().isChecked()).toBe(true);
    expect(await attr('train.main', 'data-series')).toBe('2');
    const names = await page.getByTestId('run-name').allTextContents();
    expect(names).toHaveLength(4);
    expect(new Set(names).size).toBe(4);
    // Both groups ran the same two networks: the newer group's names get " (2)".
    expect(await card(newer[0].id).getByTestId('run-name').textContent()).toBe(`${older[0].name} (2)`);
    expect(await card(older[0].id).getByTestId('run-name').textContent()).toBe(older[0].name);
  });

  it('hover: a cursor and every shown run with colour, smoothed and raw value and step', async () => {
    const { page } = browser;
    const b = await plotBox('train.main');
    await page.mouse.move(b.x + b.width * 0.3, b.y + b.height * 0.5);
    const readout = page.getByTestId('chart-train.main-readout');
    await readout.waitFor({ timeout: 5_000 });
    expect(await chart('train.main').locator('line.cursor').count()).toBe(1);
    const head = await readout.locator('th').allTextContents();
    expect(head).toEqual(['', '', 'smoothed', 'raw', 'Step']);
    const rows = readout.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    const seen = new Set<number>();
    for (let r = 0; r < 2; r++) {
      const cells = await rows.nth(r).locator('td').allTextContents();
      const k = newer.findIndex((m) => `${m.name} (2)` === cells[1]);
      expect(k).toBeGreaterThanOrEqual(0);
      seen.add(k);
      const step = Number(cells[4]);
      expect(step).toBeGreaterThan(0);
      // The raw value is what the run logged at that step (to the digits shown).
      expect(Number(cells[3])).toBeCloseTo(mainLoss(k, step), 1);
    }
    expect(seen.size).toBe(2);
    const swatch = await rows
      .first()
      .locator('.sw')
      .evaluate((e) => getComputedStyle(e).backgroundColor);
    const key = await chart('train.main')
      .locator('.legend li .key')
      .first()
      .evaluate((e) => getComputedStyle(e).borderTopColor);
    expect(swatch).toBe(key);
    await screenshot(page, 'charts-hover');
    await page.mouse.move(5, 5);
  });

  it('drag zooms x (every chart follows) and y; double-click resets', async () => {
    const { page } = browser;
    const [x0, x1] = await domain('train.main', 'x');
    expect(x0).toBeLessThanOrEqual(0);
    expect(x1).toBeGreaterThanOrEqual(STEPS - 1);
    const b = await plotBox('train.main');
    await page.mouse.move(b.x + b.width * 0.25, b.y + b.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width * 0.4, b.y + b.height * 0.5, { steps: 5 });
    await page.getByTestId('chart-train.main-zoombox').waitFor({ timeout: 2_000 });
    await screenshot(page, 'charts-dragging');
    await page.mouse.up();
    await until('zoomed', async () => (await attr('train.main', 'data-zoomed')) === 'true');
    const [z0, z1] = await domain('train.main', 'x');
    expect(z0).toBeGreaterThan(x0 + (x1 - x0) * 0.2);
    expect(z1).toBeLessThan(x0 + (x1 - x0) * 0.45);
    // The validation chart shows the same steps.
    expect(await domain('val.loss', 'x')).toEqual([z0, z1]);
    await screenshot(page, 'charts-zoomed');
    await page.mouse.dblclick(b.x + b.width * 0.5, b.y + b.height * 0.5);
    await until('reset', async () => (await attr('train.main', 'data-zoomed')) === 'false');
    expect(await domain('train.main', 'x')).toEqual([x0, x1]);
    expect((await domain('val.loss', 'x'))[1]).toBeGreaterThanOrEqual(STEPS);
  });

  it('log x and the min/max band', async () => {
    const { page } = browser;
    await page.getByTestId('log-x').check();
    await until('log x', async () => (await attr('train.main', 'data-xscale')) === 'log');
    const ticks = await chart('train.main').locator('g.ticks text[text-anchor=middle]').allTextContents();
    expect(ticks).toEqual(expect.arrayContaining(['1', '10', '100']));
    // Step 0 cannot sit on a log axis: the range starts at step 1.
    expect((await domain('train.main', 'x'))[0]).toBeCloseTo(1, 6);
    expect(await chart('train.main').locator('path[fill-opacity]').count()).toBe(0);
    await page.getByTestId('envelope').check();
    await until(
      'bands',
      async () => (await chart('train.main').locator('path[stroke="none"]').count()) === 2,
    );
    await screenshot(page, 'charts-logx-band');
    await page.getByTestId('log-x').uncheck();
    await page.getByTestId('envelope').uncheck();
    await until('linear x', async () => (await attr('train.main', 'data-xscale')) === 'linear');
  });

  it('a spike does not set the y range (ignore outliers), and an imported run can be toggled off', async () => {
    const { page } = browser;
    expect((await domain('train.main', 'y'))[1]).toBeLessThan(5);
    await page.getByTestId('ignore-outliers').uncheck();
    await until('spike in range', async () => (await domain('train.main', 'y'))[1] >= SPIKE);
    await page.getByTestId('ignore-outliers').check();
    await until('spike ignored', async () => (await domain('train.main', 'y'))[1] < 5);

    // A long imported run far above the live ones: it widens both axes until it is unticked.
    const rows = Array.from({ length: 2000 }, (_, i) => `${i},${(9 - i / 1000).toFixed(4)}`);
    await page.getByTestId('import-input').setInputFiles({
      name: 'cluster-run.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`step,val_loss\n${rows.join('\n')}\n`),
    });
    await until('imported', async () => (await attr('val.loss', 'data-series')) === '3', 30_000);
    expect((await domain('val.loss', 'y'))[1]).toBeGreaterThan(6);
    expect((await domain('val.loss', 'x'))[1]).toBeGreaterThan(1900);
    await screenshot(page, 'charts-imported');
    await page.getByTestId('imported-toggle').uncheck();
    await until('imported off', async () => (await attr('val.loss', 'data-series')) === '2');
    expect((await domain('val.loss', 'y'))[1]).toBeLessThan(3);
    expect((await domain('val.loss', 'x'))[1]).toBeLessThan(STEPS + 20);
    await page.getByTestId('imported-toggle').check();
  });

  it('no stale "No data yet" charts: an empty chart is left out and named once', async () => {
    const { page } = browser;
    // The runs have no top-5 error (5 classes or fewer): that chart is not drawn empty.
    expect(await page.locator('[data-testid="chart-panel"][data-metric="val.top5"]').count()).toBe(0);
    const note = page.getByTestId('no-data-charts');
    expect(await note.count()).toBe(1);
    expect(await note.textContent()).toMatch(/No data yet for the runs shown: .*Top-5 error \(validation\)/);
    expect(await page.getByText('No data yet', { exact: true }).count()).toBe(0);
    // Showing only the older group's v3 run (unticked): every chart is empty and the note says so once.
    await page.getByTestId('run-filter').fill(`^${older[0].name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    await until('one card', async () => (await page.getByTestId('run-card').count()) === 1);
    expect(await page.getByTestId('chart-panel').count()).toBe(0);
    expect(await note.textContent()).toMatch(/Training loss \(main head\)/);
    await page.getByTestId('run-filter').fill('');
  });

  it('run list: filter by substring or regex, rename, recolour, delete with confirmation', async () => {
    const { page } = browser;
    const filter = page.getByTestId('run-filter');
    await filter.fill('resnet');
    await until('resnet runs', async () => (await page.getByTestId('run-card').count()) === 2);
    expect(await page.getByTestId('filter-count').textContent()).toBe('2 of 5 runs match.');
    expect(await attr('train.main', 'data-series')).toBe('1');
    // Not a valid expression (an open group): matched as text, the " (2)" runs.
    await filter.fill('@32 (');
    await until('substring', async () => (await page.getByTestId('run-card').count()) === 2);
    for (const m of newer) expect(await card(m.id).count()).toBe(1);
    await filter.fill('^Inception-v3|cluster');
    await until('regex', async () => (await page.getByTestId('run-card').count()) === 2);
    expect(await page.getByTestId('imported-run').count()).toBe(1);
    await filter.fill('');

    // Rename in place; the chart's legend and the read-out use the new name.
    const c = card(newer[0].id);
    await c.getByTestId('run-rename').click();
    await c.getByTestId('run-name-input').fill('baseline');
    await c.getByTestId('run-name-input').press('Enter');
    expect(await c.getByTestId('run-name').textContent()).toBe('baseline');
    await until('legend renamed', async () =>
      ((await chart('train.main').locator('.legend').textContent()) ?? '').includes('baseline'),
    );

    // Recolour: the colour picker's value becomes the run's colour everywhere.
    await c.getByTestId('run-colour').fill('#ff0000');
    await until('red legend', async () =>
      (
        await chart('train.main')
          .locator('.legend li', { hasText: 'baseline' })
          .locator('.key')
          .evaluate((e) => getComputedStyle(e).borderTopColor)
      ).includes('255, 0, 0'),
    );
    expect(await chart('train.main').locator('path[stroke="#ff0000"]').count()).toBeGreaterThan(0);

    // Delete asks first; Cancel keeps the run.
    const victim = card(newer[1].id);
    await victim.getByTestId('run-delete').click();
    expect(await victim.getByTestId('run-delete-ask').textContent()).toMatch(
      /its files stay in the data folder/,
    );
    await screenshot(page, 'charts-delete-ask');
    await victim.getByTestId('run-delete-cancel').click();
    expect(await page.getByTestId('run-card').count()).toBe(4);
    await victim.getByTestId('run-delete').click();
    await victim.getByTestId('run-delete-confirm').click();
    await until('deleted', async () => (await page.getByTestId('run-card').count()) === 3);
    expect(await page.getByTestId('removed-runs').textContent()).toMatch(/1 run\(s\) removed from the list/);
    expect(await attr('train.main', 'data-series')).toBe('1');
    await screenshot(page, 'charts-runs-edited');

    // Names, colours and removals survive a reload.
    await page.reload();
    await page.getByTestId('run-card').nth(2).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('run-card').count()).toBe(3);
    expect(await card(newer[0].id).getByTestId('run-name').textContent()).toBe('baseline');
    await page.getByTestId('removed-runs').getByRole('button').click();
    await until('restored', async () => (await page.getByTestId('run-card').count()) === 4);
  });

  it('New runs: only networks, data, steps and batch in view; the rest folded; Start always visible', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.getByTestId('toggle-new').click();
    await page.getByTestId('new-runs').waitFor({ timeout: 30_000 });
    for (const id of ['member-network', 'data-kind', 'steps', 'batch'])
      expect(await page.getByTestId(id).first().isVisible()).toBe(true);
    expect(await page.getByTestId('member-width').first().isVisible()).toBe(false);
    const form = page.getByTestId('new-runs');
    expect(await form.getByTestId('recipe-editor').count()).toBe(0);
    const inView = async () => {
      const b = (await page.getByTestId('start-runs').boundingBox())!;
      return b.y >= 0 && b.y + b.height <= 768;
    };
    expect(await inView()).toBe(true);
    await screenshot(page, 'charts-form-folded');
    await page.getByTestId('more-settings').click();
    await form.getByTestId('recipe-editor').nth(1).waitFor();
    expect(await page.getByTestId('member-width').first().isVisible()).toBe(true);
    // The unfolded form is taller than the window; scrolled to its top, Start stays at the bottom edge.
    const main = '[data-testid="training-view"] .main';
    expect(await page.evaluate((sel) => document.querySelector(sel)!.scrollHeight, main)).toBeGreaterThan(
      1200,
    );
    await page.evaluate((sel) => document.querySelector(sel)!.scrollTo(0, 0), main);
    expect(await inView()).toBe(true);
    expect(await page.getByTestId('preset').isVisible()).toBe(true);
    await screenshot(page, 'charts-form-more');
    expect(browser.problems.filter((p) => !/favicon/.test(p))).toEqual([]);
  });
});
