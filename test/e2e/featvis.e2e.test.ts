/**
 * The Explain panel's Feature visualisation and DeepDream tabs as a user meets them, in Chromium, on
 * a reduced Inception-v3 (random weights: the sample image runs without any download): pick a sample,
 * step to an inception module, open Feature visualisation, read the time estimate, set the channel
 * (5, one the grey starting picture already drives) and a short run (100 steps; the app's default is 512), render, see the picture and its caption,
 * render again and get it from the cache; then DeepDream the sample at the same module.
 * Screenshots: test-results/e2e/featvis-*.png.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activationRunDone,
  openBrowser,
  screenshot,
  startServe,
  type Browser,
  type Served,
  copyLink,
  reopenLink,
} from './helpers.js';

let served: Served;
let browser: Browser;
const NETWORK = 'network=inception_v3&width=0.125&input=75&classes=10';
const NODE = 'Mixed_5b/concat';

// A data folder of its own, so the picture cache starts empty.
const dataDir = mkdtempSync(join(tmpdir(), 'ie-featvis-e2e-'));

beforeAll(async () => {
  served = await startServe([], { INCEPTION_DATA_DIR: dataDir });
  browser = await openBrowser(`${served.url}#/activations?${NETWORK}`);
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.origin });
  await browser.page.setViewportSize({ width: 1280, height: 1000 });
  await browser.page.getByTestId('activations').waitFor({ timeout: 60_000 });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Waits until the picture's caption says it came from the engine's cache. */
const servedFromCache = (page: Page) =>
  page.waitForFunction(
    () =>
      /^From the cache/.test(
        document.querySelector('[data-testid="featvis-made"]')?.textContent?.trim() ?? '',
      ),
    undefined,
    { timeout: 60_000 },
  );

describe('Explain panel: feature visualisation and DeepDream', () => {
  it('renders one channel, shows how long it took, serves it again from the cache, and dreams', async () => {
    const { page } = browser;
    await page.getByTestId('sample-chelsea.png').click();
    await activationRunDone(page);
    await page.getByTestId('node-select').selectOption(NODE);
    await page.getByTestId('explain-tab-featvis').click();
    await page.getByTestId('featvis-tab').waitFor();
    await page.getByTestId('featvis-channel').fill('5');
    await page.getByTestId('featvis-channel').press('Enter');
    await page.getByTestId('featvis-steps').fill('100');
    // The estimate for 100 steps (not one made while the field still read 1 or 10): at least 101 steps.
    await page.waitForFunction(
      () => {
        const t = document.querySelector('[data-testid="featvis-estimate"]')?.textContent?.trim() ?? '';
        const m = /^About ([\d.]+) s on .*\((\d+) ms a step\)/.exec(t);
        return !!m && Number(m[1]) * 1000 >= 101 * Number(m[2]) * 0.9;
      },
      undefined,
      { timeout: 120_000 },
    );
    expect((await page.getByTestId('featvis-estimate').textContent())!.trim()).toMatch(
      /^About [\d.]+ s on (ONNX Runtime \(cpu\)|tfjs \((wasm|cpu|tensorflow)\)) \(\d+ ms a step\)\.$/,
    );
    const estimate = Number(
      /^About ([\d.]+) s/.exec((await page.getByTestId('featvis-estimate').textContent())!.trim())![1],
    );
    expect((await page.getByTestId('featvis-tab').textContent())!).toContain(`channel 5 of ${NODE}`);

    await page.getByTestId('featvis-render').click();
    await page.getByTestId('featvis-picture').waitFor({ timeout: 300_000 });
    const made = (await page.getByTestId('featvis-made').textContent())!.replace(/\s+/g, ' ').trim();
    expect(made).toMatch(/^Made in [\d.]+ s on .+; objective (\d+\.\d+)\. · Export PNG$/);
    // The estimate (steady steps, plus the new channel's graph once) is about what the picture then
    // took: within 3× either way, as other tests share the machine (before the fix it was 3× high on
    // a quiet machine, from counting the first graph's compile and the JS warm-up as steps).
    const took = Number(/^Made in ([\d.]+) s/.exec(made)![1]);
    expect(took / Math.max(estimate, 0.1)).toBeGreaterThan(1 / 3);
    expect(took / Math.max(estimate, 0.1)).toBeLessThan(3);
    // Channel 5 responds to the grey start (many channels of random weights do not), so it climbs.
    expect(Number(/objective (\d+\.\d+)/.exec(made)![1])).toBeGreaterThan(0);
    // The picture is the network's input size, decoded from the PNG the engine sent.
    const size = await page
      .getByTestId('featvis-picture')
      .evaluate((i) => [(i as HTMLImageElement).naturalWidth, (i as HTMLImageElement).naturalHeight]);
    expect(size).toEqual([75, 75]);
    expect(await page.getByTestId('featvis-export').getAttribute('download')).toBe(
      'featvis-Mixed_5b_concat-c5.png',
    );
    await page.getByTestId('featvis-tab').scrollIntoViewIfNeeded();
    await screenshot(page, 'featvis-channel');

    await page.getByTestId('featvis-render').click();
    await servedFromCache(page);

    // The copied link reopens the Feature visualisation tab on the same channel and settings, and the
    // picture it asks for comes from the cache.
    const link = await copyLink(page);
    expect(link).toContain('explain=featvis');
    expect(link).toContain('fvsteps=100');
    const again = await reopenLink(browser.context, served, link, { width: 1280, height: 1000 });
    await activationRunDone(again);
    await again.getByTestId('featvis-tab').waitFor({ timeout: 30_000 });
    expect(await again.getByTestId('explain-tab-featvis').getAttribute('aria-selected')).toBe('true');
    expect(await again.getByTestId('featvis-steps').inputValue()).toBe('100');
    expect((await again.getByTestId('featvis-tab').textContent())!).toContain(`channel 5 of ${NODE}`);
    await again.getByTestId('featvis-render').click();
    await servedFromCache(again);
    await screenshot(again, 'featvis-reopened');
    await again.close();

    // Channel 2 is zero on every image for these random weights (the activation table's 100 % zeros):
    // off on the grey start too, so the picture is optimised before its ReLU, and the tab says so.
    await page.getByTestId('featvis-channel').fill('2');
    await page.getByTestId('featvis-channel').press('Enter');
    await page.getByTestId('featvis-steps').fill('8');
    await page.getByTestId('featvis-render').click();
    const note = page.getByTestId('featvis-pre-relu');
    await note.waitFor({ timeout: 120_000 });
    expect((await note.textContent())!).toMatch(
      /off \(zero, with no gradient\) on the grey starting picture.*value before the ReLU instead, channel \d+ of Mixed_5b\/Branch/s,
    );
    await note.scrollIntoViewIfNeeded();
    await screenshot(page, 'featvis-pre-relu');

    await page.getByTestId('explain-tab-deepdream').click();
    await page.getByTestId('dream-octaves').fill('2');
    await page.getByTestId('dream-iterations').fill('3');
    await page.getByTestId('dream-run').click();
    await page.getByTestId('dream-picture').waitFor({ timeout: 300_000 });
    const dream = await page
      .getByTestId('dream-picture')
      .evaluate((i) => [(i as HTMLImageElement).naturalWidth, (i as HTMLImageElement).naturalHeight]);
    expect(Math.max(...dream)).toBe(150); // twice the input on the longer side
    await page.getByTestId('deepdream-tab').scrollIntoViewIfNeeded();
    await screenshot(page, 'featvis-deepdream');
  }, 600_000);
});
