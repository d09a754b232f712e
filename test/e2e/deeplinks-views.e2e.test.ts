/**
 * Issue #14.3, the two views deeplinks.e2e.test.ts leaves out: Activations and the Glossary. The
 * state is set with the controls (a sample image, a node, the colour scale, a channel; a filter and a
 * chosen term), copied with "Copy link", and the link opened in a fresh tab shows the same state.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activationRunDone,
  openBrowser,
  screenshot,
  startServe,
  type Browser,
  type Served,
  copyLink,
  reopenLink,
} from './helpers.js';

// A reduced Inception-ResNet-v2 that runs in a second (as activations-view.e2e.test.ts uses).
const SMALL = 'network=inception_resnet_v2&width=0.03125&input=75&classes=10';

let served: Served;
let browser: Browser;

beforeAll(async () => {
  served = await startServe();
  browser = await openBrowser(`${served.url}#/activations?${SMALL}`);
  await browser.page.setViewportSize({ width: 1280, height: 800 });
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.origin });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

const reopen = (link: string) => reopenLink(browser.context, served, link, { width: 1280, height: 800 });

const runDone = (page: Page): Promise<void> => activationRunDone(page, 90_000);

describe('deep links round-trip Activations and the Glossary', () => {
  it('Activations: sample image, node, colour scale and enlarged channel', async () => {
    const { page } = browser;
    await page.getByTestId('activations').waitFor({ timeout: 60_000 });
    await page.getByTestId('sample-chelsea.png').click();
    await runDone(page);
    const node = (await page.locator('[data-testid="node-select"] option').nth(6).getAttribute('value'))!;
    await page.getByTestId('node-select').selectOption(node);
    await expect.poll(() => page.getByTestId('node-id').textContent()).toBe(node);
    await page.getByTestId('scale-layer').click();
    // The second tile of the channel grid: one and a half tiles in from the left.
    const grid = page.getByTestId('feature-grid');
    const [tw, th] = (await grid.getAttribute('data-tile'))!.split('x').map(Number);
    await grid.click({ position: { x: tw! * 1.5, y: th! / 2 } });
    const zoom = page.getByTestId('channel-zoom');
    await zoom.waitFor();
    const channel = await zoom.getAttribute('aria-label');
    expect(channel).toMatch(/[1-9]/);

    const link = await copyLink(page);
    expect(link).toMatch(/image=chelsea\.png/);
    const p = await reopen(link);
    await runDone(p);
    await expect.poll(() => p.getByTestId('node-id').textContent(), { timeout: 60_000 }).toBe(node);
    expect(await p.getByTestId('scale-layer').getAttribute('aria-checked')).toBe('true');
    await p.getByTestId('channel-zoom').waitFor({ timeout: 30_000 });
    expect(await p.getByTestId('channel-zoom').getAttribute('aria-label')).toBe(channel);
    await screenshot(p, 'deeplink-activations-reopened');
    await p.close();
  });

  it('Glossary: the filter and the chosen term', async () => {
    const { page } = browser;
    await page.evaluate(() => (location.hash = '#/glossary'));
    await page.getByTestId('glossary').waitFor();
    await page.getByTestId('glossary-filter').fill('factor');
    const shown = await page
      .locator('[data-term]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-term')));
    expect(shown.length).toBeGreaterThan(0);
    const term = shown[0]!;
    await page.getByTestId(`term-${term}`).click();
    await expect.poll(() => page.getByTestId(`term-${term}`).getAttribute('aria-pressed')).toBe('true');

    const link = await copyLink(page);
    const p = await reopen(link);
    await p.getByTestId('glossary').waitFor();
    expect(await p.getByTestId('glossary-filter').inputValue()).toBe('factor');
    expect(
      await p.locator('[data-term]').evaluateAll((els) => els.map((e) => e.getAttribute('data-term'))),
    ).toEqual(shown);
    expect(await p.getByTestId(`term-${term}`).getAttribute('aria-pressed')).toBe('true');
    expect(await p.locator(`[data-term="${term}"]`).getAttribute('class')).toContain('focus');
    await screenshot(p, 'deeplink-glossary-reopened');
    await p.close();
  });
});
