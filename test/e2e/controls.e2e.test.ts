/**
 * The controls as a user works them (issue: views that work the way a user expects): each test picks
 * with the mouse or the keyboard and reads what the screen shows, never a state set through a link.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, screenshot, startServe, type Browser, type Served } from './helpers.js';

let served: Served;
let browser: Browser;

beforeAll(async () => {
  served = await startServe();
  browser = await openBrowser(`${served.url}#/browse?network=inception_v3&flavour=released`);
  await browser.page.setViewportSize({ width: 1440, height: 900 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

describe('Browse: the flavour picker', () => {
  it('keeps the flavour the user picks, even when a deep link named another', async () => {
    const { page } = browser;
    const picker = page.getByTestId('pick-flavour');
    await expect.poll(() => picker.inputValue(), { timeout: 30_000 }).toBe('released');
    await page.locator('[data-testid=graph][data-state=ready]').waitFor({ timeout: 30_000 });
    await picker.click();
    await picker.selectOption('torchvision');
    // The pick holds after the reload it causes, and the link follows it.
    await expect.poll(() => page.url(), { timeout: 30_000 }).toContain('flavour=torchvision');
    await page.locator('[data-testid=graph][data-state=ready]').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1500);
    expect(await picker.inputValue()).toBe('torchvision');
    expect(page.url()).toContain('flavour=torchvision');
    await screenshot(page, 'controls-flavour-torchvision');
  });
});
