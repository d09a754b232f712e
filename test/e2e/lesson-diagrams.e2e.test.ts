/**
 * Issue #14.6: a lesson calculator's inputs redraw the diagram beside it, not only its numbers. Each
 * test types a value into a calculator as a user does and reads the drawn layers and grids back;
 * the expected boxes are worked out by hand from the papers' figures.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, screenshot, startServe, type Browser, type Served } from './helpers.js';

let served: Served;
let browser: Browser;

beforeAll(async () => {
  served = await startServe();
  browser = await openBrowser(`${served.url}#/lessons?lesson=7&step=1`);
  await browser.page.setViewportSize({ width: 1280, height: 900 });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

async function openStep(page: Page, lesson: number, step: number): Promise<void> {
  await page.evaluate((h) => (location.hash = h), `#/lessons?lesson=${lesson}&step=${step}`);
  await page
    .locator(`[data-testid=lessons][data-lesson="${lesson}"][data-step="${step}"]`)
    .waitFor({ timeout: 30_000 });
  await page.locator('[data-testid=live-loading]').waitFor({ state: 'detached', timeout: 60_000 });
}

/** The drawn boxes' labels of one column of a calculator's diagram, top to bottom, as on screen. */
function column(page: Page, id: string, index: number): Promise<string[]> {
  return page
    .getByTestId(`calc-diagram-${id}`)
    .locator(`[data-column="${index}"] [data-label]`)
    .evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));
}

describe('calculator diagrams follow the calculator (Chromium, web mode)', () => {
  it('lesson 7: n = 9 draws four stacked 3×3 convs', async () => {
    const { page } = browser;
    await openStep(page, 7, 1);
    expect(await column(page, 'l7', 1)).toEqual(['3×3 conv, 64', '3×3 conv, 64']);
    await page.getByTestId('input-l7-n').fill('9');
    await page.getByTestId('input-l7-c').fill('32');
    // (9 − 1) / 2 = 4 convs of 3×3 with the same 9×9 receptive field
    await expect.poll(() => column(page, 'l7', 1)).toEqual(Array(4).fill('3×3 conv, 32'));
    expect(await column(page, 'l7', 0)).toEqual(['9×9 conv, 32']);
  });

  it('lesson 8: n = 7 draws 1×7 then 7×1', async () => {
    const { page } = browser;
    await openStep(page, 8, 1);
    await page.getByTestId('input-l8-n').fill('7');
    await expect.poll(() => column(page, 'l8', 1)).toEqual(['1×7 conv', '7×1 conv']);
    expect(await column(page, 'l8', 0)).toEqual(['7×7 conv']);
  });

  it('lesson 9: a 16×16×10 grid redraws as 8×8 grids with 20 channels', async () => {
    const { page } = browser;
    await openStep(page, 9, 1);
    await page.getByTestId('input-l9-d').fill('16');
    await page.getByTestId('input-l9-k').fill('10');
    await expect
      .poll(() => column(page, 'l9', 1))
      .toEqual(['16×16×10', 'pool /2', '8×8×10', 'conv, 20', '8×8×20']);
    // the grids are drawn with as many cells per side as the grid has positions
    const cells = await page
      .getByTestId('calc-diagram-l9')
      .locator('[data-column="0"] [data-kind=grid]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-cells')));
    expect(cells).toEqual(['16', '16', '8']);
    const big = await page.getByTestId('calc-diagram-l9').locator('.grid').first().boundingBox();
    const small = await page
      .getByTestId('calc-diagram-l9')
      .locator('[data-column="1"] .grid')
      .nth(1)
      .boundingBox();
    expect(big!.width).toBeGreaterThan(1.8 * small!.width);
    await page.getByTestId('calc-diagram-l9').scrollIntoViewIfNeeded();
    await screenshot(page, 'lesson-09-grid-diagram');
  });

  it('lesson 2: the 1×1 reduce and the kernel follow the sliders', async () => {
    const { page } = browser;
    await openStep(page, 2, 2);
    await page.getByTestId('input-l2-k').fill('3');
    await page.getByTestId('input-l2-reduce').fill('24');
    await expect
      .poll(() => column(page, 'l2', 1))
      .toEqual(['28×28×192', '1×1 conv, 24', '3×3 conv, 32', '28×28×32']);
  });

  it('lesson 11: Reduction-A redraws its branches and output from k, l, m, n', async () => {
    const { page } = browser;
    await openStep(page, 11, 3);
    await page.getByTestId('input-l11-n').fill('100');
    await page.getByTestId('input-l11-m').fill('50');
    // 384 + 100 + 50 = 534 channels on the (35 − 3)/2 + 1 = 17 grid
    await expect.poll(() => column(page, 'l11', 0)).toContain('17×17×534');
    const drawn = await column(page, 'l11', 0);
    expect(drawn).toContain('3×3 conv, 100 /2');
    expect(drawn).toContain('3×3 conv, 50 /2');
    await page.getByTestId('calc-diagram-l11').scrollIntoViewIfNeeded();
    await screenshot(page, 'lesson-11-reduction-a-diagram');
  });

  it('lesson 1: widening draws wider layers', async () => {
    const { page } = browser;
    await openStep(page, 1, 1);
    await page.getByTestId('input-l1-c').fill('3');
    await expect.poll(() => column(page, 'l1', 1)).toEqual(['×3', '×3']);
    const [one, three] = await Promise.all(
      [0, 1].map((i) =>
        page
          .getByTestId('calc-diagram-l1')
          .locator(`[data-column="${i}"] [data-label]`)
          .first()
          .boundingBox(),
      ),
    );
    expect(three!.width).toBeGreaterThan(2 * one!.width);
  });
});
