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

describe('the first screen', () => {
  it('says where to start, takes the user to Lesson 1, and stays closed once dismissed', async () => {
    const { context } = browser;
    const page = await context.newPage();
    await page.goto(served.url.replace(/#.*$/, ''));
    const welcome = page.getByTestId('welcome');
    await welcome.waitFor({ timeout: 30_000 });
    await screenshot(page, 'welcome');
    await page.getByTestId('welcome-lesson').click();
    await expect
      .poll(() => page.getByTestId('lesson-number').textContent(), { timeout: 30_000 })
      .toBe('Lesson 1');
    expect(await welcome.count()).toBe(0);

    await page.goto(served.url.replace(/#.*$/, ''));
    await page.getByTestId('welcome-dismiss').click();
    await page.reload();
    await page.getByTestId('copy-link').waitFor();
    await page.waitForTimeout(500);
    expect(await page.getByTestId('welcome').count()).toBe(0);
    await page.close();
  });

  it("'/' focuses the search from any view and any focus", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${served.url}#/lessons?lesson=2&step=1`);
    await page.getByTestId('lesson-next').click();
    await page.keyboard.press('/');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')), {
        timeout: 30_000,
      })
      .toBe('graph-search');
    expect(page.url()).toContain('#/browse');
    await page.close();
  });

  it('writes a count the same way in a lesson as in the tables (5.71G MACs for Inception-v3)', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${served.url}#/lessons?lesson=6&step=4`);
    const macs = page.locator('[data-check="l6-macs"]');
    await expect.poll(() => macs.getAttribute('data-computed'), { timeout: 30_000 }).toContain('(5.71G)');
    await page.close();
  });
});

describe('developer diagnostics', () => {
  it('are not in the main UI of an engine without test hooks', async () => {
    const plain = await startServe([], { INCEPTION_TEST_HOOKS: '' });
    const page = await browser.context.newPage();
    try {
      await page.goto(`${plain.url}#/browse`);
      await page.getByTestId('engine-pid').waitFor({ timeout: 30_000 });
      expect(await page.getByRole('button', { name: 'Diagnostics' }).count()).toBe(0);
    } finally {
      await page.close();
      await plain.stop();
    }
  });
});

describe('tables', () => {
  it('keep the name column in view when scrolled sideways, and the side panel folds away', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto(`${served.url}#/browse?network=inception_v3`);
    await page.locator('[data-testid=graph][data-state=ready]').waitFor({ timeout: 30_000 });
    const graphBefore = (await page.getByTestId('graph').boundingBox())!.width;
    await page.getByTestId('panel-toggle').click();
    await expect
      .poll(async () => (await page.getByTestId('graph').boundingBox())!.width, { timeout: 10_000 })
      .toBeGreaterThan(graphBefore + 250);

    const body = page.getByTestId('layer-table').locator('xpath=..');
    const name = page.locator('[data-testid=layer-table] tbody tr').nth(1).locator('td.name');
    const x0 = (await name.boundingBox())!.x;
    await page.getByTestId('panel-toggle').click();
    await body.evaluate((el) => (el.scrollLeft = 400));
    await page.waitForTimeout(200);
    expect(await body.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    expect(Math.abs((await name.boundingBox())!.x - x0)).toBeLessThan(2);
    await screenshot(page, 'table-scrolled-1024');
    await page.close();
  });

  it("put the paper table's explanation right under the row it explains", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${served.url}#/browse?network=googlenet&flavour=paper`);
    await page.getByTestId('paper-table-mode').click();
    const note = page.getByTestId('paper-row-note').first();
    await note.waitFor({ timeout: 30_000 });
    const above = note.locator('xpath=preceding-sibling::tr[1]');
    const a = (await above.boundingBox())!;
    const n = (await note.boundingBox())!;
    expect(n.y).toBeGreaterThanOrEqual(a.y + a.height - 1);
    expect(n.y - (a.y + a.height)).toBeLessThan(3);
    expect(await note.textContent()).toContain('2.7K');
    await page.close();
  });
});

describe('layout from 1024 px up', () => {
  for (const [w, h] of [
    [1024, 768],
    [1280, 720],
  ] as const) {
    it(`${w}×${h}: no view scrolls sideways, the top bar and the graph tools stay on one row`, async () => {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: w, height: h });
      for (const view of [
        'browse?network=inception_resnet_v2',
        'activations',
        'training',
        'lessons?lesson=3',
      ]) {
        await page.goto(`${served.url}#/${view}`);
        await page.getByTestId('copy-link').waitFor({ timeout: 30_000 });
        await page.waitForTimeout(800);
        const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(sideways, view).toBeLessThanOrEqual(0);
        const bar = (await page.locator('header.topbar').boundingBox())!;
        expect(bar.height, view).toBeLessThanOrEqual(49);
        const copy = (await page.getByTestId('copy-link').boundingBox())!;
        expect(copy.height, `${view}: Copy link on one line`).toBeLessThan(34);
        expect(copy.x + copy.width, view).toBeLessThanOrEqual(w);
      }
      await page.goto(`${served.url}#/browse?network=inception_v3`);
      const tools = page.locator('[role=toolbar]').first();
      await tools.waitFor({ timeout: 30_000 });
      expect((await tools.boundingBox())!.height).toBeLessThan(44);
      await screenshot(page, `layout-${w}x${h}`);
      await page.close();
    });
  }
});

describe('the graph at a glance', () => {
  it('wraps by default, folds its legend and map, and can take the whole view', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${served.url}#/browse?network=inception_resnet_v2`);
    await page.locator('[data-testid=graph][data-state=ready]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('wrap').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('wrap').textContent()).toBe('Wrap');

    const legendH = (await page.getByTestId('legend').boundingBox())!.height;
    await page.getByTestId('legend-toggle').click();
    expect((await page.getByTestId('legend').boundingBox())!.height).toBeLessThan(legendH / 2);
    const maps = () => page.locator('canvas.minimap').count();
    expect(await maps()).toBe(1);
    await page.getByTestId('minimap-toggle').click();
    expect(await maps()).toBe(0);

    const h0 = (await page.getByTestId('graph').boundingBox())!;
    await page.getByTestId('graph-only').click();
    await expect.poll(() => page.getByTestId('layer-table').count()).toBe(0);
    const h1 = (await page.getByTestId('graph').boundingBox())!;
    expect(h1.height).toBeGreaterThan(h0.height + 150);
    expect(h1.width).toBeGreaterThan(h0.width + 250);
    await screenshot(page, 'graph-only');
    await page.getByTestId('graph-only').click();
    await expect.poll(() => page.getByTestId('layer-table').count()).toBe(1);
    await page.close();
  });
});

describe('lessons', () => {
  it('a link to the last step does not finish a lesson; going on from it does', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${served.url}#/lessons?lesson=2&step=2`);
    await page.evaluate(() => localStorage.removeItem('inception-explorer.lessons.progress'));
    await page.reload();
    const progress = page.getByTestId('lessons-progress');
    await expect.poll(() => progress.textContent(), { timeout: 30_000 }).toMatch(/\b0 of 13\b/);
    await page.getByTestId('lesson-next').click();
    await expect.poll(() => progress.textContent()).toMatch(/\b1 of 13\b/);
    expect(await page.getByTestId('lesson-number').textContent()).toBe('Lesson 3');
    await page.close();
  });

  it('presenter mode zooms every step to fit the screen', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${served.url}#/lessons?lesson=3&step=2`);
    await page.getByTestId('presenter-start').click();
    const article = page.getByTestId('lesson-article');
    for (let i = 0; i < 2; i++) {
      await page.waitForTimeout(1500);
      const box = (await article.boundingBox())!;
      expect(box.height, `step ${i + 2}`).toBeLessThanOrEqual(722);
      expect(box.width).toBeLessThanOrEqual(1282);
      expect(Number(await article.getAttribute('data-zoom'))).toBeGreaterThan(0.3);
      if (i === 0) await screenshot(page, 'presenter-fit');
      await page.keyboard.press('ArrowRight');
    }
    await page.close();
  });
});

describe('semantic zoom', () => {
  it('keeps module names legible when zoomed out; details come back when zoomed in', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${served.url}#/browse?network=inception_resnet_v2&expand=all`);
    await page.locator('[data-testid=graph][data-state=ready]').waitFor({ timeout: 60_000 });
    await page.getByTestId('graph').focus();
    for (let i = 0; i < 8; i++) await page.keyboard.press('-');
    const names = page.locator('text[data-semantic=name]');
    // The zoom animates and the glyphs near the viewport are redrawn after it: wait for the far view.
    await expect.poll(() => names.count(), { timeout: 20_000 }).toBeGreaterThan(10);
    await page.waitForTimeout(800);
    const heights = await names.evaluateAll((els) =>
      els.slice(0, 20).map((e) => e.getBoundingClientRect().height),
    );
    for (const h of heights) expect(h).toBeGreaterThanOrEqual(9);
    await screenshot(page, 'semantic-zoom-out');
    const details = page.locator('[data-testid=graph] text:not([data-semantic])');
    const farNames = await names.count();
    const farDetails = await details.count();
    for (let i = 0; i < 16; i++) await page.keyboard.press('+');
    await expect.poll(() => names.count(), { timeout: 20_000 }).toBeLessThan(farNames);
    await expect.poll(() => details.count(), { timeout: 20_000 }).toBeGreaterThan(farDetails);
    await page.close();
  });
});

describe('the graph with a keyboard and a screen reader', () => {
  it('Tab reaches the graph, the arrows move the selection, and each move is announced', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${served.url}#/browse?network=googlenet&flavour=paper`);
    await page.locator('[data-testid=graph][data-state=ready]').waitFor({ timeout: 30_000 });
    // From the search box, Tab moves on through the toolbar to the graph.
    await page.getByTestId('graph-search').focus();
    let reached = false;
    for (let i = 0; i < 20 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'graph');
    }
    expect(reached).toBe(true);
    expect(await page.getByTestId('graph').getAttribute('aria-label')).toMatch(/arrows move/);
    await page.keyboard.press('ArrowDown');
    const live = page.getByTestId('graph-announce');
    await expect.poll(() => live.textContent(), { timeout: 10_000 }).toMatch(/output \d+(×\d+)*/);
    const first = await live.textContent();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => live.textContent()).not.toBe(first);
    expect(await live.getAttribute('aria-live')).toBe('polite');
    await page.close();
  });
});

describe('lesson 13', () => {
  it('draws the preset’s measured curves, two runs that part', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${served.url}#/lessons?lesson=13&step=2`);
    const chart = page.getByTestId('l13-measured');
    await chart.waitFor({ timeout: 30_000 });
    const c = page.getByTestId('l13-chart');
    await expect.poll(() => c.getAttribute('data-series'), { timeout: 10_000 }).toBe('2');
    expect(Number(await c.getAttribute('data-points'))).toBeGreaterThanOrEqual(20);
    await screenshot(page, 'l13-measured');
    await page.close();
  });
});
