import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src-main/engine/backends.js';
import { setIm2colChunkFloats } from '../../../src-main/engine/tfjs/fixes/conv2d-backprop-filter-wasm.js';
import { lcg, maxAbsDiff, naiveFilterGrad, onBackend, size, tfPadding } from './helpers.js';

type Case = { name: string; x: number[]; f: number[]; s: number; p: 'same' | 'valid' };
const cases: Case[] = [
  { name: '1×7 same', x: [2, 9, 9, 3], f: [1, 7, 3, 4], s: 1, p: 'same' },
  { name: '7×1 same', x: [2, 9, 9, 3], f: [7, 1, 3, 4], s: 1, p: 'same' },
  { name: '3×3 stride 2 valid', x: [2, 9, 8, 3], f: [3, 3, 3, 5], s: 2, p: 'valid' },
  { name: '5×5 same', x: [2, 8, 8, 3], f: [5, 5, 3, 4], s: 1, p: 'same' },
  { name: '3×3 stride 2 same (asymmetric pad)', x: [1, 10, 10, 4], f: [3, 3, 4, 2], s: 2, p: 'same' },
  { name: '1×1', x: [3, 5, 5, 6], f: [1, 1, 6, 3], s: 1, p: 'valid' },
  { name: '1×1 stride 2', x: [3, 6, 6, 6], f: [1, 1, 6, 3], s: 2, p: 'valid' },
];

function data(c: Case) {
  const oh = tfPadding(c.x[1], c.f[0], c.s, c.p).out;
  const ow = tfPadding(c.x[2], c.f[1], c.s, c.p).out;
  const dyShape = [c.x[0], oh, ow, c.f[3]];
  return { x: lcg(size(c.x), 7), w: lcg(size(c.f), 11), dy: lcg(size(dyShape), 13), dyShape };
}

/** dL/dW through tf.grad, where L = Σ conv2d(x, W) · dy. */
function filterGrad(c: Case, d: ReturnType<typeof data>): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor4d(d.x, c.x as [number, number, number, number]);
    const dy = tf.tensor(d.dy, d.dyShape);
    const g = tf.grad((w: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, w as tf.Tensor4D, c.s, c.p), dy)));
    return g(tf.tensor4d(d.w, c.f as [number, number, number, number])).dataSync() as Float32Array;
  });
}

beforeAll(async () => {
  await initBackend({ force: 'wasm' });
});

describe('wasm Conv2DBackpropFilter (im2col + matmul)', () => {
  test.each(cases)('$name: matches the definition (float64) and the cpu backend within 1e-3', async (c) => {
    const d = data(c);
    const wasm = filterGrad(c, d);
    const cpu = await onBackend('cpu', () => filterGrad(c, d));
    expect(maxAbsDiff(wasm, naiveFilterGrad(d.x, c.x, d.dy, c.f, c.s, c.p))).toBeLessThan(1e-3);
    expect(maxAbsDiff(wasm, cpu)).toBeLessThan(1e-3);
  });

  test.each(cases.slice(0, 4))(
    '$name: matches numeric gradients (central differences on the forward pass)',
    (c) => {
      const d = data(c);
      const analytic = filterGrad(c, d);
      // L is linear in W, so a central difference is exact up to float32 rounding; a large h keeps that small.
      const h = 0.5;
      const loss = (w: Float32Array) =>
        tf.tidy(
          () =>
            tf
              .sum(
                tf.mul(
                  tf.conv2d(tf.tensor4d(d.x, c.x as never), tf.tensor4d(w, c.f as never), c.s, c.p),
                  tf.tensor(d.dy, d.dyShape),
                ),
              )
              .dataSync()[0],
        );
      const numeric = new Float64Array(d.w.length);
      for (let i = 0; i < d.w.length; i++) {
        const plus = d.w.slice();
        const minus = d.w.slice();
        plus[i] += h;
        minus[i] -= h;
        numeric[i] = (loss(plus) - loss(minus)) / (2 * h);
      }
      expect(maxAbsDiff(analytic, numeric)).toBeLessThan(1e-3);
    },
  );

  test('splitting the batch into chunks gives the same result', () => {
    const c: Case = { name: 'chunked', x: [5, 7, 7, 3], f: [3, 3, 3, 4], s: 1, p: 'same' };
    const d = data(c);
    const whole = filterGrad(c, d);
    const old = setIm2colChunkFloats(2 * 7 * 7 * 27); // two images per chunk: chunks of 2, 2, 1
    try {
      const chunked = filterGrad(c, d);
      expect(maxAbsDiff(whole, chunked)).toBeLessThan(1e-4);
      expect(maxAbsDiff(chunked, naiveFilterGrad(d.x, c.x, d.dy, c.f, c.s, c.p))).toBeLessThan(1e-3);
    } finally {
      setIm2colChunkFloats(old);
    }
  });

  test('leaves no tensors or wasm buffers behind', () => {
    const c = cases[2];
    const d = data(c);
    filterGrad(c, d); // warm-up
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const tensors = tf.memory().numTensors;
    const buffers = backend.numDataIds();
    filterGrad(c, d);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(buffers);
  });
});
