/**
 * Every op the specs train with has a gradient on wasm that matches the cpu backend and numeric
 * gradients (with the project's fixes applied by initBackend). This is how the project found what
 * wasm lacks (Conv2DBackpropFilter) and what is wrong (AvgPoolGrad with padding on cpu and wasm,
 * MaxPoolGrad with negative windows on wasm); the fixes live in src-main/engine/tfjs/fixes.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src-main/engine/backends.js';
import { lcg, maxAbsDiff, onBackend, size } from './helpers.js';

type Op = { name: string; shape: number[]; f: (x: tf.Tensor4D) => tf.Tensor };
const explicit = (
  t: number,
  b: number,
  l: number,
  r: number,
): [[0, 0], [number, number], [number, number], [0, 0]] => [
  [0, 0],
  [t, b],
  [l, r],
  [0, 0],
];
const ops: Op[] = [
  {
    name: 'conv2d 3×3 same',
    shape: [2, 5, 5, 3],
    f: (x) => tf.conv2d(x, tf.tensor4d(lcg(3 * 3 * 3 * 2, 5), [3, 3, 3, 2]), 1, 'same'),
  },
  {
    name: 'fused conv2d + bias + relu',
    shape: [1, 5, 5, 3],
    f: (x) =>
      tf.fused.conv2d({
        x,
        filter: tf.tensor4d(lcg(18, 6), [1, 3, 3, 2]),
        strides: 1,
        pad: 'same',
        bias: tf.tensor1d([0.1, -0.2]),
        activation: 'relu',
      }),
  },
  { name: 'max pool 3×3/2 valid', shape: [1, 7, 7, 2], f: (x) => tf.maxPool(x, 3, 2, 'valid') },
  { name: 'max pool 3×3/1 same', shape: [1, 5, 5, 2], f: (x) => tf.maxPool(x, 3, 1, 'same') },
  {
    name: 'max pool 3×3/2 explicit pads (ceil mode)',
    shape: [1, 6, 6, 2],
    f: (x) => tf.maxPool(x, 3, 2, explicit(0, 1, 0, 1)),
  },
  { name: 'avg pool 3×3/1 same', shape: [1, 5, 5, 2], f: (x) => tf.avgPool(x, 3, 1, 'same') },
  { name: 'avg pool 5×5/3 valid', shape: [1, 8, 8, 2], f: (x) => tf.avgPool(x, 5, 3, 'valid') },
  {
    name: 'avg pool 3×3/2 explicit pads',
    shape: [1, 6, 6, 2],
    f: (x) => tf.avgPool(x, 3, 2, explicit(1, 2, 1, 2)),
  },
  { name: 'LRN', shape: [1, 3, 3, 6], f: (x) => tf.localResponseNormalization(x, 2, 1, 1e-2, 0.75) },
  { name: 'concat', shape: [1, 3, 3, 2], f: (x) => tf.concat([tf.relu(x), tf.mul(x, 2), x], 3) },
  { name: 'zero pad', shape: [1, 3, 3, 2], f: (x) => tf.pad(x, explicit(1, 0, 2, 1)) },
  {
    name: 'residual add with scale',
    shape: [1, 3, 3, 2],
    f: (x) => tf.relu(tf.add(x, tf.mul(tf.square(x), 0.17))),
  },
  { name: 'global average pool', shape: [2, 3, 3, 4], f: (x) => tf.mean(x, [1, 2]) },
  {
    name: 'batch norm (training statistics)',
    shape: [3, 2, 2, 3],
    f: (x) => {
      const { mean, variance } = tf.moments(x, [0, 1, 2]);
      // A γ is always passed: tf.batchNorm without one cannot be differentiated at all (see the BN fix).
      return tf.batchNorm(x, mean, variance, tf.tensor1d([0.1, 0, -0.1]), tf.tensor1d([1, 1.5, 0.5]), 1e-3);
    },
  },
  {
    name: 'dense + softmax cross-entropy',
    shape: [2, 1, 1, 6],
    f: (x) => {
      const logits = tf.add(
        tf.matMul(tf.reshape(x, [2, 6]), tf.tensor2d(lcg(24, 8), [6, 4])),
        tf.tensor1d([0, 0.1, 0.2, 0.3]),
      );
      return tf.losses.softmaxCrossEntropy(
        tf.tensor2d([
          [0, 1, 0, 0],
          [0.1, 0.1, 0.7, 0.1],
        ]),
        logits,
      );
    },
  },
];

/** d/dx of Σ f(x)·r for a fixed random r. */
function gradOf(op: Op, x: Float32Array): { grad: Float32Array; loss: (v: Float32Array) => number } {
  const loss = (v: Float32Array) =>
    tf.tidy(() => {
      const y = op.f(tf.tensor4d(v, op.shape as [number, number, number, number]));
      return tf.sum(tf.mul(y, tf.tensor(lcg(y.size, 17), y.shape))).dataSync()[0];
    });
  const grad = tf.tidy(() => {
    const g = tf.grad((t: tf.Tensor) => {
      const y = op.f(t as tf.Tensor4D);
      return tf.sum(tf.mul(y, tf.tensor(lcg(y.size, 17), y.shape)));
    });
    return g(tf.tensor4d(x, op.shape as [number, number, number, number])).dataSync() as Float32Array;
  });
  return { grad, loss };
}

/** Distinct values spaced 2/n apart, shuffled, none within 1/n of zero: no max-pool ties or ReLU kinks within h. */
function distinct(n: number, seed: number): Float32Array {
  const v = Array.from({ length: n }, (_, i) => (2 * i + 1 - n) / n);
  const r = lcg(n, seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(((r[i] + 1) / 2) * (i + 1));
    [v[i], v[j]] = [v[j], v[i]];
  }
  return Float32Array.from(v);
}

function numeric(loss: (v: Float32Array) => number, x: Float32Array, h = 1e-3): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const p = x.slice();
    const m = x.slice();
    p[i] += h;
    m[i] -= h;
    out[i] = (loss(p) - loss(m)) / (2 * h);
  }
  return out;
}

beforeAll(async () => {
  await initBackend({ force: 'wasm' });
});

describe('gradients of the specs’ ops on wasm', () => {
  test.each(ops)('$name: wasm = cpu, and both = numeric', async (op) => {
    const x = distinct(size(op.shape), 23);
    const w = gradOf(op, x);
    const c = await onBackend('cpu', () => {
      const r = gradOf(op, x);
      return { grad: r.grad, numeric: numeric(r.loss, x) };
    });
    expect(maxAbsDiff(w.grad, c.grad)).toBeLessThan(1e-4);
    // Central differences in float32 with h = 1e-3: float32 rounding of the loss dominates, ~1e-4 here.
    expect(maxAbsDiff(w.grad, numeric(w.loss, x))).toBeLessThan(5e-3);
    expect(maxAbsDiff(c.grad, c.numeric)).toBeLessThan(5e-3);
  });

  test('wasm lacks no kernel that training these ops needs (beyond the one the project supplies)', () => {
    const wasm = new Set(tf.getKernelsForBackend('wasm').map((k) => k.kernelName));
    const cpu = tf.getKernelsForBackend('cpu').map((k) => k.kernelName);
    const missing = cpu.filter((k) => !wasm.has(k));
    // What remains missing is unrelated to CNN training: complex numbers, FFT, ragged, strings, einsum,
    // depthwise backprop (no depthwise convs in any Inception), and UnsortedSegmentSum (gather's gradient).
    for (const k of [
      'Conv2DBackpropFilter',
      'Conv2DBackpropInput',
      'MaxPoolGrad',
      'AvgPoolGrad',
      'LRNGrad',
      'Concat',
      'SplitV',
      'Slice',
      'PadV2',
      'Step',
    ]) {
      expect(missing).not.toContain(k);
    }
  });
});
