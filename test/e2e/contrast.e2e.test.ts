/**
 * Issue #14.16: every view's visible text meets WCAG AA contrast (4.5:1, 3:1 for large text), in
 * English and Korean. The app has one (light) theme. The audit (contrast-audit.ts) reads colours
 * with getComputedStyle and what is painted behind each text with elementsFromPoint; each view is
 * opened the way a user opens it (top-bar tabs, the Browse tabs) and photographed.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditContrast, type ContrastFailure } from './contrast-audit.js';
import { openBrowser, screenshot, startServe, type Browser, type Served } from './helpers.js';

let served: Served;
let browser: Browser;

beforeAll(async () => {
  served = await startServe();
  browser = await openBrowser(`${served.url}#/`);
  await browser.page.setViewportSize({ width: 1280, height: 720 });
  // vitest's transform names functions with a helper the page does not have.
  await browser.page.evaluate(() => {
    (globalThis as unknown as { __name: unknown }).__name = (f: unknown) => f;
  });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

interface Screen {
  name: string;
  hash: string;
  /** Waits until the screen shows what a user came for; may click as the user does. */
  ready: (page: Page) => Promise<void>;
}

const settle = (page: Page) => page.waitForTimeout(800);
const SCREENS: Screen[] = [
  {
    name: 'browse-graph',
    hash: '#/browse?network=inception_v3',
    ready: async (p) => {
      await p.locator('[data-testid=graph] [data-kind=box]').first().waitFor({ timeout: 60_000 });
      // A selected box fills the side panel with its details (chosen with the keyboard).
      await p.getByTestId('graph').focus();
      for (let i = 0; i < 4; i++) await p.keyboard.press('ArrowDown');
      await p.getByTestId('panel-title').waitFor();
    },
  },
  {
    name: 'browse-figures',
    hash: '#/browse?network=inception_v3',
    ready: async (p) => {
      await p.getByTestId('tab-figures').click();
      await p.getByTestId('figure-svg').first().waitFor({ timeout: 60_000 });
    },
  },
  {
    name: 'browse-compare',
    hash: '#/browse?network=inception_v3',
    ready: async (p) => {
      await p.getByTestId('tab-compare').click();
      await p.locator('[data-testid=compare] table').first().waitFor({ timeout: 60_000 });
    },
  },
  {
    name: 'activations',
    hash: '#/activations?network=googlenet',
    ready: (p) => p.getByTestId('activations').waitFor({ timeout: 60_000 }),
  },
  { name: 'training', hash: '#/training', ready: (p) => p.getByTestId('training-view').waitFor() },
  {
    name: 'lesson-4-table',
    hash: '#/lessons?lesson=4&step=3',
    ready: (p) => p.getByTestId('l4-table').waitFor({ timeout: 60_000 }),
  },
  {
    name: 'lesson-9-calculator',
    hash: '#/lessons?lesson=9&step=2',
    ready: (p) => p.getByTestId('calc-diagram-l9').waitFor({ timeout: 60_000 }),
  },
  { name: 'glossary', hash: '#/glossary', ready: (p) => p.getByTestId('glossary').waitFor() },
];

describe('contrast of every view (Chromium, web mode)', () => {
  it('all visible text meets WCAG AA in English and Korean', async () => {
    const { page } = browser;
    const failures: (ContrastFailure & { screen: string })[] = [];
    let checked = 0;
    const audit = async (screen: string) => {
      const report = await auditContrast(page);
      checked += report.checked;
      failures.push(...report.failures.map((f) => ({ ...f, screen })));
      await screenshot(page, `contrast-${screen}`);
      // A pale pane would pass with nothing read: each screen has text to check.
      expect(report.checked, screen).toBeGreaterThan(10);
    };
    // The first screen's welcome, in both languages; then it is closed, as a user would, to read the views.
    await page.getByTestId('welcome').waitFor();
    for (const locale of ['en', 'ko'] as const) {
      await page.getByTestId('locale-switch').first().selectOption(locale);
      await settle(page);
      await audit(`welcome-${locale}`);
    }
    await page.getByTestId('welcome-close').click();
    for (const locale of ['en', 'ko'] as const) {
      await page.getByTestId('locale-switch').first().selectOption(locale);
      for (const s of SCREENS) {
        await page.evaluate((h) => (location.hash = h), s.hash);
        await s.ready(page);
        await page.locator('[data-testid=live-loading]').waitFor({ state: 'detached', timeout: 60_000 });
        await settle(page);
        await audit(`${s.name}-${locale}`);
      }
    }
    console.log(`contrast: ${checked} text runs checked, ${failures.length} below AA`);
    for (const f of failures)
      console.log(`  ${f.screen}: "${f.text}" ${f.fg} on ${f.bg} = ${f.ratio} < ${f.needed} (${f.where})`);
    expect(failures).toEqual([]);
  });
});
