/**
 * The Float32Array optimizers (ONNX Runtime trainer) against the tfjs ones (tfjs trainer): the same
 * gradients give the same weights after many steps, and either one's exported state resumes on the other.
 * The expected values come from tfjs' own arithmetic, not from the code under test.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Rng } from '../../../src-main/engine/data/rng.js';
import { JsOptimizer, type JsParam } from '../../../src-main/engine/train/optimizer-js.js';
import {
  Optimizer,
  type ClipConfig,
  type OptimizerConfig,
} from '../../../src-main/engine/train/optimizer.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const RMS: OptimizerConfig = {
  kind: 'rmsprop',
  decay: 0.9,
  epsilon: 1,
  momentum: 0.9,
  rmsInit: 1,
  weightDecay: 0,
};
const SGD: OptimizerConfig = { kind: 'sgd', decay: 0, epsilon: 0, momentum: 0.9, rmsInit: 0, weightDecay: 0 };
const ADAM: OptimizerConfig = {
  kind: 'adam',
  decay: 0.999,
  epsilon: 1e-7,
  momentum: 0.9,
  rmsInit: 0,
  weightDecay: 0,
};
const CLIP: ClipConfig = { kind: 'global-norm', threshold: 2 };
const NONE: ClipConfig = { kind: 'none', threshold: 0 };

const SHAPES: Record<string, number[]> = { 'conv/kernel': [3, 3, 2, 4], 'conv/bias': [4], 'bn/gamma': [4] };

function values(rng: Rng, n: number, scale: number): Float32Array {
  return Float32Array.from({ length: n }, () => scale * (2 * rng.next() - 1));
}

/** Two optimizers over the same initial weights: tfjs variables and JS arrays. */
function pair(cfg: OptimizerConfig) {
  const rng = new Rng(7);
  const vars = new Map<string, tf.Variable>();
  const params = new Map<string, JsParam>();
  for (const [name, shape] of Object.entries(SHAPES)) {
    const data = values(
      rng,
      shape.reduce((a, b) => a * b, 1),
      1,
    );
    vars.set(name, tf.variable(tf.tensor(data, shape), true, `${name}${Math.random()}`));
    params.set(name, { data: data.slice(), shape });
  }
  return { tfjs: new Optimizer(cfg, vars), js: new JsOptimizer(cfg, params), vars, params };
}

function gradients(rng: Rng, scale: number): Record<string, Float32Array> {
  return Object.fromEntries(
    Object.entries(SHAPES).map(([n, s]) => [
      n,
      values(
        rng,
        s.reduce((a, b) => a * b, 1),
        scale,
      ),
    ]),
  );
}

function stepBoth(p: ReturnType<typeof pair>, g: Record<string, Float32Array>, lr: number, clip: ClipConfig) {
  const tg = Object.fromEntries(Object.entries(g).map(([n, d]) => [n, tf.tensor(d, SHAPES[n])]));
  const a = p.tfjs.step(tg, lr, clip);
  tf.dispose(Object.values(tg));
  const b = p.js.step(g, lr, clip);
  return { a, b };
}

function maxDiff(p: ReturnType<typeof pair>): number {
  let d = 0;
  for (const [n, v] of p.vars) {
    const t = v.dataSync();
    const j = p.params.get(n)!.data;
    for (let i = 0; i < t.length; i++) d = Math.max(d, Math.abs(t[i]! - j[i]!));
  }
  return d;
}

const cases: [string, OptimizerConfig, ClipConfig][] = [
  ['TF1 RMSProp with global-norm clipping', RMS, CLIP],
  ['RMSProp with weight decay, no clipping', { ...RMS, weightDecay: 4e-5 }, NONE],
  ['SGD with momentum and clipping', SGD, CLIP],
  ['SGD with weight decay', { ...SGD, weightDecay: 1e-3 }, NONE],
  ['Adam', ADAM, CLIP],
  ['Adam with weight decay', { ...ADAM, weightDecay: 1e-3 }, NONE],
];

describe('JS optimizers step as the tfjs ones do', () => {
  test.each(cases)('%s: 50 steps from the same gradients give the same weights (1e-6)', (_, cfg, clip) => {
    const p = pair(cfg);
    const rng = new Rng(11);
    let clippedSome = false;
    for (let s = 0; s < 50; s++) {
      // Alternate small and large gradients so clipping both acts and does not.
      const { a, b } = stepBoth(p, gradients(rng, s % 3 === 0 ? 2 : 0.3), 0.01 * (1 + (s % 4)), clip);
      expect(b.gradNorm).toBeCloseTo(a.gradNorm, 4);
      expect(b.clipped).toBe(a.clipped);
      clippedSome ||= a.clipped;
    }
    expect(clippedSome).toBe(clip.kind === 'global-norm');
    expect(maxDiff(p)).toBeLessThan(1e-6);
    p.tfjs.dispose();
  });

  test.each(cases)('%s: state exported by either engine resumes on the other', (_, cfg, clip) => {
    const rng = new Rng(3);
    const steps = Array.from({ length: 12 }, (_, s) => gradients(rng, s % 2 ? 1.5 : 0.2));
    // Reference: tfjs throughout.
    const ref = pair(cfg);
    for (const g of steps) stepBoth(ref, g, 0.02, clip);
    // tfjs for 6 steps, then its weights and state move to JS (and the other way round).
    const a = pair(cfg);
    for (const g of steps.slice(0, 6)) stepBoth(a, g, 0.02, clip);
    const b = pair(cfg);
    for (const [n, v] of a.vars) b.params.get(n)!.data.set(v.dataSync());
    b.js.importState(a.tfjs.exportState());
    for (const [n, p] of a.params) b.vars.get(n)!.assign(tf.tensor(p.data, p.shape));
    b.tfjs.importState(a.js.exportState());
    for (const g of steps.slice(6)) stepBoth(b, g, 0.02, clip);
    for (const [n, v] of ref.vars) {
      const want = v.dataSync();
      const js = b.params.get(n)!.data;
      const tfjs = b.vars.get(n)!.dataSync();
      for (let i = 0; i < want.length; i++) {
        expect(Math.abs(js[i]! - want[i]!)).toBeLessThan(1e-6);
        expect(Math.abs(tfjs[i]! - want[i]!)).toBeLessThan(1e-6);
      }
    }
    const slots = a.tfjs.exportState().map((s) => `${s.variable}:${s.slot}:[${s.shape}]`);
    expect(a.js.exportState().map((s) => `${s.variable}:${s.slot}:[${s.shape}]`)).toEqual(slots);
    [ref, a, b].forEach((p) => p.tfjs.dispose());
  });

  test('Adam follows Kingma & Ba at its first step: w − lr·g/(|g| + ε/√(1−β2)) (ε̂ form; bias correction cancels)', () => {
    const p = pair(ADAM);
    const before = p.params.get('conv/bias')!.data.slice();
    const g = gradients(new Rng(5), 0.5);
    stepBoth(p, g, 0.1, NONE);
    const after = p.params.get('conv/bias')!.data;
    for (let i = 0; i < before.length; i++) {
      const gi = g['conv/bias']![i]!;
      expect(after[i]!).toBeCloseTo(
        before[i]! - (0.1 * gi) / (Math.abs(gi) + 1e-7 / Math.sqrt(1 - 0.999)),
        6,
      );
    }
    p.tfjs.dispose();
  });

  test('a state for another shape or slot is refused with the variable named', () => {
    const p = pair(RMS);
    expect(() =>
      p.js.importState([{ variable: 'conv/bias', slot: 'ms', shape: [5], data: new Float32Array(5) }]),
    ).toThrow(/conv\/bias has shape \[5\]/);
    expect(() =>
      p.js.importState([{ variable: 'conv/bias', slot: 'm', shape: [4], data: new Float32Array(4) }]),
    ).toThrow(/slot m does not exist for rmsprop/);
    p.tfjs.dispose();
  });
});
