/**
 * Lesson 3's last step as a user meets it, in Chromium against web mode: open the Lessons tab, pick
 * "The Inception module" in the lesson list, press Next to the step on where the 1×1 and the 5×5
 * branch of inception (4c) look, wait for both Grad-CAM maps, and read on screen each branch's share
 * of the class score (all four branches' shares sum to 100 %), the two receptive fields and the
 * weights note (no weights loaded: seeded random weights, said so). In English and Korean, with
 * screenshots test-results/e2e/lesson-branches-{en,ko}.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, screenshot, startServe, type Browser, type Served } from './helpers.js';

let served: Served;
let browser: Browser;

beforeAll(async () => {
  served = await startServe();
  browser = await openBrowser(`${served.url}#/browse`);
  await browser.page.setViewportSize({ width: 1280, height: 720 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

const pct = (s: string) => Number(/(-?[\d.]+) %/.exec(s)![1]);

/** Both maps drawn and the branch bar shown (the engine computes two Grad-CAMs, the split and two fields). */
async function bothMaps(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      document.querySelectorAll('[data-testid="l3-look-map"]').length === 2 &&
      !!document.querySelector('[data-testid="l3-looks"] [data-testid="explain-branches"]'),
    undefined,
    { timeout: 240_000 },
  );
}

/** Σ RGB of a canvas: a drawn map is not blank. */
const canvasSum = (page: Page, i: number) =>
  page
    .locator('[data-testid="l3-look-map"]')
    .nth(i)
    .evaluate((c) => {
      const el = c as HTMLCanvasElement;
      const d = el.getContext('2d')!.getImageData(0, 0, el.width, el.height).data;
      let s = 0;
      for (let k = 0; k < d.length; k += 4) s += d[k]! + d[k + 1]! + d[k + 2]!;
      return { s, w: el.width, h: el.height };
    });

describe('lesson 3: where the 1×1 and the 5×5 branch look', () => {
  it('opens the step from the lesson list, draws both maps and shows the branch shares', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Lessons' }).click();
    await page.getByTestId('lesson-link-3').click();
    await page.locator('[data-testid=lessons][data-lesson="3"][data-step="1"]').waitFor();
    for (let s = 2; s <= 4; s++) {
      await page.getByTestId('lesson-next').click();
      await page.locator(`[data-testid=lessons][data-lesson="3"][data-step="${s}"]`).waitFor();
    }
    expect(await page.getByTestId('lesson-step').textContent()).toBe('Step 4 of 4');
    expect(await page.getByTestId('lesson-title').textContent()).toBe('The Inception module');

    await bothMaps(page);
    // Nothing was loaded in the Activations view: random weights, and the step says what that means.
    expect(await page.getByTestId('l3-looks-weights').textContent()).toContain(
      'Weights: random weights (seed 1), torchvision GoogLeNet. Image: chelsea.png.',
    );
    expect(await page.getByTestId('l3-looks-random').textContent()).toMatch(/not learned evidence/);
    expect(await page.getByTestId('l3-looks-tv').textContent()).toMatch(/“5×5” branch is really a 3×3/);

    const looks = page.getByTestId('l3-look');
    expect(await looks.count()).toBe(2);
    expect(await looks.nth(0).locator('code').textContent()).toBe('inception4c/branch1/1x1');
    expect(await looks.nth(1).locator('code').textContent()).toBe('inception4c/branch3/5x5');

    // The four branches' shares on the bar sum to 100 %; the two figures repeat their branch's share.
    const rows = await page
      .locator('[data-testid="l3-looks"] [data-testid="explain-branch"]')
      .allTextContents();
    expect(rows).toHaveLength(4);
    const shares = rows.map(pct);
    expect(Math.abs(shares.reduce((a, b) => a + b, 0) - 100)).toBeLessThan(0.5);
    const own = await page.getByTestId('l3-look-share').allTextContents();
    expect(own.map(pct)).toEqual([shares[0], shares[2]]);

    // The theoretical field of the centre unit of (4c) along each branch, as the analysis gives it:
    // the 5×5 path reaches further than the 1×1 (a 3×3 in torchvision's flavour still adds 2 × 16 px).
    const fields = await page.getByTestId('l3-look-field').allTextContents();
    expect(fields).toHaveLength(2);
    const side = fields.map((f) => Number(/(\d+)×\d+ px/.exec(f)![1]));
    expect(side[1]! - side[0]!).toBe(32);

    // Both maps are drawn at the network's input size, over the image.
    for (const i of [0, 1]) {
      const c = await canvasSum(page, i);
      expect([c.w, c.h]).toEqual([224, 224]);
      expect(c.s).toBeGreaterThan(0);
    }
    await page.getByTestId('l3-looks').scrollIntoViewIfNeeded();
    await screenshot(page, 'lesson-branches-en');
    expect(browser.problems.filter((p) => !/favicon/.test(p))).toEqual([]);
  }, 300_000);

  it('shows what the same two branches respond to in a trained Inception-v3, with their fields', async () => {
    const { page } = browser;
    const pics = page.getByTestId('l3-pictures');
    await pics.waitFor({ timeout: 60_000 });
    for (const [id, node] of [
      ['b1x1', 'Mixed_5b/Branch_0/Conv2d_0a_1x1'],
      ['b5x5', 'Mixed_5b/Branch_1/Conv2d_0b_5x5'],
    ]) {
      const row = page.getByTestId(`l3-pictures-${id}`);
      expect(await row.locator('code').textContent()).toBe(node);
      // Six pictures a branch, each a decoded 299×299 image (the network's input size).
      const sizes = await row
        .getByTestId('l3-picture')
        .evaluateAll((imgs) =>
          Promise.all(
            (imgs as HTMLImageElement[]).map(
              async (img) => (await img.decode(), [img.naturalWidth, img.naturalHeight]),
            ),
          ),
        );
      expect(sizes).toEqual(Array(6).fill([299, 299]));
    }
    // The fields, by hand through Inception-v3's stem (rf += (k − 1)·jump, jump ×= stride):
    // 3×3/2 → 3 (jump 2), 3×3 → 7, 3×3 → 11, max 3×3/2 → 15 (jump 4), 1×1 → 15, 3×3 → 23,
    // max 3×3/2 → 31 (jump 8). The 1×1 branch keeps 31; its 5×5 adds 4·8 px: 63.
    const fields = await pics.getByTestId('l3-pictures-field').allTextContents();
    expect(fields[0]).toContain('31×31 px (1×1)');
    expect(fields[1]).toContain('63×63 px (1×1 → 5×5)');
    expect(await page.getByTestId('l3-pictures-credit').textContent()).toMatch(
      /nsfwjs 4\.4\.0 .*ImageNet weights/,
    );
    await pics.scrollIntoViewIfNeeded();
    await screenshot(page, 'lesson-branch-pictures-en');
  }, 120_000);

  it('says the same in Korean', async () => {
    const { page } = browser;
    await page.getByTestId('locale-switch').first().selectOption('ko');
    await bothMaps(page);
    expect(await page.getByTestId('lesson-step').textContent()).toMatch(/4/);
    expect(await page.getByTestId('l3-looks-random').textContent()).toMatch(/무작위 가중치/);
    const rows = await page
      .locator('[data-testid="l3-looks"] [data-testid="explain-branch"]')
      .allTextContents();
    expect(Math.abs(rows.map(pct).reduce((a, b) => a + b, 0) - 100)).toBeLessThan(0.5);
    await page.getByTestId('l3-looks').scrollIntoViewIfNeeded();
    await screenshot(page, 'lesson-branches-ko');
    await page.getByTestId('locale-switch').first().selectOption('en');
  }, 300_000);
});
