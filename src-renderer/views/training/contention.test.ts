// Expected values worked out by hand from the benchmark's figures (comments), not by running the code.
import { describe, expect, it } from 'vitest';
import type { RunMeta, StepRecord } from '../../../src-main/shared/protocol/index';
import { contention, presetExpected } from './contention';

const step = (o: Partial<StepRecord>): StepRecord => ({
  t: 'step',
  step: 100,
  epoch: 1,
  time: 0,
  wall: 100,
  lr: 0.01,
  loss: 1,
  main: 1,
  aux: {},
  top1: 0.5,
  gradNorm: 1,
  imagesPerSec: 10,
  eta: 300,
  ...o,
});
const lesson13 = {
  network: 'inception_v3',
  width: 0.125,
  input: 32,
  data: { kind: 'mnist' },
  steps: 400,
  batch: 16,
} as Pick<RunMeta, 'network' | 'width' | 'input' | 'data' | 'steps' | 'batch'>;

describe('CPU contention note', () => {
  it("knows lesson 13's measured figure: 400 × 16 images in 54 s ≈ 118.5 images/s per run", () => {
    const e = presetExpected(lesson13)!;
    expect(e.seconds).toBe(54);
    expect(e.imagesPerSec).toBeCloseTo(6400 / 54, 6);
    expect(presetExpected({ ...lesson13, steps: 600 })).toBeUndefined();
    expect(
      presetExpected({ ...lesson13, data: { kind: 'shapes', seed: 1 } } as typeof lesson13),
    ).toBeUndefined();
  });

  it('says nothing on a quiet CPU or without a load figure (Windows)', () => {
    expect(contention(step({ load: 1.0 }))).toBeUndefined();
    expect(contention(step({}))).toBeUndefined();
  });

  it('on a busy CPU gives the load and, past 1.25× the promise, the figure missed', () => {
    const e = presetExpected(lesson13)!;
    // 100 s done + 300 s left = 400 s > 1.25 · 54 = 67.5 s
    expect(contention(step({ load: 2.1 }), e)).toEqual({
      load: 2.1,
      imagesPerSec: 10,
      totalSeconds: 400,
      expected: e,
    });
    // 30 + 30 = 60 s ≤ 67.5 s: busy, but the promise still holds
    expect(contention(step({ load: 2.1, wall: 30, eta: 30 }), e)).toEqual({
      load: 2.1,
      imagesPerSec: 10,
      totalSeconds: 60,
    });
  });
});
