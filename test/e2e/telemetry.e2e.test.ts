/**
 * Per-module training telemetry as a user meets it (issue 16, item 5): two tiny runs started from the
 * form — Inception-v3 (an aux head) and Inception-ResNet-v1 with its residual scale set to 0 in the
 * recipe editor — and the Training view's telemetry panel: module gradient norms, the aux head's share
 * of the gradient where it attaches, and the dying-residual warning for the zero-scaled blocks only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, screenshot, startServe, type Browser, type Served } from './helpers.js';

let served: Served;
let browser: Browser;
const dataDir = mkdtempSync(join(tmpdir(), 'ie-telemetry-e2e-'));

beforeAll(async () => {
  process.env.INCEPTION_DATA_DIR = dataDir;
  served = await startServe();
  browser = await openBrowser(`${served.url}#/training`);
  await browser.page.setViewportSize({ width: 1280, height: 900 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  delete process.env.INCEPTION_DATA_DIR;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Training telemetry panel', () => {
  it('shows module norms and the aux share, and warns of the dying residual at scale 0', async () => {
    const { page } = browser;
    await page.getByTestId('new-runs').waitFor({ timeout: 30_000 });
    await page.getByTestId('more-settings').click();
    expect(await page.getByTestId('member-network').nth(0).inputValue()).toBe('inception_v3');
    expect(await page.getByTestId('member-network').nth(1).inputValue()).toBe('inception_resnet_v1');
    for (const i of [0, 1]) {
      await page.getByTestId('member-width').nth(i).fill('0.125');
      await page.getByTestId('member-input').nth(i).fill('75');
    }
    await page.getByTestId('data-kind').selectOption('shapes');
    await page.getByTestId('data-count').fill('40');
    await page.getByTestId('steps').fill('2');
    await page.getByTestId('batch').fill('4');
    const scale = page
      .getByTestId('recipe-editor')
      .filter({ hasText: 'Recipe of Inception-ResNet-v1' })
      .locator('label', { hasText: 'Residual scale (blank = released values)' })
      .locator('input');
    await scale.fill('0');
    await scale.press('Tab');
    await page.getByTestId('start-runs').click();

    const telemetry = page.getByTestId('telemetry');
    await telemetry.waitFor({ timeout: 60_000 });
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="run-card"][data-status="done"]').length === 2,
      undefined,
      { timeout: 600_000, polling: 1000 },
    );
    const picker = page.getByTestId('telemetry-run');
    const options = await picker.locator('option').allTextContents();
    expect(options).toHaveLength(2);

    // Inception-ResNet-v1 with every scaled residual at 0: each such block is flagged.
    await picker.selectOption({ index: options.findIndex((o) => /resnet|ResNet|v1/i.test(o)) });
    const dying = page.getByTestId('telemetry-dying');
    await dying.waitFor({ timeout: 30_000 });
    expect(await dying.textContent()).toMatch(
      /The residual branch is dying in \d+ block\(s\): block35_1, .*\(‖scale·branch‖ \/ ‖shortcut‖ at most 0,/,
    );
    // Every block35/17/8 but the last (unscaled) block8 is marked in the table.
    const marked = await page.locator('[data-testid="telemetry-row"].dying').allTextContents();
    expect(marked.length).toBeGreaterThan(3);
    expect(marked.every((r) => /^block(35|17|8)_/.test(r))).toBe(true);
    expect(await page.getByTestId('telemetry-step').textContent()).toMatch(/Step 1 · records: 1 ·/);
    await page.getByTestId('telemetry').scrollIntoViewIfNeeded();
    await screenshot(page, 'telemetry-dying');

    // Inception-v3: its aux head's share where it attaches, and no warning (no residual blocks).
    await picker.selectOption({ index: options.findIndex((o) => /v3/i.test(o)) });
    await page.getByTestId('telemetry-aux').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('telemetry-dying').count()).toBe(0);
    const aux = (await page.getByTestId('telemetry-aux').locator('tbody tr').first().textContent())!;
    expect(aux).toMatch(/AuxLogits\s*Mixed_6e.*\d+\.\d %/);
    const rows = await page.getByTestId('telemetry-row').allTextContents();
    expect(rows.some((r) => r.startsWith('Mixed_5b'))).toBe(true);
    expect(rows.some((r) => r.startsWith('AuxLogits'))).toBe(true);
    await page.getByTestId('telemetry').scrollIntoViewIfNeeded();
    await screenshot(page, 'telemetry-aux');
  }, 900_000);
});
