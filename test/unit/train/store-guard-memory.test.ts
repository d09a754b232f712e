import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyse } from '../../../src-main/analysis/analyse.js';
import { buildNetwork } from '../../../src-main/zoo/index.js';
import { MemoryError, planMemory } from '../../../src-main/engine/train/memory.js';
import { DivergenceGuard } from '../../../src-main/engine/train/session.js';
import { RunStore } from '../../../src-main/engine/train/store.js';
import type { RunMeta } from '../../../src-main/engine/train/types.js';
import { stepRecord as step } from './records.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ie-store-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('run store', () => {
  test('a torn last line is skipped; a resume supersedes the steps computed again', () => {
    const s = RunStore.create(dir, { id: 'r1', createdAt: 1 } as RunMeta);
    for (let i = 0; i < 5; i++) s.append(step(i, 5 - i));
    appendFileSync(join(s.dir, 'log.jsonl'), '{"t":"step","step":5,"lo'); // killed mid-write
    expect(s.rawLog()).toHaveLength(5);
    appendFileSync(join(s.dir, 'log.jsonl'), '\n');
    s.append({ t: 'resume', step: 3, time: 0 });
    s.append(step(3, 9));
    s.append(step(4, 8));
    const h = s.history();
    expect(h.steps.map((r) => [r.step, r.loss])).toEqual([
      [0, 5],
      [1, 4],
      [2, 3],
      [3, 9],
      [4, 8],
    ]);
  });

  test('checkpoints round-trip and only the last two are kept', () => {
    const s = RunStore.create(dir, { id: 'r2', createdAt: 2 } as RunMeta);
    for (const st of [4, 8, 12]) {
      s.saveCheckpoint({
        state: {
          step: st,
          epoch: 0,
          wall: st,
          rng: { seed: 1, epoch: 0, offset: st },
          weights: [],
          optimizer: [],
          savedAt: 0,
        },
        weights: Float32Array.from([st, 0.5]),
        optimizer: Float32Array.from([1, 2, 3]),
      });
    }
    expect(s.checkpoints()).toEqual([8, 12]);
    const c = s.loadCheckpoint()!;
    expect(c.state.step).toBe(12);
    expect(Array.from(c.weights)).toEqual([12, 0.5]);
    expect(Array.from(c.optimizer)).toEqual([1, 2, 3]);
    expect(RunStore.list(dir).map((m) => m.id)).toEqual(['r2', 'r1']);
  });
});

describe('divergence guard', () => {
  test('a NaN loss stops at its step and names the head', () => {
    const g = new DivergenceGuard(10);
    expect(g.check(step(0, 2.3))).toBeNull();
    const msg = g.check(step(1, NaN, { main: 2, aux: { AuxLogits: NaN } }));
    expect(msg).toMatch(/^Stopped at step 1: the training loss became NaN \(AuxLogits loss NaN\)/);
  });
  test('an infinite gradient norm is named', () => {
    expect(new DivergenceGuard(10).check(step(7, 2, { gradNorm: Infinity }))).toMatch(
      /step 7: the gradient norm became Infinity/,
    );
  });
  test('a loss above 10× its start for 3 steps is divergence', () => {
    const g = new DivergenceGuard(10);
    g.check(step(0, 2.5));
    expect(g.check(step(1, 30))).toBeNull();
    expect(g.check(step(2, 40))).toBeNull();
    expect(g.check(step(3, 50))).toMatch(
      /step 3: the training loss diverged \(50\.00, above 10× the starting 2\.500 for 3 steps\)/,
    );
  });
});

describe('wasm memory plan', () => {
  const full = analyse(buildNetwork('inception_v3', { classes: 1000 }));
  test('full Inception-v3 at batch 8 is split into micro-batches that fit, and says so', () => {
    // The stack probe: batch 4 peaked at 3.80 GiB, batch 8 aborted at the 4 GiB heap.
    const p = planMemory(full, 8, 'wasm');
    expect(p.accumulate).toBeGreaterThan(1);
    expect(p.microBatch * p.accumulate).toBe(8);
    expect(p.peakBytes).toBeLessThan(4 * 2 ** 30);
    expect(p.text).toMatch(
      /over the wasm backend's 4 GiB heap, so each step sums the gradients of \d micro-batches/,
    );
  });
  test('the estimate matches the probe’s measured peaks within 15 %', () => {
    const at = (b: number) => planMemory(full, b, 'cpu').peakBytes / 2 ** 30;
    expect(Math.abs(at(2) - 2.3) / 2.3).toBeLessThan(0.15);
    expect(Math.abs(at(4) - 3.8) / 3.8).toBeLessThan(0.15);
  });
  test('reduced variants need no accumulation; cpu has no ceiling; too big is refused', () => {
    const small = analyse(buildNetwork('inception_v3', { width: 0.125, input: 75, classes: 10 }));
    expect(planMemory(small, 32, 'wasm').accumulate).toBe(1);
    expect(planMemory(full, 64, 'cpu').accumulate).toBe(1);
    const huge = analyse(buildNetwork('inception_resnet_v2', { input: 1200, classes: 10 }));
    expect(() => planMemory(huge, 1, 'wasm')).toThrow(MemoryError);
  });
});
