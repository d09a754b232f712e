/** The pooling-gradient fixes against gradients worked out by hand on a 3×3 input. */
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src-main/engine/backends.js';
import { registerPoolGradFixes } from '../../../src-main/engine/tfjs/fixes/pool-grads.js';
import { onBackend } from './helpers.js';

// x = [[-5, -4, -3], [-2, -1, -6], [-7, -8, -9]], one channel: every window maximum is negative.
const X = [-5, -4, -3, -2, -1, -6, -7, -8, -9];
const grad = (f: (x: tf.Tensor4D) => tf.Tensor) =>
  Array.from(
    tf.tidy(() =>
      tf
        .grad((t: tf.Tensor) => tf.sum(f(t as tf.Tensor4D)))(tf.tensor4d(X, [1, 3, 3, 1]))
        .dataSync(),
    ),
  );

beforeAll(async () => {
  await initBackend({ force: 'wasm' });
});

describe.each(['wasm', 'cpu'])('pool gradients on %s', (backend) => {
  const on = <T>(f: () => T) => onBackend(backend, f);

  test('the fixes are installed once', () => {
    expect(registerPoolGradFixes()).toBe(0);
  });

  test('avg pool 2×2/1 same: border windows divide by their in-bounds count', async () => {
    // 'same' pads one row/column at the bottom/right. x[2][2] is in windows of 4, 2, 2 and 1 cells:
    // 1/4 + 1/2 + 1/2 + 1 = 2.25. x[0][2] is in windows (0,1) of 4 cells and (0,2) of 2: 0.75.
    expect(await on(() => grad((x) => tf.avgPool(x, 2, 1, 'same')))).toEqual([
      0.25, 0.5, 0.75, 0.5, 1, 1.5, 0.75, 1.5, 2.25,
    ]);
  });

  test('avg pool 2×2/2 same', async () => {
    // Windows: {x00,x01,x10,x11}, {x02,x12}, {x20,x21}, {x22}.
    expect(await on(() => grad((x) => tf.avgPool(x, 2, 2, 'same')))).toEqual([
      0.25, 0.25, 0.5, 0.25, 0.25, 0.5, 0.5, 0.5, 1,
    ]);
  });

  test('avg pool with explicit asymmetric pads', async () => {
    // pads top 1, bottom 0, left 0, right 1; 2×2/2 → 2×2 outputs over rows {0},{1,2} and cols {0,1},{2}.
    const g = await on(() =>
      grad((x) =>
        tf.avgPool(x, 2, 2, [
          [0, 0],
          [1, 0],
          [0, 1],
          [0, 0],
        ]),
      ),
    );
    expect(g).toEqual([0.5, 0.5, 1, 0.25, 0.25, 0.5, 0.25, 0.25, 0.5]);
  });

  test('max pool 2×2/1 valid with negative windows', async () => {
    // Every one of the four windows has its maximum at x11 = -1.
    expect(await on(() => grad((x) => tf.maxPool(x, 2, 1, 'valid')))).toEqual([0, 0, 0, 0, 4, 0, 0, 0, 0]);
  });

  test('max pool 2×2/1 same with negative windows', async () => {
    // Maxima: (0,0)→x11, (0,1)→x11, (0,2)→x02=-3, (1,0)→x11, (1,1)→x11, (1,2)→x12=-6,
    // (2,0)→x20=-7, (2,1)→x21=-8, (2,2)→x22=-9.
    expect(await on(() => grad((x) => tf.maxPool(x, 2, 1, 'same')))).toEqual([0, 0, 1, 0, 4, 1, 1, 1, 1]);
  });

  test('max pool ties go to the first maximum in the window', async () => {
    const g = await on(() =>
      Array.from(
        tf.tidy(() =>
          tf
            .grad((t: tf.Tensor) => tf.sum(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid')))(
              tf.tensor4d([1, 3, 3, 0], [1, 2, 2, 1]),
            )
            .dataSync(),
        ),
      ),
    );
    expect(g).toEqual([0, 1, 0, 0]);
  });
});
