/**
 * A run moves between engines through its checkpoints: it starts on tfjs, is killed, resumes on ONNX
 * Runtime, is killed again and finishes on tfjs. Each resumed engine recomputes the steps after the
 * checkpoint from the other engine's weights and optimizer slots, so its first recomputed loss equals
 * the one the other engine logged for that step (1e-4); run.json lists each engine with its start step.
 * Reduced Inception-v3 (×0.125, 32 px), batch 8, tfjs on wasm.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../../../src-main/engine/backends.js';
import { loadData } from '../../../src-main/engine/data/index.js';
import { executeRun } from '../../../src-main/engine/train/execute.js';
import { createNet } from '../../../src-main/engine/train/factory.js';
import { planGroup } from '../../../src-main/engine/train/plan.js';
import { RunStore, runsDir } from '../../../src-main/engine/train/store.js';
import type { StepRecord } from '../../../src-main/engine/train/types.js';

const dir = mkdtempSync(join(tmpdir(), 'ie-train-ort-resume-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await initBackend({ force: 'wasm' });
});

describe('a run resumes across engines', () => {
  test('tfjs → ONNX Runtime → tfjs, each picking up the other’s checkpoint', async () => {
    const data = loadData({ kind: 'shapes', seed: 5, count: 120, size: 32 });
    const [meta] = planGroup(
      {
        runs: [{ variant: { network: 'inception_v3', width: 0.125, input: 32 } }],
        data: data.source,
        steps: 7,
        batch: 8,
        seed: 21,
        backend: 'wasm',
        checkpointEvery: 2,
        valEvery: 0,
      },
      data,
      'wasm',
    );
    const root = runsDir(dir);
    RunStore.create(root, meta!);
    const id = meta!.id;
    // Killed after step index 2 (checkpoint at step 2), then after index 4 (checkpoint at 4).
    const run = (engine: 'tfjs' | 'onnxruntime', crashAfterStep?: number) =>
      executeRun(root, id, { factory: createNet, loaded: data, engine, crashAfterStep });
    expect(await run('tfjs', 2)).toBe('interrupted');
    expect(await run('onnxruntime', 4)).toBe('interrupted');
    expect(await run('tfjs')).toBe('done');

    const store = RunStore.open(root, id);
    const m = store.meta();
    expect(m.trainedOn!.map((u) => [u.engine, u.fromStep])).toEqual([
      ['tfjs', 0],
      ['onnxruntime', 2],
      ['tfjs', 4],
    ]);
    expect(m.trainedOn![1]!.provider).toBeTruthy();
    // Every step record in log order: [tfjs 0,1,2] [ORT 2,3,4] [tfjs 4,5,6].
    const steps = store.rawLog().filter((r): r is StepRecord => r.t === 'step');
    expect(steps.map((s) => s.step)).toEqual([0, 1, 2, 2, 3, 4, 4, 5, 6]);
    const [tfjs2, ort2, ort4, tfjs4] = [steps[2]!, steps[3]!, steps[5]!, steps[6]!];
    console.log('step 2: tfjs %f, ORT from the tfjs checkpoint %f', tfjs2.loss, ort2.loss);
    console.log('step 4: ORT %f, tfjs from the ORT checkpoint %f', ort4.loss, tfjs4.loss);
    expect(Math.abs(tfjs2.loss - ort2.loss)).toBeLessThan(1e-4);
    expect(Math.abs(ort4.loss - tfjs4.loss)).toBeLessThan(1e-4);
    // The optimizer state crossed too: the same gradient norm means the same weights went in.
    expect(Math.abs(tfjs2.gradNorm - ort2.gradNorm) / tfjs2.gradNorm).toBeLessThan(0.05);
    expect(m.trainedOn!.map((u) => u.reasonMsg?.key)).toEqual([
      'train.engine.use.tfjs',
      'train.engine.use.ort',
      'train.engine.use.tfjs',
    ]);
  }, 900_000);
});
