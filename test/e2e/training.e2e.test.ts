/**
 * The Training view in Chromium against web mode: start two tiny runs together from the form and see
 * both curves grow, then import a CSV and see it overlaid (dashed, marked imported); hover read-out,
 * lesson 13's preset link, and a bad folder's message. The engine trains for real (reduced variants).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventFile } from '../unit/curves/tfevents-writer.js';
import { openBrowser, screenshot, startServe, type Browser, type Served } from './helpers.js';

let served: Served;
let browser: Browser;
const dataDir = mkdtempSync(join(tmpdir(), 'ie-train-e2e-'));

beforeAll(async () => {
  // The engine keeps runs and imports in this folder (startServe passes the environment on).
  process.env.INCEPTION_DATA_DIR = dataDir;
  served = await startServe();
  // The total-loss chart is an option (the main head's loss is the default); these tests chart it.
  browser = await openBrowser(`${served.url}#/training?hide=lr,train.top1`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  delete process.env.INCEPTION_DATA_DIR;
  rmSync(dataDir, { recursive: true, force: true });
});

// A chart with no data for the runs shown is not drawn: it counts as 0.
const chartAttr = async (metric: string, name: string) => {
  const c = browser.page.getByTestId(`chart-${metric}`);
  return (await c.count()) ? Number(await c.getAttribute(name)) : 0;
};
const points = (metric: string) => chartAttr(metric, 'data-points');
const seriesCount = (metric: string) => chartAttr(metric, 'data-series');

async function until(what: string, ok: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('Training view (web mode, Chromium)', () => {
  it('starts two runs together from the form and both curves grow', async () => {
    const { page } = browser;
    await page.getByTestId('new-runs').waitFor({ timeout: 30_000 });
    // Width, input and the recipes are folded under "More settings".
    await page.getByTestId('more-settings').click();
    // The default preset is lesson 13's pair; make the variants tiny for the test.
    await expect(page.getByTestId('member-network').nth(0).inputValue()).resolves.toBe('inception_v3');
    await expect(page.getByTestId('member-network').nth(1).inputValue()).resolves.toBe('inception_resnet_v1');
    for (const i of [0, 1]) {
      await page.getByTestId('member-width').nth(i).fill('0.125');
      await page.getByTestId('member-input').nth(i).fill('32');
    }
    // The preset's data is MNIST at 400 steps (where the curves part); the test uses a tiny shapes set.
    expect(await page.getByTestId('data-kind').inputValue()).toBe('mnist');
    expect(await page.getByTestId('steps').inputValue()).toBe('400');
    await page.getByTestId('data-kind').selectOption('shapes');
    await page.getByTestId('data-count').fill('160');
    await page.getByTestId('steps').fill('6');
    await page.getByTestId('batch').fill('8');
    await page.getByTestId('recipe-editor').nth(1).waitFor();
    expect(await page.getByTestId('conditions').textContent()).toMatch(/seed 1.*batch 8 and 6 steps/);
    // The engine's words for the schedule at 6 steps arrive after the steps change.
    await until(
      'the schedule text',
      async () =>
        /decays/.test(
          (await page.getByTestId('new-runs').getByTestId('schedule-text').first().textContent()) ?? '',
        ),
      30_000,
    );
    await screenshot(page, 'training-form');
    await page.getByTestId('start-runs').click();

    await until('two run cards', async () => (await page.getByTestId('run-card').count()) === 2, 60_000);
    await until('first points of both runs', async () => (await seriesCount('train.loss')) === 2, 240_000);
    const first = await points('train.loss');
    await until('more points', async () => (await points('train.loss')) > first + 1, 240_000);
    // Both runs have steps on the chart and in their cards.
    for (const card of await page.getByTestId('run-card').all()) {
      expect(Number(await card.getAttribute('data-steps'))).toBeGreaterThan(0);
    }
    await screenshot(page, 'training-live');
    await until(
      'both runs done',
      async () => (await page.locator('[data-testid="run-card"][data-status="done"]').count()) === 2,
      300_000,
    );
    expect(await points('train.loss')).toBe(12);
    expect(await seriesCount('val.top1')).toBe(2);
    await screenshot(page, 'training-done');
  }, 600_000);

  it('imports a CSV and overlays it, marked as imported; hover reads every run', async () => {
    const { page } = browser;
    const csv =
      'step,wall_time,loss,val_loss,val_accuracy\n0,1700000000,2.4,2.3,10\n2,1700000030,2.2,2.2,20\n4,1700000060,2.0,2.1,30\n';
    await page
      .getByTestId('import-input')
      .setInputFiles({ name: 'cluster-run.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('imported-run').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('imported-run').textContent()).toContain('cluster-run');
    await until(
      'three series on the loss chart',
      async () => (await seriesCount('train.loss')) === 3,
      10_000,
    );
    expect(await seriesCount('val.top1')).toBe(3);
    const box = (await page.getByTestId('chart-train.loss').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.5);
    const readout = page.getByTestId('chart-train.loss-readout');
    await readout.waitFor({ timeout: 5_000 }).catch(async (e: unknown) => {
      await screenshot(page, 'training-hover-failed');
      throw e;
    });
    const text = (await readout.textContent()) ?? '';
    expect(text).toContain('cluster-run');
    expect(text).toContain('imported');
    expect(text).toMatch(/Inception-v3/);
    await screenshot(page, 'training-imported');
    // Exports: the chart as SVG, the runs as CSV (app runs and the imported one).
    const [svgDl] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="chart-panel"][data-metric="train.loss"]').getByTestId('export-svg').click(),
    ]);
    const svg = readFileSync((await svgDl.path())!, 'utf8');
    expect(svg).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*cluster-run \(imported\)[\s\S]*<\/svg>$/);
    expect(svg.match(/<path /g)!.length).toBeGreaterThanOrEqual(3);
    const [pngDl] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="chart-panel"][data-metric="train.loss"]').getByTestId('export-png').click(),
    ]);
    const png = readFileSync((await pngDl.path())!);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(pngDl.suggestedFilename()).toBe('train.loss.png');
    const [csvDl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-csv').click(),
    ]);
    const out = readFileSync((await csvDl.path())!, 'utf8').split('\n');
    expect(out[0]).toBe('run,source,metric,step,epoch,wall_time,value');
    expect(out.filter((l) => l.startsWith('cluster-run,imported,train.loss,'))).toHaveLength(3);
    expect(out.filter((l) => /,app,train\.loss,/.test(l))).toHaveLength(12);
    // Log scale and wall-time axis redraw without losing series (the CSV has a wall_time column).
    await page.getByTestId('y-scale').selectOption('log');
    await page.getByTestId('x-axis').selectOption('wall');
    expect(await seriesCount('train.loss')).toBe(3);
    await screenshot(page, 'training-log-wall');
    await page.getByTestId('y-scale').selectOption('linear');
    await page.getByTestId('x-axis').selectOption('step');
  }, 60_000);

  it('imports a TensorBoard event file written by the test', async () => {
    const { page } = browser;
    const bytes = eventFile([
      { wallTime: 1_700_000_000, step: 0, fileVersion: 'brain.Event:2' },
      { wallTime: 1_700_000_010, step: 1, values: [{ tag: 'train/loss', simple: 3 }] },
      {
        wallTime: 1_700_000_020,
        step: 3,
        values: [
          { tag: 'train/loss', simple: 2.5 },
          { tag: 'eval/accuracy', tensor: 0.25, plugin: 'scalars' },
        ],
      },
      {
        wallTime: 1_700_000_030,
        step: 5,
        values: [
          { tag: 'train/loss', simple: 2 },
          { tag: 'eval/accuracy', tensor: 0.5 },
        ],
      },
    ]);
    await page.getByTestId('import-input').setInputFiles({
      name: 'events.out.tfevents.1700000000.tpu-pod',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(bytes),
    });
    await until(
      'the tfevents run',
      async () => (await page.getByTestId('imported-run').count()) === 2,
      30_000,
    );
    expect(await page.getByTestId('imported-run').nth(1).textContent()).toContain('tpu-pod');
    expect(await seriesCount('train.loss')).toBe(4);
    expect(await seriesCount('val.top1')).toBe(4);
  }, 60_000);

  it('pauses, resumes and stops a run; a diverging run stops with its message and step', async () => {
    const { page } = browser;
    const form = async () => {
      if (!(await page.getByTestId('new-runs').isVisible())) await page.getByTestId('toggle-new').click();
      await page.getByTestId('new-runs').waitFor();
      if ((await page.getByTestId('more-settings').getAttribute('aria-expanded')) !== 'true')
        await page.getByTestId('more-settings').click();
      await page.getByTestId('recipe-editor').nth(1).waitFor();
      await page.getByTestId('new-runs').getByRole('button', { name: 'Remove' }).nth(1).click();
      await page.getByTestId('member-width').fill('0.125');
      await page.getByTestId('member-input').fill('32');
      await page.getByTestId('data-kind').selectOption('shapes');
      await page.getByTestId('data-count').fill('160');
      await page.getByTestId('batch').fill('8');
    };
    const newest = () => page.getByTestId('run-card').first();
    await form();
    await page.getByTestId('steps').fill('400');
    await page.getByTestId('start-runs').click();
    await until('a third run', async () => (await page.getByTestId('run-card').count()) === 3, 60_000);
    await until('it trains', async () => Number(await newest().getAttribute('data-steps')) > 1, 120_000);
    await newest().getByRole('button', { name: 'Pause' }).click();
    await until('paused', async () => (await newest().getAttribute('data-status')) === 'paused', 60_000);
    const at = Number(await newest().getAttribute('data-steps'));
    await newest().getByRole('button', { name: 'Resume' }).click();
    await until('resumed', async () => Number(await newest().getAttribute('data-steps')) > at, 120_000);
    await newest().getByRole('button', { name: 'Stop' }).click();
    await until('stopped', async () => (await newest().getAttribute('data-status')) === 'stopped', 60_000);
    await screenshot(page, 'training-stopped');

    // A learning rate of 10⁶ without clipping makes the loss run away.
    await form();
    await page.getByTestId('steps').fill('40');
    await page.getByTestId('new-runs').getByLabel('Learning rate').fill('1000000');
    await page.getByTestId('new-runs').getByLabel('Clip global norm at (0 = off)').fill('0');
    await page.getByTestId('start-runs').click();
    await until('a fourth run', async () => (await page.getByTestId('run-card').count()) === 4, 60_000);
    await until('it fails', async () => (await newest().getAttribute('data-status')) === 'failed', 240_000);
    expect(await newest().getByTestId('run-message').textContent()).toMatch(
      /^Stopped at step \d+: the (training loss|gradient norm)/,
    );
    await screenshot(page, 'training-diverged');
  }, 600_000);

  it('draws a long imported run on a canvas (points computed in the worker) and reads it on hover', async () => {
    const { page } = browser;
    const before = await seriesCount('train.loss');
    const rows = Array.from(
      { length: 6000 },
      (_, i) => `${i},${(3 * Math.exp(-i / 1500) + 0.2 * Math.sin(i / 7)).toFixed(4)}`,
    );
    await page.getByTestId('import-input').setInputFiles({
      name: 'long-run.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`step,loss\n${rows.join('\n')}\n`),
    });
    await until('the long run', async () => (await seriesCount('train.loss')) === before + 1, 30_000);
    expect(await page.getByTestId('chart-train.loss').getAttribute('data-renderer')).toBe('canvas');
    // The canvas has ink: some pixels are not transparent.
    const inked = await page.evaluate(() => {
      const c = document.querySelector<HTMLCanvasElement>('[data-testid="chart-train.loss"] canvas')!;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    });
    expect(inked).toBeGreaterThan(1000);
    await page.getByTestId('y-scale').selectOption('log');
    const box = (await page.getByTestId('chart-train.loss').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.45);
    await page.getByTestId('chart-train.loss-readout').waitFor({ timeout: 5_000 });
    expect(await page.getByTestId('chart-train.loss-readout').textContent()).toContain('long-run');
    await screenshot(page, 'training-canvas');
    await page.getByTestId('y-scale').selectOption('linear');
  }, 60_000);

  it('lists the runs again after an app restart, and a stopped run resumes from its checkpoint', async () => {
    await browser.close();
    await served.stop();
    served = await startServe();
    browser = await openBrowser(`${served.url}#/training`);
    const { page } = browser;
    await until('four runs listed', async () => (await page.getByTestId('run-card').count()) === 4, 60_000);
    expect(await page.getByTestId('imported-run').count()).toBe(3);
    const stopped = page.locator('[data-testid="run-card"][data-status="stopped"]');
    const at = Number(await stopped.getAttribute('data-steps'));
    expect(at).toBeGreaterThan(1);
    const id = await stopped.getAttribute('data-run');
    const card = page.locator(`[data-testid="run-card"][data-run="${id}"]`);
    await card.getByRole('button', { name: 'Resume' }).click();
    await until(
      'it trains again',
      async () => (await card.getAttribute('data-status')) === 'running',
      60_000,
    );
    await until('past its old step', async () => Number(await card.getAttribute('data-steps')) > at, 120_000);
    await card.getByRole('button', { name: 'Stop' }).click();
    await until('stopped again', async () => (await card.getAttribute('data-status')) === 'stopped', 60_000);
    await screenshot(page, 'training-after-restart');
  }, 300_000);

  it("opens lesson 13's link as the v3 vs Inception-ResNet-v1 preset, and says what is wrong with a bad folder", async () => {
    const { page } = browser;
    const bad = join(dataDir, 'bad-folder');
    mkdirSync(join(bad, 'cats'), { recursive: true });
    writeFileSync(join(bad, 'cats', 'a.png'), 'not a png');
    writeFileSync(join(bad, 'readme.txt'), 'hello');
    await page.goto(
      `${served.url}#/training?network=inception_v3&compare=inception_resnet_v1&preset=convergence`,
    );
    await page.getByTestId('new-runs').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('preset').inputValue()).resolves.toBe('convergence');
    await page.getByTestId('data-kind').selectOption('folder');
    await page.getByTestId('data-path').fill(bad);
    await page.getByTestId('start-runs').click();
    const err = page.getByTestId('start-error');
    await err.waitFor({ timeout: 30_000 });
    // Web mode opens no folder of the machine by its path (server/web-policy.ts); the form says what to do instead.
    expect(await err.textContent()).toContain('web mode');
    await screenshot(page, 'training-bad-folder');
    expect(browser.problems.filter((p) => !/favicon/.test(p))).toEqual([]);
  }, 60_000);
});
