/** The layers tfjs-layers lacks, through buildModel, against values worked out by hand. */
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../../../src-main/engine/backends.js';
import { buildModel } from '../../../src-main/engine/tfjs/build-model.js';
import { adaptiveWindow } from '../../../src-main/engine/tfjs/custom-layers.js';
import type { Layer } from '../../../src-main/shared/spec.js';
import { tinySpec } from './spec-helpers.js';

/** Runs a one-layer model on x ([H, W, C] nested arrays) and returns the [H, W, C] output. */
function run(input: [number, number, number], layer: Layer, x: number[]): number[][][] {
  const { model } = buildModel(tinySpec(input, [layer]));
  const y = tf.tidy(
    () =>
      tf.squeeze(model.predict(tf.tensor4d(x, [1, ...input])) as tf.Tensor, [0]).arraySync() as number[][][],
  );
  model.dispose();
  return y;
}
const channel = (y: number[][][], c = 0) => y.map((row) => row.map((px) => px[c]));
const range = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
const close = (a: number[][], b: number[][]) =>
  a.forEach((r, i) => r.forEach((v, j) => expect(v).toBeCloseTo(b[i][j], 5)));

beforeAll(async () => {
  await initBackend({ force: 'wasm' });
});

describe('LRN (Caffe parameters: α is divided by the window size)', () => {
  test('one pixel, three channels', () => {
    const [a, k, beta, n] = [0.5, 2, 0.75, 3];
    const y = run([1, 1, 3], { op: 'lrn', name: 'norm', size: n, alpha: a, beta, k }, [1, 2, 3])[0][0];
    // b_c = a_c / (k + α/n · Σ_{|d−c| ≤ 1} a_d²)^β
    const expected = [
      1 / (k + (a / n) * (1 + 4)) ** beta,
      2 / (k + (a / n) * (1 + 4 + 9)) ** beta,
      3 / (k + (a / n) * (4 + 9)) ** beta,
    ];
    y.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
  });
});

describe('pools with PyTorch padding', () => {
  const x66 = range(36, (i) => -i); // x[h][w] = −(6h + w): every window's max is its top-left cell
  test('max 3×3/2 ceil mode: 6×6 → 3×3, the overhanging window still pools', () => {
    const y = channel(
      run(
        [6, 6, 1],
        { op: 'maxpool', name: 'p', pool: [3, 3], strides: [2, 2], padding: 'valid', ceil: true },
        x66,
      ),
    );
    // Windows start at rows/cols 0, 2, 4; the max is x[2i][2j] = −(12i + 2j).
    expect(y).toEqual(range(3, (i) => range(3, (j) => -(12 * i + 2 * j))));
  });

  test('max 3×3/1 with explicit padding 1 ignores the padding (negative inputs)', () => {
    const y = channel(
      run(
        [6, 6, 1],
        {
          op: 'maxpool',
          name: 'p',
          pool: [3, 3],
          strides: [1, 1],
          padding: { top: 1, bottom: 1, left: 1, right: 1 },
        },
        x66,
      ),
    );
    // The window of output (i, j) starts at input (max(i−1, 0), max(j−1, 0)).
    expect(y).toEqual(range(6, (i) => range(6, (j) => -(6 * Math.max(i - 1, 0) + Math.max(j - 1, 0)))));
  });

  const ones = (n: number) => range(n * n, () => 1);
  const avg = (cip: boolean, n: number, k: number, s: number, p: number, ceil = false): Layer => ({
    op: 'avgpool',
    name: 'p',
    pool: [k, k],
    strides: [s, s],
    padding: { top: p, bottom: p, left: p, right: p },
    countIncludePad: cip,
    ...(ceil ? { ceil } : {}),
  });

  test('avg 3×3/1 pad 1 on ones: count_include_pad divides by 9, otherwise by the real cells', () => {
    close(channel(run([3, 3, 1], avg(true, 3, 3, 1, 1), ones(3))), [
      [4 / 9, 6 / 9, 4 / 9],
      [6 / 9, 1, 6 / 9],
      [4 / 9, 6 / 9, 4 / 9],
    ]);
    close(channel(run([3, 3, 1], avg(false, 3, 3, 1, 1), ones(3))), [
      [1, 1, 1],
      [1, 1, 1],
      [1, 1, 1],
    ]);
  });

  test('avg 3×3/2 pad 1 ceil mode with count_include_pad: the overhang is not counted, the padding is', () => {
    // 4×4 ones → 3×3. Window rows (real coords) −1..1, 1..3, 3..4(+overhang 5): divisor rows 3, 3, 2 (PyTorch).
    const rows = [
      [2, 3],
      [3, 3],
      [1, 2],
    ]; // [real cells, divisor] per window row/col
    const expected = range(3, (i) => range(3, (j) => (rows[i][0] * rows[j][0]) / (rows[i][1] * rows[j][1])));
    close(channel(run([4, 4, 1], avg(true, 4, 3, 2, 1, true), ones(4))), expected);
  });
});

describe('adaptive average pool', () => {
  test('PyTorch windows', () => {
    expect(range(3, (i) => adaptiveWindow(i, 5, 3))).toEqual([
      [0, 2],
      [1, 4],
      [3, 5],
    ]);
    expect(range(4, (i) => adaptiveWindow(i, 14, 4))).toEqual([
      [0, 4],
      [3, 7],
      [7, 11],
      [10, 14],
    ]);
  });
  test('5×5 → 3×3 on x[h][w] = 10h + w', () => {
    const y = channel(
      run(
        [5, 5, 1],
        { op: 'avgpool', name: 'p', pool: [3, 3], strides: [1, 1], padding: 'valid', adaptive: [3, 3] },
        range(25, (i) => 10 * Math.floor(i / 5) + (i % 5)),
      ),
    );
    const m = [0.5, 2, 3.5]; // means of rows/cols {0,1}, {1,2,3}, {3,4}
    close(
      y,
      range(3, (i) => range(3, (j) => 10 * m[i] + m[j])),
    );
  });
});

describe('residual sum', () => {
  test('x + scale · up, then ReLU', () => {
    const { model } = buildModel({
      ...tinySpec([1, 1, 2], []),
      stages: [
        {
          name: 's',
          modules: [
            {
              name: 'block',
              paperName: 'block',
              type: 'r',
              body: {
                kind: 'residual',
                name: 'r',
                scale: 0.17,
                activation: 'relu',
                body: {
                  kind: 'seq',
                  name: 'b',
                  items: [
                    {
                      op: 'conv',
                      name: 'up',
                      filters: 'match-input',
                      kernel: [1, 1],
                      strides: [1, 1],
                      padding: 'same',
                      bias: false,
                      activation: 'linear',
                    },
                  ],
                },
              },
            },
          ],
        },
      ],
    });
    model.getLayer('block.up').setWeights([tf.tensor4d([1, 0, 0, 10], [1, 1, 2, 2])]); // up = (x0, 10·x1)
    const y = tf.tidy(() =>
      Array.from((model.predict(tf.tensor4d([2, -3], [1, 1, 1, 2])) as tf.Tensor).dataSync()),
    );
    expect(y[0]).toBeCloseTo(2 + 0.17 * 2, 6);
    expect(y[1]).toBe(0); // −3 + 0.17·(−30) < 0
    model.dispose();
  });
});

describe('serialisation', () => {
  test('a model with every custom layer survives toJSON → modelFromJSON', async () => {
    const layers: Layer[] = [
      { op: 'lrn', name: 'n', size: 5, alpha: 1e-4, beta: 0.75, k: 1 },
      { op: 'maxpool', name: 'm', pool: [3, 3], strides: [2, 2], padding: 'valid', ceil: true },
      { op: 'avgpool', name: 'a', pool: [2, 2], strides: [1, 1], padding: 'valid', adaptive: [2, 2] },
    ];
    const { model } = buildModel(tinySpec([6, 6, 2], layers));
    const copy = await tfl.models.modelFromJSON(model.toJSON(null, false) as never);
    expect(copy.layers.map((l) => l.getClassName())).toEqual(model.layers.map((l) => l.getClassName()));
    expect(copy.layers.map((l) => l.getClassName())).toContain('InceptionExplorer>PadPool2D');
    const x = tf.randomUniform([1, 6, 6, 2]);
    expect(Array.from((copy.predict(x) as tf.Tensor).dataSync())).toEqual(
      Array.from((model.predict(x) as tf.Tensor).dataSync()),
    );
    model.dispose();
    copy.dispose();
  });
});
