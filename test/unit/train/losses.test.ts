import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import {
  smoothedTargets,
  softmaxCrossEntropy,
  topKErrors,
  totalLoss,
} from '../../../src-main/engine/train/losses.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('label smoothing', () => {
  test('q′ = (1−ε)δ + ε/K exactly (K = 4, ε = 0.1)', () => {
    const q = smoothedTargets([2, 0], 4, 0.1);
    // 0.1/4 = 0.025 off the label, 0.9 + 0.025 = 0.925 on it.
    expect(Array.from(q)).toEqual(
      Array.from(new Float32Array([0.025, 0.025, 0.925, 0.025, 0.925, 0.025, 0.025, 0.025])),
    );
  });

  test('ε = 0 is one-hot', () => {
    expect(Array.from(smoothedTargets([1], 3, 0))).toEqual([0, 1, 0]);
  });

  test('cross-entropy against smoothed targets matches a hand computation', () => {
    // logits [1,2,3,4]: logsumexp = 4.4401897; −Σ q·log p = 0.025·6.3205691 + 0.925·1.4401897 = 1.4901897
    const loss = softmaxCrossEntropy(
      tf.tensor2d([[1, 2, 3, 4]]),
      tf.tensor2d(smoothedTargets([2], 4, 0.1), [1, 4]),
    );
    expect(loss.dataSync()[0]).toBeCloseTo(1.4901897, 5);
  });

  test('uniform logits cost log K whatever the target', () => {
    const loss = softmaxCrossEntropy(
      tf.zeros([2, 4]) as tf.Tensor2D,
      tf.tensor2d(smoothedTargets([0, 3], 4, 0.1), [2, 4]),
    );
    expect(loss.dataSync()[0]).toBeCloseTo(Math.log(4), 5);
  });
});

describe('auxiliary loss', () => {
  test('enters the total with its weight', () => {
    const targets = tf.tensor2d([[0, 1]]);
    const main = tf.tensor2d([[0, 0]]); // loss log 2
    const aux = tf.tensor2d([[0, Math.log(3)]]); // p = [1/4, 3/4] → loss −log 0.75
    const r = totalLoss(main, [{ name: 'aux', weight: 0.3, logits: aux }], targets);
    const expected = Math.log(2) + 0.3 * -Math.log(0.75);
    expect(r.main.dataSync()[0]).toBeCloseTo(Math.log(2), 6);
    expect(r.aux.aux.dataSync()[0]).toBeCloseTo(-Math.log(0.75), 6);
    expect(r.total.dataSync()[0]).toBeCloseTo(expected, 6);
  });

  test('its gradient reaches the aux logits scaled by the weight', () => {
    const targets = tf.tensor2d([[1, 0]]);
    const g = tf.grad(
      (a: tf.Tensor) =>
        totalLoss(tf.tensor2d([[0, 0]]), [{ name: 'a', weight: 0.3, logits: a as tf.Tensor2D }], targets)
          .total,
    );
    // ∂CE/∂z = p − q = [0.5 − 1, 0.5] at zero logits; ×0.3.
    const d = g(tf.tensor2d([[0, 0]])).dataSync();
    expect(d[0]).toBeCloseTo(-0.15, 6);
    expect(d[1]).toBeCloseTo(0.15, 6);
  });
});

describe('top-k error', () => {
  const logits = new Float32Array([
    0.1,
    0.5,
    0.2,
    0.9, // label 3: top-1 right
    0.4,
    0.3,
    0.2,
    0.1, // label 2: rank 3 → top-1 and top-2 wrong, top-3 right
    1,
    1,
    1,
    1, // constant: ties count against the label
  ]);
  const labels = [3, 2, 0];
  test('counts rows outside the top k', () => {
    expect(topKErrors(logits, labels, 4, 1)).toBe(2);
    expect(topKErrors(logits, labels, 4, 2)).toBe(2);
    expect(topKErrors(logits, labels, 4, 3)).toBe(1);
    expect(topKErrors(logits, labels, 4, 4)).toBe(0);
  });
});
