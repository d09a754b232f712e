/**
 * Screenshots of issue #16's views at 1280×720 in English and Korean, driven as a user drives them:
 * `npx tsx scripts/screenshots-explain.ts [OUT]` (default docs/screens). GoogLeNet (torchvision
 * flavour, the published weights' network; seeded random weights, since published files cannot be
 * downloaded on an offline machine) on the bundled chelsea.png: Grad-CAM at inception (4c) with the
 * branch bar, a feature visualisation of channel 97, DeepDream, the receptive field of a centre
 * unit, lesson 3's branch step (on the Activations view's weights), and the Training view's
 * telemetry panel after a two-step run of two reduced networks. Each picture is computed once and
 * taken in both languages (the language is switched with the top bar's picker). Needs the built
 * renderer (`npm run build:renderer`) and Debian's Chromium, like the browser tests. Takes a few
 * minutes of CPU: the feature visualisation runs 64 steps, not the default 512.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runOnSample, openBrowser, pickCentreUnit, root, startServe } from '../test/e2e/helpers.js';
import { shooter } from './screens-shoot.js';

const out = process.argv[2] ?? join(root, 'docs', 'screens');
mkdirSync(out, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), 'ie-screens-'));
process.env.INCEPTION_DATA_DIR = dataDir; // the training run's files, removed at the end
const served = await startServe();
const browser = await openBrowser(`${served.url}#/activations?network=googlenet&flavour=torchvision`);
const LONG = { timeout: 600_000 };

const shoot = shooter(out);

try {
  const { page } = browser;
  await page.setViewportSize({ width: 1280, height: 720 });
  await runOnSample(page, LONG.timeout);
  await page.getByTestId('node-select').selectOption('inception4c/concat');

  // Attribution: Grad-CAM at the module, with the branch bar.
  await page.getByTestId('explain-method').selectOption('gradcam');
  await page.getByTestId('explain-run').click();
  await page.waitForFunction(
    () =>
      !document.querySelector('[data-testid="explain-progress"]') &&
      !!document.querySelector('[data-testid="explain-branches"]'),
    undefined,
    LONG,
  );
  await shoot(page, 'explain-attribution', 'explain-canvas');
  await shoot(page, 'explain-branches', 'explain-branches');

  // Feature visualisation of one channel of the module.
  await page.getByTestId('explain-tab-featvis').click();
  await page.getByTestId('featvis-channel').fill('97');
  await page.getByTestId('featvis-channel').press('Enter');
  await page.getByTestId('featvis-steps').fill('64');
  await page.getByTestId('featvis-render').click();
  await page.getByTestId('featvis-picture').waitFor(LONG);
  await shoot(page, 'explain-featvis', 'featvis-picture');

  // DeepDream at the module, two octaves.
  await page.getByTestId('explain-tab-deepdream').click();
  await page.getByTestId('dream-octaves').fill('2');
  await page.getByTestId('dream-iterations').fill('4');
  await page.getByTestId('dream-run').click();
  await page.getByTestId('dream-picture').waitFor(LONG);
  await shoot(page, 'explain-deepdream', 'dream-picture');

  // Receptive field of the centre unit of channel 0 (the 1×1 branch), with its effective field.
  await pickCentreUnit(page);
  await page.getByTestId('explain-tab-receptive').click();
  await page.getByTestId('rf-effective').waitFor(LONG);
  await shoot(page, 'explain-receptive', 'rf-canvas');

  // Lesson 3, step 4: the two branches side by side, on the weights the Activations view holds.
  await page.getByRole('tab', { name: 'Lessons' }).click();
  await page.evaluate(() => (location.hash = '#/lessons?lesson=3&step=4'));
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid="l3-look-map"]').length === 2,
    undefined,
    LONG,
  );
  await shoot(page, 'lesson-branches', 'l3-look');
  await page.evaluate(() => (location.hash = '#/lessons?lesson=3&step=4&present=1'));
  await page.waitForTimeout(2000);
  await shoot(page, 'lesson-branches-presenter', 'l3-looks');

  // Training telemetry: two reduced networks, two steps on the shapes data.
  await page.evaluate(() => (location.hash = '#/training'));
  await page.getByTestId('new-runs').waitFor({ timeout: 30_000 });
  await page.getByTestId('more-settings').click();
  for (const i of [0, 1]) {
    await page.getByTestId('member-width').nth(i).fill('0.125');
    await page.getByTestId('member-input').nth(i).fill('75');
  }
  await page.getByTestId('data-kind').selectOption('shapes');
  await page.getByTestId('data-count').fill('40');
  await page.getByTestId('steps').fill('2');
  await page.getByTestId('batch').fill('4');
  await page.getByTestId('start-runs').click();
  await page.getByTestId('telemetry').waitFor({ timeout: 60_000 });
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid="run-card"][data-status="done"]').length === 2,
    undefined,
    { ...LONG, polling: 1000 },
  );
  await page.getByTestId('telemetry-row').first().waitFor(LONG);
  await shoot(page, 'training-telemetry', 'telemetry');
} finally {
  await browser.close();
  await served.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
