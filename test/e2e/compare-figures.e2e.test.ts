/**
 * Compare and Figures in Chromium against web mode, used as a user does (tabs, the pickers, clicks)
 * and read off the screen. Expected facts come from the papers, written out by hand:
 * GoogLeNet Table 1 (inception (3a)/(3b) at 28×28, (4a)–(4e) at 14×14); Inception-v4 paper
 * (arXiv:1602.07261) Figure 9 (4 × Inception-A, 7 × B, 3 × C), Figure 15 (5 / 10 / 5 residual
 * blocks), Figure 6 (one Filter concat), Figure 17 ("1x1 Conv (1154 Linear)" against Reduction-A's
 * 1152 outputs). Screenshots go to test-results/e2e/compare-*.png and figures-*.png.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, screenshot, startServe, type Browser, type Served } from './helpers.js';

let served: Served;
let browser: Browser;

beforeAll(async () => {
  served = await startServe();
  browser = await openBrowser(`${served.url}#/browse?network=inception_v3`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

/** The shell's Network picker, chosen as a user does. */
async function pickNetwork(page: Page, id: string) {
  await page.locator('label.picker select').selectOption(id);
}
const shellNetwork = (page: Page) => page.locator('label.picker select').inputValue();
const boxTexts = (page: Page, scope: string) =>
  page.$$eval(`${scope} [data-kind=box] text`, (ts) => ts.map((t) => t.textContent ?? ''));

describe('Compare', () => {
  it("puts GoogLeNet's 28×28 modules in the 28×28 · 35×35 row", async () => {
    const { page } = browser;
    await pickNetwork(page, 'googlenet');
    await expect.poll(() => shellNetwork(page), { timeout: 30_000 }).toBe('googlenet');
    await page.getByTestId('tab-compare').click();
    await page.getByTestId('compare-pick').selectOption('inception_v3');
    const table = page.getByTestId('compare-stages');
    await table.waitFor({ timeout: 60_000 });
    await expect
      .poll(() => table.locator('tbody tr').nth(1).textContent(), { timeout: 30_000 })
      .toMatch(/28×28 · 35×35.*inception3 \(2\).*28×28×480.*grid35 \(3\)/);
    // B is the network picked, not a late answer for the default: the totals say so too.
    expect(await page.getByTestId('compare-totals').textContent()).toContain('B · Inception-v3');
    expect(await table.locator('tbody tr').nth(2).textContent()).toMatch(
      /14×14 · 17×17.*\(6\).*14×14×832.*grid17 \(5\).*17×17×768/,
    );
    await screenshot(page, 'compare-grid-rows');
  }, 120_000);

  it('diffs v4 against Inception-ResNet-v2 module by module and keeps the two figures in step', async () => {
    const { page } = browser;
    await pickNetwork(page, 'inception_v4');
    await expect.poll(() => shellNetwork(page), { timeout: 30_000 }).toBe('inception_v4');
    await page.getByTestId('compare-pick').selectOption('inception_resnet_v2');
    const diff = page.getByTestId('compare-diff');
    await expect
      .poll(
        async () =>
          (await diff.locator('tbody tr').allTextContents()).filter((t) => /^Inception-B/.test(t)).length,
        {
          timeout: 60_000,
        },
      )
      .toBe(20);
    // The released IR-v2 (TF-slim) has 10 / 20 / 10 blocks, v4 4 / 7 / 3 (P4 Figure 9): 13 B blocks are added.
    const rows = await diff.locator('tbody tr').allTextContents();
    expect(rows.filter((t) => /^Inception-B.*added in B/.test(t))).toHaveLength(20 - 7);
    const redA = rows.find((t) => t.startsWith('Reduction-A'))!;
    // v4's Reduction-A outputs 384 + 256 + 384 = 1024 (P4 Table 1), the released IR-v2's 384 + 384 + 320 = 1088.
    expect(redA).toMatch(/17×17×1024.*17×17×1088.*changed: output, params, MACs/);

    // Click the third Inception-B block of v4: B follows to the third Block17.
    const third = diff.getByTestId('diff-a').filter({ hasText: 'Inception-B' }).nth(2);
    await third.click();
    await expect.poll(() => page.getByTestId('compare-pick-a').inputValue()).toBe('Mixed_6d');
    await expect.poll(() => page.getByTestId('compare-pick-b').inputValue()).toBe('block17_3');
    // And the other way: choosing Inception-ResNet-C block8_2 on B selects v4's Mixed_7c on A.
    await page.getByTestId('compare-pick-b').selectOption('block8_2');
    await expect.poll(() => page.getByTestId('compare-pick-a').inputValue()).toBe('Mixed_7c');
    await expect
      .poll(() => page.getByTestId('compare-fig-b').getByTestId('figure-title').textContent(), {
        timeout: 30_000,
      })
      .toMatch(/Inception-ResNet-C/);
    await expect
      .poll(() => page.getByTestId('compare-fig-a').getByTestId('figure-title').textContent(), {
        timeout: 30_000,
      })
      .toMatch(/Inception-C/);
    await page.getByTestId('compare-fig-b').getByTestId('figure-svg').waitFor({ timeout: 30_000 });
    await page.getByTestId('compare-figures').scrollIntoViewIfNeeded();
    await screenshot(page, 'compare-figures');
  }, 180_000);
});

describe('Figures', () => {
  it("colours boxes by operation with a key, prints v4 widths and marks Figure 17's misprint", async () => {
    const { page } = browser;
    await page.getByTestId('tab-figures').click();
    // The picker is on v4: the gallery shows a v4 figure.
    await expect
      .poll(() => page.getByTestId('figure-svg').getAttribute('data-figure'), { timeout: 60_000 })
      .toMatch(/Inception-v4/);
    await page.getByTestId('gallery-item').filter({ hasText: 'Inception-C' }).first().click();
    await expect
      .poll(() => page.getByTestId('figure-svg').getAttribute('data-figure'), { timeout: 30_000 })
      .toMatch(/Inception-C — Inception-v4/);
    const c = await boxTexts(page, '[data-testid=figure-svg]');
    expect(c.filter((t) => t === 'Filter concat')).toHaveLength(1);
    // Boxes take their operation's colour: a conv box and the concat differ, and the key lists both.
    const fills = await page.$$eval('[data-testid=figure-svg] [data-kind=box]', (gs) =>
      gs.map((g) => [
        g.querySelector('text')?.textContent ?? '',
        g.querySelector('rect')?.getAttribute('fill') ?? '',
      ]),
    );
    const fillOf = (label: RegExp) => fills.find(([t]) => label.test(t))?.[1];
    expect(fillOf(/^Filter concat$/)).toBeTruthy();
    expect(fillOf(/^1×1 Conv \(256\)$/)).toBeTruthy();
    expect(fillOf(/^Filter concat$/)).not.toBe(fillOf(/^1×1 Conv \(256\)$/));
    expect(fillOf(/Avg Pooling/)).not.toBe(fillOf(/^1×1 Conv \(256\)$/));
    const key = await page.getByTestId('figure-key').locator('li').allTextContents();
    expect(key).toEqual(expect.arrayContaining(['convolution (+ ReLU)', 'pooling', 'filter concat']));
    await screenshot(page, 'figures-v4-inception-c');

    // A figure of another network switches the Network picker to it.
    await page
      .locator('h3:has-text("Inception-ResNet-v2 · paper") + ul li', { hasText: 'Figure 17' })
      .getByTestId('gallery-item')
      .click();
    await expect.poll(() => shellNetwork(page), { timeout: 30_000 }).toBe('inception_resnet_v2');
    await expect
      .poll(() => page.getByTestId('figure-svg').getAttribute('data-figure'), { timeout: 30_000 })
      .toMatch(/Inception-ResNet-B — Inception-ResNet-v2/);
    const b = await boxTexts(page, '[data-testid=figure-svg]');
    expect(b).toContain('1×1 Conv (1152 Linear)');
    expect(b).toContain('printed: 1154 ✱');
    expect(b).toContain('Relu activation');
    expect((await page.getByTestId('figure-note').allTextContents()).join(' ')).toMatch(
      /Figure 17 prints 1154.*misprint.*1152/,
    );
    await screenshot(page, 'figures-ir2-fig17');
    // The exported SVG carries the same boxes, the misprint note and the colour key.
    const [dl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('figure-export-svg').click(),
    ]);
    const svg = readFileSync((await dl.path())!, 'utf8');
    expect(svg).toContain('1×1 Conv (1152 Linear)');
    expect(svg).toContain('printed: 1154 ✱');
    expect(svg).toContain('1×1 linear convolution');
    expect(svg).toContain('residual add (scaled)');

    // And the picker drives the gallery: picking GoogLeNet shows a GoogLeNet figure.
    await pickNetwork(page, 'googlenet');
    await expect
      .poll(() => page.getByTestId('figure-svg').getAttribute('data-figure'), { timeout: 30_000 })
      .toMatch(/GoogLeNet|naïve/);
    expect(browser.problems.filter((p) => !/favicon/.test(p))).toEqual([]);
  }, 180_000);

  it('lists no figure twice', async () => {
    const { page } = browser;
    const items = await page
      .getByTestId('figure-gallery')
      .evaluate((nav) =>
        [...nav.querySelectorAll('h3')].flatMap((h) =>
          [...(h.nextElementSibling?.querySelectorAll('button') ?? [])].map(
            (b) => `${h.textContent} | ${b.textContent}`,
          ),
        ),
      );
    expect(items.length).toBeGreaterThan(20);
    expect(new Set(items).size).toBe(items.length);
    expect(
      items.filter((t) => t.startsWith('Inception-ResNet-v2 · paper') && t.includes('Figure 19')),
    ).toHaveLength(1);
  });
});
