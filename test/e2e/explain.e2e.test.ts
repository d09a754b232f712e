/**
 * The Explain panel's Attribution tab as a user meets it, in Chromium, on a reduced Inception-v3:
 * pick a sample image, step to a module (an inception concat) in the node panel, pick Grad-CAM,
 * press Explain, and read the faithfulness figure and the branches' shares on the screen; then the
 * vanilla gradient of the input pixels. Screenshots: test-results/e2e/explain-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activationRunDone,
  openBrowser,
  screenshot,
  startServe,
  type Browser,
  type Served,
} from './helpers.js';

let served: Served;
let browser: Browser;
const NETWORK = 'network=inception_v3&width=0.25&input=139&classes=10';
const NODE = 'Mixed_6e/concat';

beforeAll(async () => {
  served = await startServe();
  browser = await openBrowser(`${served.url}#/activations?${NETWORK}`);
  await browser.page.setViewportSize({ width: 1280, height: 900 });
  await browser.page.getByTestId('activations').waitFor({ timeout: 60_000 });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

/** Waits for the Explain button to be usable again and the figure of a finished map to be shown. */
async function explained(): Promise<string> {
  const { page } = browser;
  await page.waitForFunction(
    () =>
      !document.querySelector('[data-testid="explain-progress"]') &&
      !!document.querySelector('[data-testid="explain-faithfulness"]'),
    undefined,
    { timeout: 180_000 },
  );
  return (await page.getByTestId('explain-faithfulness').textContent()) ?? '';
}

describe('Explain panel: attribution', () => {
  it('asks for a run first, then gives a Grad-CAM with its faithfulness and branch shares', async () => {
    const { page } = browser;
    await page.getByTestId('explain-panel').waitFor();
    expect(await page.getByTestId('explain-need-run').textContent()).toMatch(/Run an image/);

    await page.getByTestId('sample-chelsea.png').click();
    await activationRunDone(page);
    await page.getByTestId('node-select').selectOption(NODE);
    await page.waitForFunction(
      (want) => document.querySelector('[data-testid="explain-node"]')?.textContent === want,
      NODE,
    );
    await page.getByTestId('explain-method').selectOption('gradcam');
    await page.getByTestId('explain-estimate').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('explain-estimate').textContent()).toMatch(
      /^5 passes on (ONNX Runtime \(cpu\)|tfjs \(wasm\))$/,
    );

    await page.getByTestId('explain-run').click();
    const figure = await explained();
    expect(figure).toMatch(
      /^Faithfulness: removing the top 20 % of pixels takes the class from [\d.]+ % to [\d.]+ % \(drop -?[\d.]+ %\); 20 % random pixels: drop -?[\d.]+ %\.$/,
    );
    expect(await page.getByTestId('explain-what').textContent()).toBe(
      `Grad-CAM for class ${await topClass()} at ${NODE}`,
    );
    // Mixed_6e has four branches: each one's share, summing to 100 %.
    const shares = await page.getByTestId('explain-branch').allTextContents();
    expect(shares).toHaveLength(4);
    const total = shares.map((s) => Number(/(-?[\d.]+) %/.exec(s)![1])).reduce((a, b) => a + b, 0);
    expect(Math.abs(total - 100)).toBeLessThan(0.5);
    // The map is drawn over the image at the network's input size.
    const size = await page
      .getByTestId('explain-canvas')
      .evaluate((c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]);
    expect(size).toEqual([139, 139]);
    expect(await page.getByTestId('explain-estimate').textContent()).toMatch(
      /^5 passes, about [\d.]+ s on (ONNX Runtime \(cpu\)|tfjs \(wasm\))$/,
    );
    await page.getByTestId('explain-branches').scrollIntoViewIfNeeded();
    await screenshot(page, 'explain-gradcam');

    // The opacity slider changes the picture.
    const before = await pixelSum();
    await page.getByTestId('explain-opacity').fill('0.9');
    await page.waitForFunction((old) => {
      const c = document.querySelector('[data-testid="explain-canvas"]') as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let s = 0;
      for (let i = 0; i < d.length; i++) s += d[i]!;
      return s !== old;
    }, before);
  });

  it('explains the input pixels with the vanilla gradient, for a class picked from the top 5 or searched', async () => {
    const { page } = browser;
    await page.getByTestId('explain-method').selectOption('gradient');
    expect(await page.getByTestId('explain-node').textContent()).toBe(NODE);
    const second = await page.locator('[data-testid="explain-class"] option').nth(2).getAttribute('value');
    await page.getByTestId('explain-class').selectOption(second!);
    await page.getByTestId('explain-run').click();
    await page.waitForFunction(
      (cls) =>
        document.querySelector('[data-testid="explain-what"]')?.textContent ===
        `Vanilla gradient for class ${cls} at input`,
      second,
      { timeout: 180_000 },
    );
    expect(await explained()).toMatch(/^Faithfulness: /);
    expect(await page.getByTestId('explain-cost').textContent()).toMatch(
      /^5 passes in [\d.]+ s on (ONNX Runtime|tfjs)/,
    );
    await page.getByTestId('explain-cost').scrollIntoViewIfNeeded();
    await screenshot(page, 'explain-gradient');
    // Any class by its number (random weights have no class names to search).
    await page.getByTestId('explain-class-search').fill('7');
    await page.getByTestId('explain-class-matches').getByRole('button').first().click();
    expect(await page.getByTestId('explain-class').inputValue()).toBe('7');
    expect(browser.problems).toEqual([]);
  });
});

async function topClass(): Promise<string> {
  const v = await browser.page.locator('[data-testid="explain-class"] option').nth(1).getAttribute('value');
  return v!;
}

async function pixelSum(): Promise<number> {
  return browser.page.getByTestId('explain-canvas').evaluate((c) => {
    const cv = c as HTMLCanvasElement;
    const d = cv.getContext('2d')!.getImageData(0, 0, cv.width, cv.height).data;
    let s = 0;
    for (let i = 0; i < d.length; i++) s += d[i]!;
    return s;
  });
}
