/**
 * ONNX in the app, in Chromium against web mode: the status bar says which inference engine and
 * execution provider run (and, with onnxruntime-node unavailable, that TensorFlow.js serves);
 * "Export ONNX" in the Browse toolbar and in the Activations view downloads a model that parses as
 * ONNX and runs in onnxruntime-node with the right output shapes, carrying the view's weights (the
 * loaded fixture weights give PyTorch's logits from test/fixtures/weights/irv2.json).
 * Screenshots go to test-results/e2e/onnx-*.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src-main/analysis/analyse.js';
import { exportOnnx } from '../../src-main/engine/onnx/export.js';
import { decodeModel } from '../../src-main/engine/onnx/proto.js';
import { randomWeights } from '../../src-main/engine/onnx/weights.js';
import { buildNetwork } from '../../src-main/zoo/index.js';
import { WEIGHTS_DIR, fixtureAnalysis, fixtureInput, readFixture } from '../unit/weights/fixtures.js';
import { openBrowser, screenshot, startServe, type Browser, type Served } from './helpers.js';

async function download(page: Page, testid: string): Promise<{ name: string; bytes: Uint8Array }> {
  const [d] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByTestId(testid).click(),
  ]);
  return { name: d.suggestedFilename(), bytes: new Uint8Array(readFileSync((await d.path())!)) };
}

async function settled(page: Page) {
  await page.locator('[data-testid=graph][data-state=ready]').waitFor({ timeout: 30_000 });
  await page.waitForTimeout(150);
}

describe('with onnxruntime-node', () => {
  let served: Served;
  let browser: Browser;
  beforeAll(async () => {
    served = await startServe();
    browser = await openBrowser(`${served.url}#/browse?network=googlenet&flavour=torchvision`);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('the status bar names ONNX Runtime on the CPU provider and why CUDA was skipped', async () => {
    const { page } = browser;
    const name = page.getByTestId('inference-name');
    await name.waitFor({ timeout: 30_000 });
    expect(await name.getAttribute('data-engine')).toBe('onnxruntime');
    expect(await name.getAttribute('data-provider')).toBe('cpu');
    expect(await name.textContent()).toMatch(/ONNX Runtime \d+\.\d+\.\d+ · CPU/);
    expect(await name.getAttribute('title')).toMatch(
      /CUDA 12 \(NVIDIA GPU\) skipped: the CUDA 12 provider is not installed/,
    );
    await name.click();
    const pop = page.getByTestId('inference-popover');
    await pop.waitFor();
    const text = (await pop.textContent())!;
    expect(text).toContain('CUDA 12 (NVIDIA GPU)');
    expect(text).toContain('ONNXRUNTIME_NODE_INSTALL=cuda12');
    expect(text).toMatch(/TensorFlow\.js \(WebAssembly\) stays the fallback/);
    await screenshot(page, 'onnx-statusbar-popover');
    await name.click();
    await pop.waitFor({ state: 'detached' });
  });

  it('Browse: "Export ONNX" on a reduced GoogLeNet with aux heads downloads a model ORT runs', async () => {
    const { page } = browser;
    await settled(page);
    await page.getByTestId('pick-width').selectOption('0.25');
    await page.getByTestId('mode-training').click();
    await settled(page);
    await screenshot(page, 'onnx-browse-toolbar');
    const { name, bytes } = await download(page, 'export-onnx');
    expect(name).toBe('googlenet-torchvision-w0.25-224px-random1.onnx');

    const m = decodeModel(bytes);
    expect(m.opsetImport[0]!.version).toBeGreaterThanOrEqual(13);
    expect(m.graph.output.map((o) => o.name)).toEqual(['softmax', 'aux1/softmax', 'aux2/softmax']);
    expect(m.metadataProps!.find((p) => p.key === 'weights')!.value).toBe('random weights (seed 1)');

    const s = await ort.InferenceSession.create(bytes);
    const x = new Float32Array(224 * 224 * 3).map((_, i) => Math.sin(i * 0.01));
    const r = await s.run({ [s.inputNames[0]!]: new ort.Tensor('float32', x, [1, 224, 224, 3]) });
    for (const out of ['softmax', 'aux1/softmax', 'aux2/softmax']) {
      expect(r[out]!.dims).toEqual([1, 1000]);
      const p = r[out]!.data as Float32Array;
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    }
    await s.release();

    // The file is the variant on screen with seed-1 random weights, aux heads included.
    const a = analyse(buildNetwork('googlenet', { flavour: 'torchvision', width: 0.25, classes: 1000 }));
    const same = exportOnnx(a, randomWeights(a, 1), {
      includeAux: true,
      weightsLabel: 'random weights (seed 1)',
    });
    expect(Buffer.from(bytes).equals(Buffer.from(same))).toBe(true);
  });

  it('Activations: "Export ONNX" carries the loaded weights file (PyTorch logits within 1e-3)', async () => {
    const { page } = browser;
    const f = readFixture('irv2');
    await page.goto(
      `${served.url}#/activations?network=${f.network}&width=${f.width}&input=${f.input}&classes=${f.classes}`,
    );
    await page.getByTestId('weights-file').setInputFiles(join(WEIGHTS_DIR, 'irv2-keras.h5'));
    await page.waitForFunction(
      () => document.querySelector('[data-testid="weights-info"]')?.getAttribute('data-kind') === 'file',
      undefined,
      { timeout: 30_000 },
    );
    await settled(page);
    await screenshot(page, 'onnx-activations-toolbar');
    const { name, bytes } = await download(page, 'export-onnx');
    expect(name).toBe(`inception_resnet_v2-released-w0.03125-75px-c10-file.onnx`);

    const s = await ort.InferenceSession.create(bytes);
    const r = await s.run({
      [s.inputNames[0]!]: new ort.Tensor('float32', fixtureInput(f), [1, f.input, f.input, 3]),
    });
    const out = r[s.outputNames[0]!]!;
    expect(out.dims).toEqual([1, f.classes]);
    // The network ends in softmax: compare with softmax(PyTorch logits), worked out here.
    const last = fixtureAnalysis(f)
      .nodes.filter((n) => n.aux === undefined)
      .at(-1)!;
    expect(last.layer?.op).toBe('softmax');
    const top = Math.max(...f.logits);
    const e = f.logits.map((v) => Math.exp(v - top));
    const sum = e.reduce((a, b) => a + b, 0);
    const got = out.data as Float32Array;
    e.forEach((v, i) => expect(Math.abs(got[i]! - v / sum)).toBeLessThan(1e-3));
    await s.release();
  });
});

describe('with onnxruntime-node unavailable (INCEPTION_DISABLE_ORT=1)', () => {
  let served: Served;
  let browser: Browser;
  beforeAll(async () => {
    process.env.INCEPTION_DISABLE_ORT = '1';
    try {
      served = await startServe();
    } finally {
      delete process.env.INCEPTION_DISABLE_ORT;
    }
    browser = await openBrowser(`${served.url}#/browse?network=googlenet`);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('the status bar says ONNX Runtime is off and TensorFlow.js serves inference', async () => {
    const { page } = browser;
    const name = page.getByTestId('inference-name');
    await name.waitFor({ timeout: 30_000 });
    expect(await name.getAttribute('data-engine')).toBe('tfjs');
    expect(await name.textContent()).toMatch(/TensorFlow\.js · WebAssembly/);
    await name.click();
    const text = (await page.getByTestId('inference-popover').textContent())!;
    expect(text).toContain('ONNX Runtime is not used: ONNX Runtime is disabled by INCEPTION_DISABLE_ORT=1');
    expect(text).toContain('TensorFlow.js (WebAssembly) serves inference and the activation pass.');
    await screenshot(page, 'onnx-statusbar-disabled');
  });
});
