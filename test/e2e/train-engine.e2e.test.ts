/**
 * Issue #15.3: the run card says which engine trains the run. Two real one-step runs are trained
 * before the app starts, by the engine's own executeRun (one on ONNX Runtime, one on tfjs as asked),
 * and the Training view shows each card's engine, in English and in Korean, with the reason in the
 * run's details.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src-main/engine/backends.js';
import { loadData } from '../../src-main/engine/data/index.js';
import { executeRun } from '../../src-main/engine/train/execute.js';
import { createNet } from '../../src-main/engine/train/factory.js';
import { planGroup } from '../../src-main/engine/train/plan.js';
import { RunStore, runsDir } from '../../src-main/engine/train/store.js';
import type { RunMeta, TrainEngineName } from '../../src-main/engine/train/types.js';
import { openBrowser, screenshot, startServe, type Browser, type Served } from './helpers.js';

let served: Served;
let browser: Browser | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'ie-train-engine-e2e-'));
const runs: Partial<Record<TrainEngineName, RunMeta>> = {};

beforeAll(async () => {
  await initBackend({ force: 'wasm' });
  const data = loadData({ kind: 'shapes', seed: 4, count: 40, size: 32 });
  for (const engine of ['onnxruntime', 'tfjs'] as const) {
    const [m] = planGroup(
      {
        runs: [{ variant: { network: 'inception_v3', width: 0.125, input: 32 } }],
        data: data.source,
        steps: 1,
        batch: 4,
        backend: 'wasm',
        engine,
      },
      data,
      'wasm',
    );
    RunStore.create(runsDir(dataDir), m!);
    expect(await executeRun(runsDir(dataDir), m!.id, { factory: createNet, loaded: data })).toBe('done');
    runs[engine] = m!;
  }
  served = await startServe([], { INCEPTION_DATA_DIR: dataDir });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the run card names its training engine', () => {
  it('ONNX Runtime (CPU) or TensorFlow.js, with the reason in the details, in both languages', async () => {
    browser = await openBrowser(`${served.url}#/training`);
    const page = browser.page;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('training-view').waitFor({ timeout: 60_000 });
    const card = (e: TrainEngineName) => page.locator(`[data-testid="run-card"][data-run="${runs[e]!.id}"]`);
    await card('onnxruntime').waitFor({ timeout: 60_000 });
    expect(await card('onnxruntime').getByTestId('run-engine').textContent()).toBe('ONNX Runtime (CPU)');
    expect(await card('tfjs').getByTestId('run-engine').textContent()).toBe('TensorFlow.js (wasm)');
    await card('onnxruntime').getByRole('button', { name: 'Details' }).click();
    const detail = card('onnxruntime').getByTestId('run-engine-detail');
    expect(await detail.textContent()).toBe('ONNX Runtime trains this run on CPU');
    await card('tfjs').getByRole('button', { name: 'Details' }).click();
    expect(await card('tfjs').getByTestId('run-engine-detail').textContent()).toBe(
      'TensorFlow.js (wasm) trains this run: TensorFlow.js was asked for',
    );
    // The status bar: ORT trains, tfjs (its backend button) is the fallback.
    expect(await page.getByTestId('training-engine').textContent()).toBe('ONNX Runtime (CPU)');
    await screenshot(page, 'train-engine-en');
    // The same facts in Korean, switched as a user does.
    await page.getByTestId('locale-switch').first().selectOption('ko');
    await expect
      .poll(() => card('onnxruntime').getByTestId('run-engine-detail').textContent())
      .toBe('이 실행은 ONNX Runtime(CPU)에서 학습합니다');
    await screenshot(page, 'train-engine-ko');
  }, 180_000);
});
