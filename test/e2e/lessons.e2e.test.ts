/**
 * The lessons in Chromium against web mode: every lesson and step opens in both languages (with a
 * screenshot), the live numbers equal the papers' (expected values typed from the papers (docs/papers.md) into
 * test/fixtures/lessons-paper.json, never read from the app), calculators recompute, presenter keys
 * work, and a deep link restores the exact view.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, root, startServe, type Browser, type Served } from './helpers.js';

const paper = JSON.parse(readFileSync(join(root, 'test/fixtures/lessons-paper.json'), 'utf8'));
const shots = join(root, 'test-results', 'screenshots');
// Steps per lesson, from the lesson plan as built (lesson 1 … 13).
const STEPS = [3, 2, 4, 3, 3, 4, 2, 2, 3, 4, 3, 3, 3];

let served: Served;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  served = await startServe();
  browser = await openBrowser(`${served.url}#/lessons?lesson=1&step=1`);
  await browser.page.setViewportSize({ width: 1360, height: 900 });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

/** Goes to a lesson step by deep link and waits until its live numbers are computed. */
async function openStep(page: Page, lesson: number, step: number): Promise<void> {
  await page.evaluate((h) => (location.hash = h), `#/lessons?lesson=${lesson}&step=${step}`);
  await page
    .locator(`[data-testid=lessons][data-lesson="${lesson}"][data-step="${step}"]`)
    .waitFor({ timeout: 30_000 });
  await page.locator('[data-testid=live-loading]').waitFor({ state: 'detached', timeout: 60_000 });
}

/** A computed value: a row of a paper check, or a worked-out value shown outside the checks. */
async function computed(page: Page, id: string): Promise<string> {
  const el = page.locator(`[data-check="${id}"], [data-calc="${id}"]`).first();
  await el.waitFor({ state: 'attached', timeout: 30_000 });
  return (await el.getAttribute('data-computed')) ?? (await el.getAttribute('data-value')) ?? '';
}

const int = (s: string) => Number(s.replace(/[^\d.-]/g, ''));

describe('lessons in Chromium (web mode)', () => {
  it('opens every lesson and step in English and Korean, with screenshots', async () => {
    const { page } = browser;
    // The lesson scrolls inside the shell; let the page grow instead so that full-page pictures show all of it.
    const grow = await page.addStyleTag({
      content: '.shell, .view, .lessons, .lesson { height: auto !important; overflow: visible !important; }',
    });
    for (const lang of ['en', 'ko'] as const) {
      await page.getByTestId('locale-switch').first().selectOption(lang);
      for (let n = 1; n <= 13; n++) {
        for (let s = 1; s <= STEPS[n - 1]; s++) {
          await openStep(page, n, s);
          const title = (await page.getByTestId('lesson-title').textContent()) ?? '';
          expect(title.trim().length, `lesson ${n} title`).toBeGreaterThan(0);
          // Korean pages must show Hangul in the lesson text, English pages none.
          const text = await page.locator('article.lesson .text').innerText();
          expect(/[\uac00-\ud7a3]/.test(text), `${lang} lesson ${n}.${s}`).toBe(lang === 'ko');
          // The picture once every graph on the step has its layout (and two frames are drawn).
          await page.waitForFunction(
            () => !document.querySelector('[data-testid=graph]:not([data-state=ready])'),
            undefined,
            { timeout: 30_000 },
          );
          await page.evaluate(
            () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
          );
          await page.screenshot({
            path: join(shots, `${lang}-lesson-${String(n).padStart(2, '0')}-step-${s}.png`),
            fullPage: true,
          });
        }
      }
    }
    await page.getByTestId('locale-switch').first().selectOption('en');
    await grow.evaluate((el) => (el as Element).remove());
    expect(browser.problems.filter((p) => !/favicon/.test(p))).toEqual([]);
  }, 600_000);

  it('GoogLeNet: depth 22, Table 1 rows and the auxiliary heads', async () => {
    const { page } = browser;
    await openStep(page, 1, 3);
    expect(await computed(page, 'l1-depth')).toBe(String(paper.googlenet.depth));
    await openStep(page, 4, 2);
    await page.getByTestId('paper-table').locator('table').waitFor({ timeout: 30_000 });
    await openStep(page, 4, 3);
    for (const r of paper.googlenet.table1) {
      const row = page.locator(`[data-testid=l4-table] tr[data-row="${r.row}"]`);
      expect(await row.locator('[data-col=output]').textContent(), r.row).toBe(r.output);
      expect(Number(await row.locator('[data-col=depth]').textContent()), r.row).toBe(r.depth);
      for (const k of ['n1', 'r3', 'n3', 'r5', 'n5', 'pp']) {
        const cell = ((await row.locator(`[data-col=${k}]`).textContent()) ?? '').trim();
        expect(cell, `${r.row} ${k}`).toBe(r[k] === undefined ? '' : String(r[k]));
      }
    }
    expect(await computed(page, 'l4-depth')).toBe('22');
    await openStep(page, 5, 1);
    const attach = await computed(page, 'l5-attach');
    for (const m of paper.googlenet.auxAttach) expect(attach).toContain(m);
    expect(await computed(page, 'l5-weight')).toBe(
      `${paper.googlenet.auxWeight}, ${paper.googlenet.auxWeight}`,
    );
    expect(await computed(page, 'l5-pool')).toBe(paper.googlenet.auxPool.join(', '));
  });

  it('Rethinking: 28%, 33%, 11%, 2d²k² against 2(d/2)²k², label smoothing', async () => {
    const { page } = browser;
    const r = paper.rethinking;
    await openStep(page, 7, 1);
    expect(await computed(page, 'l7-saving')).toBe(r.factorise5x5.saving);
    expect(await computed(page, 'l7-taps')).toBe(`${r.factorise5x5.before} : ${r.factorise5x5.after}`);
    expect(await computed(page, 'l7-ratio')).toBe(`${r.cost5over3}×`);
    await openStep(page, 8, 1);
    expect(await computed(page, 'l8-three')).toBe(r.asymmetric3x3);
    expect(await computed(page, 'l8-two')).toBe(r.twoByTwo);
    await openStep(page, 9, 1);
    const { d, k } = r.gridReduction;
    // The paper's formulas, evaluated here: 2d²k² and 2(d/2)²k².
    const convFirst = int(await computed(page, 'l9-convpool'));
    const poolFirst = int(await computed(page, 'l9-poolconv'));
    expect(convFirst).toBe(2 * d * d * k * k);
    expect(poolFirst).toBe(2 * (d / 2) ** 2 * k * k);
    expect(Number((convFirst / 1e8).toFixed(2))).toBe(r.gridReduction.convThenPoolApprox / 1e8);
    expect(Number((poolFirst / 1e7).toFixed(2))).toBe(r.gridReduction.poolThenConvApprox / 1e7);
    expect(await computed(page, 'l9-mixed6a')).toMatch(
      new RegExp(`^${r.mixed6aOutputGrid}×${r.mixed6aOutputGrid}×`),
    );
    await openStep(page, 10, 3);
    const { K, epsilon } = r.labelSmoothing;
    expect(Number(await computed(page, 'l10-true'))).toBeCloseTo(1 - epsilon + epsilon / K, 4);
    expect(Number(await computed(page, 'l10-other'))).toBeCloseTo(epsilon / K, 4);
  });

  it('Inception-v4: Table 1’s k, l, m, n, the stem and the block counts; residual scales', async () => {
    const { page } = browser;
    const v4 = paper.v4;
    await openStep(page, 11, 1);
    expect(await computed(page, 'l11-stem')).toBe(v4.stemOutput);
    await openStep(page, 11, 2);
    expect(await computed(page, 'l11-counts')).toBe(v4.blocks.join(', '));
    await openStep(page, 11, 3);
    for (const [net, want] of Object.entries<{
      k: number;
      l: number;
      m: number;
      n: number;
      outDepth: number;
    }>(v4.reductionA)) {
      expect(await computed(page, `l11-klmn-${net}`), net).toBe([want.k, want.l, want.m, want.n].join(', '));
      expect(await computed(page, `l11-depth-${net}`), net).toBe(String(want.outDepth));
    }
    await openStep(page, 12, 3);
    const scales = (await computed(page, 'l12-scales')).split(',').map(Number);
    expect(scales.length).toBe(3);
    for (const s of scales) {
      expect(s).toBeGreaterThanOrEqual(v4.residualScaleRange[0]);
      expect(s).toBeLessThanOrEqual(v4.residualScaleRange[1]);
    }
  });

  it('calculators recompute for values other than the defaults', async () => {
    const { page } = browser;
    await openStep(page, 8, 1);
    await page.getByTestId('input-l8-n').fill('7');
    // 1 − 2/7 = 5/7 = 71.4%
    await expect.poll(() => page.getByTestId('l8-saving').locator('.v').textContent()).toBe('71.4%');
    await openStep(page, 9, 1);
    await page.getByTestId('input-l9-d').fill('16');
    await page.getByTestId('input-l9-k').fill('10');
    // 2·16²·10² = 51,200 and 2·8²·10² = 12,800
    await expect.poll(() => page.getByTestId('l9-convpool').locator('.v').textContent()).toBe('51,200');
    await expect.poll(() => page.getByTestId('l9-poolconv').locator('.v').textContent()).toBe('12,800');
    await page.getByTestId('calc-reset-l9').click();
    await expect.poll(() => page.getByTestId('l9-convpool').locator('.v').textContent()).toBe('250,880,000');
  });

  it('presenter mode: clicker keys move, L toggles the laser, Esc leaves', async () => {
    const { page } = browser;
    await openStep(page, 7, 1);
    await page.getByTestId('presenter-start').click();
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('present=1');
    await page.keyboard.press('PageDown');
    await page.locator('[data-testid=lessons][data-lesson="7"][data-step="2"]').waitFor();
    await page.keyboard.press('PageDown');
    await page.locator('[data-testid=lessons][data-lesson="8"][data-step="1"]').waitFor();
    await page.keyboard.press('PageUp');
    await page.locator('[data-testid=lessons][data-lesson="7"][data-step="2"]').waitFor();
    await page.keyboard.press('l');
    await page.mouse.move(400, 300);
    await page.mouse.move(420, 310);
    await page.getByTestId('laser').waitFor();
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'presenter-lesson-07-step-2.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => location.hash)).not.toContain('present=1');
  });

  it('a deep link restores the exact view in a fresh page', async () => {
    const { page } = browser;
    await openStep(page, 3, 1);
    await page.getByTestId('lesson-next').click();
    await page.locator('[data-testid=lessons][data-lesson="3"][data-step="2"]').waitFor();
    const link = await page.evaluate(() => location.href);
    expect(new URL(link).hash).toBe('#/lessons?lesson=3&step=2');
    const other = await browser.context.newPage();
    try {
      await other.goto(link);
      await other
        .locator('[data-testid=lessons][data-lesson="3"][data-step="2"]')
        .waitFor({ timeout: 30_000 });
      expect(await other.getByTestId('lesson-title').textContent()).toBe(
        await page.getByTestId('lesson-title').textContent(),
      );
      // Presenter state and the glossary are part of the link too.
      await other.goto(`${served.url}#/lessons?lesson=12&step=3&present=1`);
      await other
        .locator('[data-testid=lessons].presenting[data-lesson="12"][data-step="3"]')
        .waitFor({ timeout: 30_000 });
      await other.goto(`${served.url}#/glossary?term=label-smoothing`);
      await other
        .locator('[data-testid=glossary] .entry.focus[data-term="label-smoothing"]')
        .waitFor({ timeout: 30_000 });
      await other.screenshot({ path: join(shots, 'glossary.png'), fullPage: true });
      // A Browse link restores network, flavour and the selected module.
      await other.goto(`${served.url}#/browse?network=googlenet&flavour=paper&module=inception4a`);
      await expect
        .poll(() => other.getByTestId('panel-title').textContent(), { timeout: 30_000 })
        .toBe('inception (4a)');
      expect(await other.getByTestId('pick-flavour').inputValue()).toBe('paper');
    } finally {
      await other.close();
    }
  });

  it('a lesson figure opens the same module in Browse', async () => {
    const { page } = browser;
    await openStep(page, 2, 1);
    await page.getByTestId('open-in-browse').first().click();
    await expect
      .poll(() => page.evaluate(() => location.hash))
      .toBe('#/browse?network=googlenet&flavour=paper&module=inception3a');
    await expect
      .poll(() => page.getByTestId('panel-title').textContent(), { timeout: 30_000 })
      .toBe('inception (3a)');
  });

  it('a glossary term shows its definition on hover', async () => {
    const { page } = browser;
    await openStep(page, 10, 3);
    const term = page.locator('[data-term="label-smoothing"]').first();
    await term.hover();
    await expect.poll(() => term.locator('.pop').isVisible()).toBe(true);
    expect(await term.locator('.pop').textContent()).toMatch(/1 − ε/);
  });
});
