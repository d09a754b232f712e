/**
 * Screenshots of every view at the three sizes the app is reviewed at, in English and Korean:
 * `npx tsx scripts/screenshots.ts [OUT]` (default test-results/screens). Needs the built renderer
 * (`npm run build:renderer`) and Debian's Chromium, like the browser tests. The language is chosen
 * with the top bar's picker, as a user would.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openBrowser, root, startServe } from '../test/e2e/helpers.js';

const VIEWS: [string, string][] = [
  ['browse', 'browse?network=inception_v3'],
  ['activations', 'activations?network=googlenet'],
  ['training', 'training'],
  ['lessons', 'lessons?lesson=3&step=2'],
  // A calculator with the diagram its inputs draw (issue #14.6), and the glossary.
  ['lesson-calculator', 'lessons?lesson=9&step=2'],
  ['glossary', 'glossary?q=factor'],
];
const SIZES: [number, number][] = [
  [1440, 900],
  [1280, 720],
  [1024, 768],
];

const out = process.argv[2] ?? join(root, 'test-results', 'screens');
mkdirSync(out, { recursive: true });
const served = await startServe();
const browser = await openBrowser(`${served.url}#/browse`);
try {
  const { page } = browser;
  for (const locale of ['en', 'ko']) {
    await page.getByTestId('locale-switch').selectOption(locale);
    for (const [name, hash] of VIEWS) {
      for (const [w, h] of SIZES) {
        await page.setViewportSize({ width: w, height: h });
        await page.goto(`${served.url}#/${hash}`);
        await page.getByTestId('copy-link').waitFor({ timeout: 30_000 });
        await page.waitForTimeout(2500);
        const file = join(out, `${name}-${w}x${h}-${locale}.png`);
        await page.screenshot({ path: file });
        console.log(file);
      }
    }
  }
} finally {
  await browser.close();
  await served.stop();
}
