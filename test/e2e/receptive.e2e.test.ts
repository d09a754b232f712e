/**
 * Receptive fields as a user meets them (issue 16, item 4): run an image, open a module's concat,
 * enlarge a channel, click a unit, open Explain → Receptive field, and read one outline per branch
 * (1×1, 1×1 → 5×5, the double 3×3, the pool branch) with its size, the effective field's numbers and
 * the heat map drawn over the image. The largest branch field must be the analysis' own textbook
 * receptive field of the node (analysis/receptive-field.ts, a separate computation).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src-main/analysis/analyse.js';
import { buildNetwork } from '../../src-main/zoo/index.js';
import {
  activationRunDone,
  openBrowser,
  pickCentreUnit,
  root,
  startServe,
  type Browser,
  type Served,
} from './helpers.js';

let served: Served;
let browser: Browser;
const shots = join(root, 'test-results', 'e2e');
const VARIANT = { width: 0.25, input: 107, classes: 10 };
const LINK = `network=inception_v3&width=${VARIANT.width}&input=${VARIANT.input}&classes=${VARIANT.classes}`;
const NODE = 'Mixed_5b/concat';

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `receptive-${name}.png`), fullPage: true });
}

beforeAll(async () => {
  served = await startServe(['--rebuild']);
  browser = await openBrowser(`${served.url}#/activations?${LINK}`);
  await browser.page.setViewportSize({ width: 1280, height: 900 });
  await browser.page.getByTestId('activations').waitFor({ timeout: 60_000 });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

describe('Receptive field tab', () => {
  it('shows one outline per branch of the clicked unit’s module, and its effective field', async () => {
    const { page } = browser;
    await page.getByTestId('sample-chelsea.png').click();
    await activationRunDone(page);
    await page.getByTestId('node-select').selectOption(NODE);
    await page.waitForFunction(
      (want) => document.querySelector('[data-testid="node-id"]')?.textContent === want,
      NODE,
    );

    // Channel 0 of the concat (the 1×1 branch's first channel), then a unit near the centre.
    await pickCentreUnit(page);

    await page.getByTestId('explain-tab-receptive').click();
    const what = page.getByTestId('rf-what');
    await what.waitFor();
    expect(await what.textContent()).toMatch(/Unit \(\d+, \d+\) of channel 0 of Mixed_5b\/concat/);
    await page.getByTestId('rf-effective').waitFor({ timeout: 120_000 });

    const rows = await page.getByTestId('rf-path').evaluateAll((trs) =>
      trs.map((tr) => ({
        cells: [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? ''),
        own: tr.classList.contains('own'),
      })),
    );
    expect(rows.map((r) => r.cells[1]!.replace(/\s+/g, ' '))).toEqual([
      expect.stringMatching(/^Branch_0 1×1 · computes this channel$/),
      expect.stringMatching(/^Branch_1 1×1 → 5×5$/),
      expect.stringMatching(/^Branch_2 1×1 → 3×3 → 3×3$/),
      expect.stringMatching(/^Branch_3 avg 3×3 → 1×1$/),
    ]);
    expect(rows.map((r) => r.own)).toEqual([true, false, false, false]);
    // Branch fields grow with the kernels after the module input: 1×1 < pool 3×3 < 5×5 = 3×3 + 3×3.
    const side = (s: string) => Number(s.split('×')[0]);
    const sizes = rows.map((r) => side(r.cells[2]!));
    expect(sizes[0]).toBeLessThan(sizes[3]!);
    expect(sizes[3]).toBeLessThan(sizes[1]!);
    expect(sizes[1]).toBe(sizes[2]);
    const node = analyse(buildNetwork('inception_v3', VARIANT)).nodes.find((n) => n.id === NODE)!;
    expect(Math.max(...sizes)).toBe(node.rf.size[0]);
    // Every share of the gradient is a percentage; the 1×1 path's field holds all the gradient of channel 0.
    expect(rows[0]!.cells[4]).toBe('100.0 %');

    const eff = (await page.getByTestId('rf-effective').textContent())!;
    expect(eff).toMatch(/\d+ px, [\d.]+ % of the theoretical field/);
    expect(eff).toMatch(/Gradient inside the theoretical field\s*100\.0 %/);
    expect(await page.getByTestId('rf-outline').count()).toBe(4);
    // The heat map is drawn: the canvas holds more than the image's own colours at the unit.
    const hot = await page.getByTestId('rf-canvas').evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i]! > 200 && d[i + 2]! < 80) n++;
      return n;
    });
    expect(hot).toBeGreaterThan(0);
    await page.getByTestId('receptive-panel').scrollIntoViewIfNeeded();
    await shot(page, 'mixed5b');
  });

  it('the grid-reduction lesson draws the per-branch fields of Mixed_6a', async () => {
    const { page } = browser;
    await page.goto(`${served.url}#/lessons?lesson=9&step=3`);
    const fig = page.getByTestId('l9-fields');
    await fig.waitFor({ timeout: 60_000 });
    const rows = await page.getByTestId('l9-field').evaluateAll((trs) =>
      trs.map((tr) =>
        [...tr.querySelectorAll('td')]
          .map((td) => td.textContent?.trim() ?? '')
          .slice(1)
          .join(' '),
      ),
    );
    // From the analysis' textbook field of the module input (Mixed_5d, size r, jump j): a 3×3 window
    // adds 2j, so the stride-2 conv and the max pool see r + 2j, the 1×1 → 3×3 → 3×3/2 branch r + 4j.
    const v3 = analyse(buildNetwork('inception_v3')).nodes.find((n) => n.id === 'Mixed_5d/concat')!;
    const [r, j] = [v3.rf.size[0], v3.rf.jump[0]];
    const f = (n: number) => `${n}×${n}`;
    expect(rows).toEqual([
      `Branch_0 3×3/2 ${f(r + 2 * j)}`,
      `Branch_1 1×1 → 3×3 → 3×3/2 ${f(r + 4 * j)}`,
      `Branch_2 max 3×3/2 ${f(r + 2 * j)}`,
    ]);
    await fig.scrollIntoViewIfNeeded();
    await shot(page, 'lesson9');
  });

  it('the asymmetric-convolution lesson draws the 1×7 → 7×1 branches of Mixed_6b wider than the 1×1', async () => {
    const { page } = browser;
    await page.goto(`${served.url}#/lessons?lesson=8&step=2`);
    const fig = page.getByTestId('l8-fields');
    await fig.waitFor({ timeout: 60_000 });
    const rows = await page
      .getByTestId('l8-field')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')),
      );
    expect(rows.map((r) => r[2])).toEqual([
      '1×1',
      '1×1 → 1×7 → 7×1',
      '1×1 → 7×1 → 1×7 → 7×1 → 1×7',
      'avg 3×3 → 1×1',
    ]);
    // From Mixed_6a's textbook field (size r, jump j, analysis/receptive-field.ts): 1×1 adds nothing,
    // a 7-tap strip 6j along its axis, the pool 2j.
    const a = analyse(buildNetwork('inception_v3'));
    const m6a = a.nodes.find((n) => n.id === 'Mixed_6a/concat')!;
    const [r, j] = [m6a.rf.size[0], m6a.rf.jump[0]];
    const f = (n: number) => `${n}×${n}`;
    expect(rows.map((x) => x[3])).toEqual([f(r), f(r + 6 * j), f(r + 12 * j), f(r + 2 * j)]);
    await fig.scrollIntoViewIfNeeded();
    await shot(page, 'lesson8');
  });
});
