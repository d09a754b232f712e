/**
 * Every view's state round-trips through "Copy link": the user sets the view up with the mouse, copies
 * the link from the top bar, and the link opened in a fresh tab shows the same thing. The copied link
 * is the app's own scheme, with no address or token in it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  copyLink,
  openBrowser,
  reopenLink,
  screenshot,
  startServe,
  type Browser,
  type Served,
} from './helpers.js';

let served: Served;
let browser: Browser;

beforeAll(async () => {
  served = await startServe();
  browser = await openBrowser(`${served.url}#/browse?network=inception_v3`);
  await browser.page.setViewportSize({ width: 1440, height: 900 });
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.origin });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

const reopen = (link: string) => reopenLink(browser.context, served, link);

const pressed = (page: Page, testid: string) => page.getByTestId(testid).getAttribute('aria-pressed');

describe('deep links round-trip every view', () => {
  it('Browse: the compared network, graph and convention', async () => {
    const { page } = browser;
    await page.locator('[data-testid=graph][data-state=ready]').waitFor({ timeout: 30_000 });
    await page.getByTestId('mode-training').click();
    await page.getByTestId('conv-keras').click();
    await page.getByTestId('tab-compare').click();
    await page.getByTestId('compare-pick').selectOption('googlenet');
    const link = await copyLink(page);
    expect(link).toMatch(/with=googlenet/);

    const p = await reopen(link);
    await expect.poll(() => pressed(p, 'tab-compare'), { timeout: 30_000 }).toBe('true');
    await expect
      .poll(() => p.getByTestId('compare-pick').inputValue(), { timeout: 30_000 })
      .toBe('googlenet');
    await p.getByTestId('tab-network').click();
    await expect.poll(() => pressed(p, 'conv-keras'), { timeout: 30_000 }).toBe('true');
    expect(await pressed(p, 'mode-training')).toBe('true');
    await p.close();
  });

  it('Browse: the figure shown and the width', async () => {
    const { page } = browser;
    await page.getByTestId('tab-network').click();
    await page.getByTestId('pick-width').selectOption('0.5');
    await page.getByTestId('tab-figures').click();
    await page.getByTestId('gallery-item').nth(3).click();
    const title = await page.getByTestId('figure-title').textContent();
    const link = await copyLink(page);

    const p = await reopen(link);
    await expect.poll(() => p.getByTestId('figure-title').textContent(), { timeout: 30_000 }).toBe(title);
    expect(await pressed(p, 'tab-figures')).toBe('true');
    await p.getByTestId('tab-network').click();
    expect(await p.getByTestId('pick-width').inputValue()).toBe('0.5');
    // The network on screen is the ×0.5 one, not only the picker.
    await expect
      .poll(async () => Number(await p.getByTestId('total-params').getAttribute('data-value')), {
        timeout: 30_000,
      })
      .toBeLessThan(10_000_000);
    await screenshot(p, 'deeplink-browse-figure');
    await p.close();
  });

  it('Lessons: lesson and step; no key of another view leaks in', async () => {
    const { page } = browser;
    // A pasted link (a hash change, not a reload: the app keeps each view's last state).
    await page.evaluate(
      () => (location.hash = '#/activations?network=googlenet&node=inception_4a%2Fbranch2'),
    );
    await page.getByRole('tab', { name: 'Lessons' }).click();
    await page.getByTestId('lesson-link-7').click();
    await page.getByTestId('lesson-next').click();
    await expect.poll(() => page.getByTestId('lesson-step').textContent()).toMatch(/^Step 2 of/);
    expect(page.url()).not.toContain('node=');
    const link = await copyLink(page);
    expect(link).not.toContain('node=');

    const p = await reopen(link);
    await expect
      .poll(() => p.getByTestId('lesson-number').textContent(), { timeout: 30_000 })
      .toBe('Lesson 7');
    expect(await p.getByTestId('lesson-step').textContent()).toMatch(/^Step 2 of/);
    await p.close();
  });

  it('Training: the chart options', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Training' }).click();
    await page.getByTestId('x-axis').selectOption('wall');
    await page.getByTestId('y-scale').selectOption('log');
    const link = await copyLink(page);

    const p = await reopen(link);
    await expect.poll(() => p.getByTestId('x-axis').inputValue(), { timeout: 30_000 }).toBe('wall');
    expect(await p.getByTestId('y-scale').inputValue()).toBe('log');
    await p.close();
  });

  it('a view comes back as it was left', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Browse' }).click();
    await expect.poll(() => pressed(page, 'tab-figures'), { timeout: 30_000 }).toBe('true');
    await page.getByRole('tab', { name: 'Training' }).click();
    await expect.poll(() => page.getByTestId('x-axis').inputValue(), { timeout: 30_000 }).toBe('wall');
  });
});
