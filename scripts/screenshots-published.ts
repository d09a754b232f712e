/**
 * Issue #16's views on published weights, driven as a user drives them:
 * `npx tsx scripts/screenshots-published.ts [OUT]` (default docs/screens). The weights are the Keras
 * InceptionV3 of the npm package nsfwjs (scripts/published-backbone.mjs makes its model.json): its
 * convs up to mixed5 are Keras' ImageNet kernels, frozen when it was fine-tuned, so Mixed_5b–Mixed_6c
 * respond as an ImageNet Inception-v3 does. Its head is its own, so the app loads it as a backbone with
 * a random classifier: class attributions mean nothing there, so the attribution shot explains a channel.
 *
 * Shots: the weights panel with the backbone's notes, the feature visualisations of Mixed_5b's 1×1
 * and 5×5 branch channels, Grad-CAM at Mixed_5d for a channel of Mixed_6c (the target a backbone
 * can have), DeepDream at Mixed_5d, and the receptive field of a Mixed_5b unit. The
 * feature-visualisation pictures are also written, as the app made them, to
 * assets/lessons/branch-pictures/ for lesson 3 (BranchPictures.svelte). Needs the built renderer
 * and Debian's Chromium. Takes about ten minutes of CPU.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  activationRunDone,
  runOnSample,
  openBrowser,
  pickCentreUnit,
  publishedBackboneFiles,
  root,
  startServe,
} from '../test/e2e/helpers.js';
import { shooter } from './screens-shoot.js';
import { BRANCH_PICTURES } from '../src-renderer/views/lessons/branch-pictures.js';

const out = process.argv[2] ?? join(root, 'docs', 'screens');
const pictures = join(root, 'assets', 'lessons', 'branch-pictures');
mkdirSync(out, { recursive: true });
mkdirSync(pictures, { recursive: true });
const files = publishedBackboneFiles();
const served = await startServe();
const browser = await openBrowser(`${served.url}#/activations?network=inception_v3&flavour=released`);
const LONG = { timeout: 900_000 };

const shoot = shooter(out, 'published-');

/** The rendered picture, re-encoded by the browser as WebP (a tenth of the PNG's size) for the lesson. */
async function savePicture(page: Page, file: string): Promise<void> {
  const dataUrl = await page.getByTestId('featvis-picture').evaluate((img: HTMLImageElement) => {
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    c.getContext('2d')!.drawImage(img, 0, 0);
    return c.toDataURL('image/webp', 0.85);
  });
  writeFileSync(file, Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));
  console.log(file);
}

try {
  const { page } = browser;
  await page.setViewportSize({ width: 1280, height: 720 });
  await runOnSample(page, LONG.timeout);

  // Open the published model.json and its shards with the file picker.
  await page.getByTestId('weights-choice-file').click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('weights-load').click();
  await (await chooser).setFiles(files);
  await page.locator('[data-testid="weights-info"][data-kind="file"]').waitFor(LONG);
  await activationRunDone(page, LONG.timeout);
  await page.getByTestId('node-select').selectOption('Mixed_5b/concat');
  await activationRunDone(page, LONG.timeout);
  await shoot(page, 'weights', 'weights-info');

  // Feature visualisation of the 1×1 and the 5×5 branch channels the lesson shows.
  await page.getByTestId('explain-tab-featvis').click();
  for (const b of BRANCH_PICTURES.branches) {
    await page.getByTestId('node-select').selectOption(b.node);
    for (const c of b.channels) {
      await page.getByTestId('featvis-channel').fill(String(c));
      await page.getByTestId('featvis-channel').press('Enter');
      await page.getByTestId('featvis-steps').fill(String(BRANCH_PICTURES.steps));
      const before = await page
        .getByTestId('featvis-picture')
        .getAttribute('src')
        .catch(() => null);
      await page.getByTestId('featvis-render').click();
      // Done: a new picture, and no render in flight.
      await page.waitForFunction(
        (old) => {
          const img = document.querySelector('[data-testid="featvis-picture"]');
          return (
            !!img &&
            img.getAttribute('src') !== old &&
            !document.querySelector('[data-testid="featvis-cancel"]')
          );
        },
        before,
        LONG,
      );
      await savePicture(page, join(pictures, `${b.id}-${c}.webp`));
    }
    await shoot(page, `featvis-${b.id}`, 'featvis-picture');
  }

  // Attribution without a classifier: channel 5 of Mixed_6c as the target, Grad-CAM at Mixed_5d.
  await page.getByTestId('node-select').selectOption('Mixed_6c/concat');
  await activationRunDone(page, LONG.timeout);
  await page.getByTestId('explain-tab-attribution').click();
  await page.getByTestId('explain-target').selectOption('channel');
  await page.getByTestId('explain-target-channel').fill('5');
  await page.getByTestId('node-select').selectOption('Mixed_5d/concat');
  await activationRunDone(page, LONG.timeout);
  await page.getByTestId('explain-method').selectOption('gradcam');
  await page.getByTestId('explain-run').click();
  await page.getByTestId('explain-canvas').waitFor(LONG);
  await shoot(page, 'attribution-channel', 'explain-canvas');

  // DeepDream at Mixed_5d, three octaves.
  await page.getByTestId('node-select').selectOption('Mixed_5d/concat');
  await page.getByTestId('explain-tab-deepdream').click();
  await page.getByTestId('dream-octaves').fill('3');
  await page.getByTestId('dream-iterations').fill('8');
  await page.getByTestId('dream-run').click();
  await page.getByTestId('dream-picture').waitFor(LONG);
  await shoot(page, 'deepdream', 'dream-picture');

  // Receptive field of a centre unit of Mixed_5b, with its effective field.
  await page.getByTestId('node-select').selectOption('Mixed_5b/concat');
  await activationRunDone(page, LONG.timeout);
  await pickCentreUnit(page);
  await page.getByTestId('explain-tab-receptive').click();
  await page.getByTestId('rf-effective').waitFor(LONG);
  await shoot(page, 'receptive', 'rf-canvas');
} finally {
  await browser.close();
  await served.stop();
}
