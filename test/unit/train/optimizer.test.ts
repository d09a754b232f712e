import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Optimizer, type OptimizerConfig } from '../../../src-main/engine/train/optimizer.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const rms: OptimizerConfig = {
  kind: 'rmsprop',
  decay: 0.9,
  epsilon: 1.0,
  momentum: 0.9,
  rmsInit: 1,
  weightDecay: 0,
};
const none = { kind: 'none' as const, threshold: 0 };

function setup(cfg: OptimizerConfig) {
  const w = tf.variable(tf.tensor1d([1, -2]), true, `w${Math.random()}`);
  const opt = new Optimizer(cfg, new Map([['w', w]]));
  return { w, opt };
}

describe('RMSProp (TF1)', () => {
  test('two steps match a hand computation', () => {
    const { w, opt } = setup(rms);
    const g = { w: tf.tensor1d([0.5, 1]) };
    // Step 1: ms = 0.9·1 + 0.1·g² = [0.925, 1.0]; mom = 0.1·g/√(ms+1) = [0.0360375, 0.0707107].
    opt.step(g, 0.1, none);
    expect(Array.from(w.dataSync())[0]).toBeCloseTo(0.9639625, 6);
    expect(Array.from(w.dataSync())[1]).toBeCloseTo(-2.0707107, 6);
    // Step 2: ms = [0.8575, 1.0]; mom = 0.9·mom + 0.1·g/√(ms+1) = [0.0691202, 0.1343503].
    opt.step(g, 0.1, none);
    expect(w.dataSync()[0]).toBeCloseTo(0.8948423, 6);
    expect(w.dataSync()[1]).toBeCloseTo(-2.205061, 6);
    const state = Object.fromEntries(opt.exportState().map((s) => [s.slot, Array.from(s.data)]));
    expect(state.ms[0]).toBeCloseTo(0.8575, 6);
    expect(state.ms[1]).toBeCloseTo(1.0, 6);
    expect(state.mom[0]).toBeCloseTo(0.0691202, 6);
    expect(state.mom[1]).toBeCloseTo(0.1343503, 6);
  });

  test('state exported after one step and imported elsewhere continues identically', () => {
    const a = setup(rms);
    const g = { w: tf.tensor1d([0.5, 1]) };
    a.opt.step(g, 0.1, none);
    const b = setup(rms);
    b.w.assign(a.w);
    b.opt.importState(a.opt.exportState());
    a.opt.step(g, 0.1, none);
    b.opt.step(g, 0.1, none);
    expect(Array.from(b.w.dataSync())).toEqual(Array.from(a.w.dataSync()));
  });
});

describe('SGD with momentum', () => {
  test('v ← 0.9·v + g; w ← w − lr·v', () => {
    const { w, opt } = setup({ ...rms, kind: 'sgd' });
    const g = { w: tf.tensor1d([0.5, 1]) };
    opt.step(g, 0.1, none);
    expect(w.dataSync()[0]).toBeCloseTo(0.95, 6);
    opt.step(g, 0.1, none);
    expect(w.dataSync()[0]).toBeCloseTo(0.855, 6);
    expect(w.dataSync()[1]).toBeCloseTo(-2.29, 6);
  });
});

describe('gradient clipping', () => {
  test('global norm 5 clipped to 2 scales the gradient by 2/5', () => {
    const { w, opt } = setup({ ...rms, kind: 'sgd', momentum: 0 });
    const r = opt.step({ w: tf.tensor1d([3, 4]) }, 1, { kind: 'global-norm', threshold: 2 });
    expect(r.gradNorm).toBeCloseTo(5, 6);
    expect(r.clipped).toBe(true);
    expect(w.dataSync()[0]).toBeCloseTo(1 - 1.2, 6);
    expect(w.dataSync()[1]).toBeCloseTo(-2 - 1.6, 6);
  });

  test('a norm under the threshold passes unchanged', () => {
    const { w, opt } = setup({ ...rms, kind: 'sgd', momentum: 0 });
    const r = opt.step({ w: tf.tensor1d([0.3, 0.4]) }, 1, { kind: 'global-norm', threshold: 2 });
    expect(r.clipped).toBe(false);
    expect(w.dataSync()[0]).toBeCloseTo(0.7, 6);
  });
});
