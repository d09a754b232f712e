import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { RunManager } from '../../../src-main/engine/train/manager.js';
import { RunStore, runsDir } from '../../../src-main/engine/train/store.js';
import { planGroup } from '../../../src-main/engine/train/plan.js';
import { executeRun } from '../../../src-main/engine/train/execute.js';
import { loadData } from '../../../src-main/engine/data/index.js';
import type { GroupRequest, StepRecord, TrainEvent } from '../../../src-main/engine/train/types.js';
import { createNet } from './tiny-factory.js';

const factoryModule = fileURLToPath(new URL('./tiny-factory.ts', import.meta.url));
let dir: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'ie-runs-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const group = (steps: number, n = 2): GroupRequest => ({
  runs: [
    { variant: { network: 'inception_v3' as const, width: 0.125, input: 32 } },
    { variant: { network: 'inception_resnet_v1' as const, width: 0.125, input: 32 } },
  ].slice(0, n),
  data: { kind: 'shapes', seed: 4, count: 120, size: 32 },
  steps,
  batch: 8,
  seed: 7,
  checkpointEvery: 3,
  backend: 'cpu',
  dataDir: dir,
});

describe('validation schedule', () => {
  test('a short run validates early and often on a subset, and on the whole set at the end', async () => {
    // 120 shapes → about 100 training images; 12 steps of 8 is under 5 epochs, so periodic validation is on.
    const m = new RunManager({ dataDir: dir, backend: 'cpu', threads: false, factory: createNet });
    const [meta] = await m.startGroup({ ...group(12, 1), valSubset: 6 });
    expect(meta.valEvery).toBe(1); // ceil(12 / 40)
    expect(await m.wait(meta.id)).toBe('done');
    const val = m.history(meta.id).val;
    expect(val.length).toBeGreaterThanOrEqual(12);
    const periodic = val.filter((v) => v.step < 12);
    expect(periodic.every((v) => v.images === 6)).toBe(true);
    const last = val.filter((v) => v.step === 12).at(-1)!;
    expect(last.images).toBe(meta.valCount);
  });
});

describe('run manager', () => {
  test('a group shares seed, data order and init, states it, and logs every step of every run', async () => {
    const m = new RunManager({ dataDir: dir, backend: 'cpu', threads: false, factory: createNet });
    const events: TrainEvent[] = [];
    m.subscribe((e) => events.push(e));
    const metas = await m.startGroup(group(5));
    expect(metas).toHaveLength(2);
    expect(new Set(metas.map((x) => x.groupId)).size).toBe(1);
    expect(metas[0].conditions.text).toMatch(/These 2 runs started together and share: seed 7/);
    expect(metas[0].conditions.text).toMatch(/same data order/);
    expect(metas[0].scheduleText).toMatch(/50 decays/);
    expect(metas[1].recipe.notes.residualScale).toBeDefined();
    for (const x of metas) expect(await m.wait(x.id)).toBe('done');
    for (const x of metas) {
      const h = m.history(x.id);
      expect(h.steps.map((s) => s.step)).toEqual([0, 1, 2, 3, 4]);
      expect(h.val.length).toBeGreaterThan(0);
      expect(h.meta.status).toBe('done');
      expect(events.filter((e) => e.run === x.id && e.record.t === 'step')).toHaveLength(5);
    }
    // Same seed and data order: the first step sees the same batch, and the recorded train error is over it.
    expect(m.list().every((r) => !r.active)).toBe(true);
  }, 60_000);

  test('pause, resume and stop on a worker thread', async () => {
    const m = new RunManager({ dataDir: dir, backend: 'cpu', factoryModule });
    const [meta] = await m.startGroup(group(200, 1));
    const steps: number[] = [];
    const firstStep = new Promise<void>((resolve) =>
      m.subscribe((e) => {
        if (e.run === meta.id && e.record.t === 'step') {
          steps.push(e.record.step);
          resolve();
        }
      }),
    );
    await firstStep;
    const paused = await m.pause(meta.id);
    expect(paused.status).toBe('paused');
    const store = RunStore.open(m.root, meta.id);
    const at = store.checkpoints().at(-1)!;
    expect(at).toBe(paused.lastStep);
    const count = steps.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(steps.length).toBe(count); // nothing runs while paused
    await m.resume(meta.id);
    await new Promise((r) => setTimeout(r, 500));
    const stopped = await m.stop(meta.id);
    expect(stopped.status).toBe('stopped');
    expect(steps.length).toBeGreaterThan(count);
    expect(store.checkpoints().at(-1)).toBe(stopped.lastStep);
    const h = store.history();
    expect(h.steps.map((s) => s.step)).toEqual(Array.from({ length: h.steps.length }, (_, i) => i));
  }, 60_000);

  test('a run left running by a dead engine is marked interrupted and resumes from its checkpoint at the right step', async () => {
    const req = group(9, 1);
    const meta = planGroup(req, loadData(req.data), 'cpu')[0];
    const store = RunStore.create(runsDir(dir), meta);
    // Die right after logging step 7; checkpoints were written after steps 3 and 6.
    expect(await executeRun(runsDir(dir), meta.id, { factory: createNet, crashAfterStep: 7 })).toBe(
      'interrupted',
    );
    expect(store.checkpoints()).toEqual([3, 6]);
    const before = store.rawLog().filter((r): r is StepRecord => r.t === 'step');
    expect(before.map((r) => r.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);

    const m = new RunManager({ dataDir: dir, backend: 'cpu', threads: false, factory: createNet });
    expect(m.meta(meta.id).status).toBe('interrupted');
    expect(m.meta(meta.id).message).toMatch(/resume continues from step 6/);
    await m.resume(meta.id);
    expect(await m.wait(meta.id)).toBe('done');
    const h = store.history();
    expect(h.steps.map((r) => r.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    // Steps 6 and 7 computed again from the checkpoint (weights, optimizer state, data position) match.
    for (const s of [6, 7]) {
      const again = h.steps.find((r) => r.step === s)!;
      const first = before.find((r) => r.step === s)!;
      expect(again.loss).toBeCloseTo(first.loss, 5);
      expect(again.lr).toBe(first.lr);
      expect(again.gradNorm).toBeCloseTo(first.gradNorm, 4);
    }
    expect(h.records.some((r) => r.t === 'resume' && r.step === 6)).toBe(true);
  }, 60_000);
});

describe('a run folder deleted while the run ends', () => {
  test('the run winds down without an unhandled error, and the list goes on without it', async () => {
    const m = new RunManager({ dataDir: dir, backend: 'cpu', threads: false, factory: createNet });
    const unhandled: unknown[] = [];
    const onRejection = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onRejection);
    try {
      const [meta] = await m.startGroup(group(40, 1));
      // Delete the folder under the running run: every later write (the last step, the final status) fails.
      rmSync(join(runsDir(dir), meta.id), { recursive: true, force: true });
      const ended = await m.wait(meta.id).catch((e: unknown) => e);
      expect(ended).toBeDefined();
      await new Promise((r) => setTimeout(r, 200)); // settle() runs after the run's promise
      expect(unhandled).toEqual([]);
      expect(m.list().some((r) => r.id === meta.id)).toBe(false);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
});
