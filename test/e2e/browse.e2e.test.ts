/**
 * The Browse view in Chromium against web mode, for every network: a module expands into exactly the
 * spec's layers (with the papers' widths where the papers give them), the table's TOTAL equals the
 * reference numbers and the aux switch moves it by the reference delta, and exported SVG/PNG/CSV
 * files are real. Expected numbers come from test/fixtures/reference-architectures.json or are
 * hand-computed in the comments, never from the code under test. Screenshots of every view go to
 * test-results/e2e/browse-*.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import type { Page } from 'playwright-core';
import { analyse } from '../../src-main/analysis/analyse.js';
import { buildNetwork } from '../../src-main/zoo/index.js';
import type { NetworkId } from '../../src-main/shared/spec.js';
import { openBrowser, root, screenshot, startServe, type Browser, type Served } from './helpers.js';

const ref = JSON.parse(readFileSync(join(root, 'test/fixtures/reference-architectures.json'), 'utf8'));

interface Case {
  id: NetworkId;
  flavour: string;
  module: string;
  /** The module's layers as the paper (or the released code the reference measured) lists them. */
  labels?: string[];
  /** Inference-graph totals in the PyTorch convention, and the aux heads' deltas. */
  params?: number;
  macs?: number;
  aux?: { params: number; macs: number };
  /** Heads a flavour only builds on request ("optional heads"), hand-counted below. */
  optional?: { params: number; macs: number };
  keras?: number;
}

const g = ref.googlenet;
const v3 = ref.inception_v3;
const CASES: Case[] = [
  {
    id: 'googlenet',
    flavour: 'paper',
    module: 'inception3a',
    // GoogLeNet Table 1, inception (3a): #1×1 64, #3×3 reduce 96, #3×3 128, #5×5 reduce 16, #5×5 32, pool proj 32.
    labels: [
      '1×1 conv, 64',
      '1×1 conv, 96',
      '3×3 conv, 128',
      '1×1 conv, 16',
      '5×5 conv, 32',
      '3×3 max pool',
      '1×1 conv, 32',
      'filter concat',
    ],
    params: g.paper_style_aux_false.params_total,
    macs: g.paper_style_aux_false.macs_eval_total,
    aux: {
      params: g.paper_style_aux_true.params_total - g.paper_style_aux_false.params_total,
      macs: g.paper_style_aux_true.macs_aux_total,
    },
  },
  // The Rethinking paper leaves the widths open: the module is checked against the spec only.
  { id: 'inception_v2', flavour: 'paper', module: 'Mixed_5b' },
  {
    id: 'inception_v3',
    flavour: 'released',
    module: 'Mixed_5b',
    // TF-slim Mixed_5b: 1×1 64 · 1×1 48 → 5×5 64 · 1×1 64 → 3×3 96 → 3×3 96 · avg pool → 1×1 32.
    labels: [
      '1×1 conv, 64',
      '1×1 conv, 48',
      '5×5 conv, 64',
      '3×3 conv, 96',
      '3×3 avg pool',
      '1×1 conv, 32',
      'filter concat',
    ],
    params: v3.torchvision_aux_false.params_total,
    macs: v3.torchvision_aux_false.macs_eval_total,
    aux: {
      params: v3.torchvision_aux_true.params_total - v3.torchvision_aux_false.params_total,
      macs: v3.torchvision_aux_true.macs_aux_total,
    },
    keras: v3.keras_include_top_true.total_params,
  },
  {
    id: 'inception_v4',
    flavour: 'released',
    module: 'Mixed_5b',
    // Inception-A (Figure 4): 1×1 96 · 1×1 64 → 3×3 96 · 1×1 64 → 3×3 96 → 3×3 96 · avg pool → 1×1 96.
    labels: ['1×1 conv, 96', '1×1 conv, 64', '3×3 conv, 96', '3×3 avg pool', 'filter concat'],
    params: ref.inception_v4.timm_nc1000.params_total,
    macs: ref.inception_v4.timm_nc1000.macs_eval_total,
    // The released form builds no aux head unless asked. TF-slim's optional head on Mixed_6h
    // (17×17×1024), hand-counted: avg pool 5×5/3 V → 5×5×1024; 1×1 conv 128: 1024·128 + BN 2·128 =
    // 131,328; 5×5 conv 768 V: 5·5·128·768 + 2·768 = 2,459,136; FC 768→1000: 769,000.
    // MACs: 5·5·1024·128 = 3,276,800; 5·5·128·768 = 2,457,600; 768,000.
    aux: { params: 0, macs: 0 },
    optional: { params: 131_328 + 2_459_136 + 769_000, macs: 3_276_800 + 2_457_600 + 768_000 },
    keras: ref.inception_v4.keras_convention_derived.total_params,
  },
  {
    id: 'inception_resnet_v1',
    flavour: 'paper',
    module: 'block35_1',
    // Figure 10: 1×1 32 · 1×1 32 → 3×3 32 · 1×1 32 → 3×3 32 → 3×3 32, concat, 1×1 linear, scaled add.
    labels: ['1×1 conv, 32', '3×3 conv, 32', 'filter concat', '+ (scale 0.17)'],
    params: ref.inception_resnet_v1.paper_count_5xBlock8_plus_linear1792x1000.params_total,
    macs: ref.inception_resnet_v1.paper_count_5xBlock8_plus_linear1792x1000.macs_eval_total,
    aux: { params: 0, macs: 0 },
  },
  {
    id: 'inception_resnet_v2',
    flavour: 'released',
    module: 'block35_1',
    // Figure 16 widths: 1×1 32 · 1×1 32 → 3×3 32 · 1×1 32 → 3×3 48 → 3×3 64, then the scaled add (0.17).
    labels: [
      '1×1 conv, 32',
      '3×3 conv, 32',
      '3×3 conv, 48',
      '3×3 conv, 64',
      'filter concat',
      '+ (scale 0.17)',
    ],
    params: ref.inception_resnet_v2.timm_nc1000.params_total,
    macs: ref.inception_resnet_v2.timm_nc1000.macs_eval_total,
    // The released form (like Keras and timm) builds no aux head unless asked. TF-slim's optional
    // AuxLogits on block17_20 (17×17×1088), hand-counted in the PyTorch convention:
    // avg pool 5×5/3 V → 5×5×1088; 1×1 conv 128: 1088·128 + BN 2·128 = 139,520;
    // 5×5 conv 768 V: 5·5·128·768 + BN 2·768 = 2,459,136; FC 768→1000: 768·1000 + 1000 = 769,000.
    // MACs: 5·5·1088·128 = 3,481,600; 1·1·768·(5·5·128) = 2,457,600; 768·1000 = 768,000.
    aux: { params: 0, macs: 0 },
    optional: { params: 139_520 + 2_459_136 + 769_000, macs: 3_481_600 + 2_457_600 + 768_000 },
    keras: ref.inception_resnet_v2.keras_include_top_true.total_params,
  },
  {
    id: 'bn_inception',
    flavour: 'paper',
    module: 'inception_3a',
    // BN-Inception Figure 5 (appendix), 3a: #1×1 64, #3×3 reduce 64, #3×3 64, double #3×3 reduce 64, double #3×3 96, avg + 32.
    labels: ['1×1 conv, 64', '3×3 conv, 64', '3×3 conv, 96', '3×3 avg pool', '1×1 conv, 32', 'filter concat'],
    params: ref.bn_inception_side_note.params_total,
    macs: ref.bn_inception_side_note.macs,
    aux: { params: 0, macs: 0 },
  },
];

let served: Served;
let browser: Browser;

beforeAll(async () => {
  served = await startServe();
  browser = await openBrowser(`${served.url}#/browse`);
  await browser.page.setViewportSize({ width: 1600, height: 1100 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

async function settled(page: Page) {
  await page.locator('[data-testid=graph][data-state=ready]').waitFor({ timeout: 30_000 });
  await page.waitForTimeout(150);
}

async function total(page: Page): Promise<{ params: number; macs: number }> {
  const params = Number(await page.getByTestId('total-params').getAttribute('data-value'));
  const macs = Number(await page.getByTestId('total-macs').getAttribute('data-value'));
  return { params, macs };
}

async function open(page: Page, c: Case) {
  await page.goto(`${served.url}#/browse?network=${c.id}&flavour=${c.flavour}&module=${c.module}`);
  await expect.poll(() => page.getByTestId('panel-title').count(), { timeout: 30_000 }).toBe(1);
  await expect
    .poll(() => page.getByTestId('side-panel').getAttribute('data-selected'), { timeout: 30_000 })
    .toBe(c.module);
  await settled(page);
}

async function download(page: Page, testid: string): Promise<Buffer> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return readFileSync((await d.path())!);
}

describe('Browse view, every network', () => {
  for (const c of CASES) {
    it(`${c.id}: ${c.module} expands into the spec's layers; TOTAL and the aux delta match the reference`, async () => {
      const { page } = browser;
      await open(page, c);
      // Inference graph first, whatever the last test left.
      await page.getByTestId('mode-inference').click();
      await page.getByTestId('conv-pytorch').click();
      await page.getByTestId('panel-expand').click();
      await settled(page);

      // The drawn boxes inside the container are exactly the module's nodes in the spec.
      const spec = analyse(buildNetwork(c.id, { flavour: c.flavour as never }));
      const group = spec.groups.find((x) => x.id === c.module)!;
      const drawn = await page.$$eval(`[data-kind=box]`, (els) => els.map((e) => e.getAttribute('data-id')!));
      const inside = drawn.filter((id) => id.startsWith(`${c.module}/`)).sort();
      expect(inside).toEqual([...group.nodes].sort());
      const layers = spec.nodes.filter((n) => group.nodes.includes(n.id) && n.kind === 'layer');
      expect(inside.length).toBeGreaterThan(layers.length); // layers plus their concat/add
      if (c.labels) {
        const texts = await page.$$eval(
          `[data-kind=box]`,
          (els, prefix) =>
            els
              .filter((e) => e.getAttribute('data-id')!.startsWith(prefix))
              .map((e) => e.querySelector('text')?.textContent ?? ''),
          `${c.module}/`,
        );
        for (const l of c.labels) expect(texts).toContain(l);
      }
      await screenshot(page, `browse-${c.id}-expanded`);

      // TOTAL, inference graph.
      const inf = await total(page);
      if (c.params !== undefined) {
        expect(inf.params).toBe(c.params);
        expect(inf.macs).toBe(c.macs);
      }
      // The aux switch adds the heads: the TOTAL moves by their params and MACs.
      await page.getByTestId('mode-training').click();
      await expect.poll(() => page.getByTestId('table-total').getAttribute('data-graph')).toBe('training');
      const train = await total(page);
      if (c.aux) {
        expect(train.params - inf.params).toBe(c.aux.params);
        expect(train.macs - inf.macs).toBe(c.aux.macs);
      } else {
        // No reference numbers: the delta must at least be the aux rows the table shows.
        const auxRows = await page.$$eval('tr.group.aux td:nth-child(4)', (tds) =>
          tds.map((t) => Number(t.textContent!.replace(/,/g, ''))),
        );
        expect(train.params - inf.params).toBe(auxRows.reduce((a, b) => a + b, 0));
      }
      if (c.optional) {
        await page.getByTestId('optional-heads').check();
        await expect
          .poll(async () => (await total(page)).params - inf.params, { timeout: 30_000 })
          .toBe(c.optional.params);
        expect((await total(page)).macs - inf.macs).toBe(c.optional.macs);
        await page.getByTestId('optional-heads').uncheck();
        await expect.poll(async () => (await total(page)).params, { timeout: 30_000 }).toBe(inf.params);
      }
      if (c.keras !== undefined) {
        await page.getByTestId('mode-inference').click();
        await page.getByTestId('conv-keras').click();
        await expect.poll(async () => (await total(page)).params).toBe(c.keras);
        await page.getByTestId('conv-pytorch').click();
      }
      await page.getByTestId('mode-inference').click();
    });
  }

  it('1001 classes: Inception-v4 and Inception-ResNet-v2 reach the TF-slim checkpoint counts', async () => {
    const { page } = browser;
    for (const [id, key] of [
      ['inception_v4', 'inception_v4'],
      ['inception_resnet_v2', 'inception_resnet_v2'],
    ] as const) {
      await page.goto(`${served.url}#/browse?network=${id}&flavour=released`);
      await settled(page);
      await page.getByTestId('classes-1001').click();
      await expect
        .poll(async () => (await total(page)).params, { timeout: 30_000 })
        .toBe(ref[key].timm_nc1001.params_total);
      expect((await total(page)).macs).toBe(ref[key].timm_nc1001.macs_eval_total);
      await page.getByTestId('classes-1000').click();
      await expect
        .poll(async () => (await total(page)).params, { timeout: 30_000 })
        .toBe(ref[key].timm_nc1000.params_total);
    }
  });

  it('exports the graph as SVG that parses and carries the node labels, and as PNG; the table as CSV and Markdown', async () => {
    const { page } = browser;
    const c = CASES[0];
    await open(page, c);
    await page.getByTestId('collapse-all').click();
    await page.getByTestId('mode-training').click();
    await page.getByTestId('panel-expand').click();
    await settled(page);
    const svg = (await download(page, 'export-svg')).toString('utf8');
    const doc = new new JSDOM('').window.DOMParser().parseFromString(svg, 'image/svg+xml');
    expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
    expect(doc.documentElement.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    const texts = [...doc.getElementsByTagName('text')].map((t) => t.textContent);
    for (const l of c.labels!) expect(texts).toContain(l);
    // collapsed modules, the folded run, the aux heads with their caption, and the tensors on edges
    for (const l of ['inception (3b)', 'aux1', 'aux2', 'training only · loss weight 0.3', '28×28×192'])
      expect(texts).toContain(l);
    expect(svg).not.toMatch(/<script|<style|<image|href=/);

    const png = await download(page, 'export-png');
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.length).toBeGreaterThan(10_000);

    const csv = (await download(page, 'export-csv')).toString('utf8').trim().split('\r\n');
    expect(csv[0]).toBe('name,row,type,output,params,MACs,% params,% MACs');
    expect(csv[csv.length - 1]).toBe(
      `TOTAL,total,pytorch,,${g.paper_style_aux_true.params_total},${g.paper_style_aux_false.macs_eval_total + g.paper_style_aux_true.macs_aux_total},100%,100%`,
    );
    const md = (await download(page, 'export-md')).toString('utf8');
    expect(md).toMatch(
      /^\| name \| row \| type \| output \| params \| MACs \| % params \| % MACs \|\n\|---\|---\|---\|---\|---:\|---:\|---:\|---:\|/,
    );
    expect(md).toContain('| inception3a · inception (3a) | module | Inception | 28×28×256 |');
    await page.getByTestId('mode-inference').click();
  });

  it('links the table and the graph both ways', async () => {
    const { page } = browser;
    await open(page, { id: 'inception_v3', flavour: 'released', module: 'Mixed_6a' });
    // graph → table: the selected module's row is highlighted
    await expect.poll(() => page.locator('tr.sel[data-row="Mixed_6a"]').count()).toBe(1);
    // table → graph: a layer row inside a collapsed module opens it and selects the layer
    await page.locator('tr[data-row="Mixed_5c"] button.chev').click();
    await page.locator('tr[data-row="Mixed_5c/Branch_1/Conv2d_0b_5x5"]').click();
    await settled(page);
    await expect.poll(() => page.getByTestId('panel-title').textContent()).toBe('5×5 conv, 64');
    expect(await page.locator('[data-kind=box][data-id="Mixed_5c/Branch_1/Conv2d_0b_5x5"]').count()).toBe(1);
    // keyboard: Escape collapses the container and selects it; / focuses the search
    await page.getByTestId('graph').focus();
    await page.keyboard.press('Escape');
    await settled(page);
    await expect.poll(() => page.getByTestId('side-panel').getAttribute('data-selected')).toBe('Mixed_5c');
    // arrows move along the chain, Enter expands in place
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.getByTestId('side-panel').getAttribute('data-selected')).toBe('Mixed_5d');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => page.getByTestId('side-panel').getAttribute('data-selected')).toBe('Mixed_5c');
    await page.keyboard.press('Enter');
    await settled(page);
    expect(await page.locator('[data-kind=container][data-id="Mixed_5c"]').count()).toBe(1);
    await page.keyboard.press('Escape');
    await settled(page);
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'graph-search',
    );
    await page.keyboard.type('Mixed_7a');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('side-panel').getAttribute('data-selected')).toBe('Mixed_7a');
    await screenshot(page, 'browse-linked');
  });

  it('shows every view: figures (gallery, Fig 2a), compare, paper table', async () => {
    const { page } = browser;
    await open(page, { id: 'googlenet', flavour: 'paper', module: 'inception3a' });
    await page.getByTestId('show-figure').click();
    await expect
      .poll(() => page.getByTestId('figure-svg').getAttribute('data-figure'), { timeout: 30_000 })
      .toMatch(/inception \(3a\)/);
    await page.getByTestId('figure-svg').waitFor();
    await screenshot(page, 'browse-figure-3a');
    await page.getByTestId('gallery-item').first().click();
    await expect
      .poll(() => page.getByTestId('figure-svg').getAttribute('data-figure'), { timeout: 30_000 })
      .toMatch(/naïve/);
    const naive = await page.$$eval('[data-testid=figure-svg] [data-kind=box] text', (ts) =>
      ts.map((t) => t.textContent),
    );
    for (const l of [
      '1×1 conv, 64',
      '3×3 conv, 128',
      '5×5 conv, 32',
      '3×3 max pool',
      'Filter concat',
      'Previous layer',
    ])
      expect(naive).toContain(l);
    expect(naive).not.toContain('1×1 conv, 96');
    await screenshot(page, 'browse-figure-2a');
    await page.getByTestId('tab-compare').click();
    await page.getByTestId('compare-stages').waitFor({ timeout: 30_000 });
    await screenshot(page, 'browse-compare');
    await page.getByTestId('tab-network').click();
    await page.getByTestId('paper-table-mode').click();
    await page.getByTestId('paper-table').locator('table').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('paper-table').textContent()).toContain('2.7K');
    await screenshot(page, 'browse-paper-table');
    expect(browser.problems.filter((p) => !/favicon/.test(p))).toEqual([]);
  });
});
