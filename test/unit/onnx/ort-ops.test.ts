/**
 * Each op mapping, run in ONNX Runtime on inputs small enough to work out by hand. Expected values
 * are computed in the comments, never by the code under test.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { OrtEngine, type HostTensor } from '../../../src-main/engine/onnx/backend.js';
import type { OnnxNetwork } from '../../../src-main/engine/onnx/session-cache.js';
import type { WeightMap } from '../../../src-main/engine/onnx/weights.js';
import type { Analysis } from '../../../src-main/shared/analysis-types.js';
import { avgpool, concat, conv, dense, maxpool, residual, seq } from '../../../src-main/zoo/layers.js';
import { idOf, t, tinyAnalysis } from './tiny.js';

let engine: OrtEngine;
let version = 0;
beforeAll(async () => {
  engine = await OrtEngine.create();
});
afterAll(() => engine.dispose());

const net = (analysis: Analysis, weights: WeightMap = {}): OnnxNetwork => ({
  analysis,
  weightsVersion: `test-${++version}`,
  weights: () => weights,
});
const nhwc = (shape: number[], values: number[]): HostTensor => ({ shape, data: new Float32Array(values) });
const iota = (n: number) => [...Array(n).keys()];
const close = (got: Float32Array, want: number[]) => {
  expect(got.length).toBe(want.length);
  want.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
};

test('conv with TF same padding at stride 2 pads bottom/right only', async () => {
  // 4×4 input 0..15, 3×3 ones kernel, stride 2: pads (0 before, 1 after) on both axes.
  // out[0,0] = rows 0-2 × cols 0-2 = 0+1+2+4+5+6+8+9+10 = 45; out[0,1] = cols 2-3: 2+3+6+7+10+11 = 39;
  // out[1,0] = rows 2-3: 8+9+10+12+13+14 = 66; out[1,1] = 10+11+14+15 = 50.
  // (PyTorch-style symmetric padding would give out[0,0] = 0+1+4+5 = 10.)
  const a = tinyAnalysis([4, 4, 1], conv('c', 1, 3, { strides: 2, activation: 'linear' }));
  const w = { [idOf(a, 'c')]: { kernel: t([3, 3, 1, 1], new Array(9).fill(1)) } };
  const out = await engine.infer(net(a, w), nhwc([1, 4, 4, 1], iota(16)));
  expect(out.shape).toEqual([1, 2, 2, 1]);
  close(out.data, [45, 39, 66, 50]);
});

test('conv kernels and channels keep their order through NHWC → NCHW → NHWC', async () => {
  // One pixel with channels [1, 2]; 1×1 kernel HWIO [1,1,2,3] = [[1,2,3],[4,5,6]] (rows = input ch),
  // bias [0.5, 0, -100]: out = [1·1+2·4, 1·2+2·5, 1·3+2·6] + bias = [9.5, 12, −85] → ReLU → [9.5, 12, 0].
  const a = tinyAnalysis([1, 1, 2], conv('c', 3, 1, { bias: true }));
  const w = { [idOf(a, 'c')]: { kernel: t([1, 1, 2, 3], [1, 2, 3, 4, 5, 6]), bias: t([3], [0.5, 0, -100]) } };
  const out = await engine.infer(net(a, w), nhwc([1, 1, 1, 2], [1, 2]));
  close(out.data, [9.5, 12, 0]);
});

test('batch norm: γ = 1 when Keras scale:false, explicit γ otherwise', async () => {
  // 1×1 conv ×2 → BN(mean 1, var 3, eps 1, β 0.5): x = 3 → (6 − 1)/√4 + 0.5 = 3.
  // With γ = 2: 2·(5/2) + 0.5 = 5.5.
  const noScale = tinyAnalysis([1, 1, 1], conv('c', 1, 1, { bn: { eps: 1, scale: false } }));
  const stats = { beta: t([1], [0.5]), movingMean: t([1], [1]), movingVariance: t([1], [3]) };
  const w1 = { [idOf(noScale, 'c')]: { kernel: t([1, 1, 1, 1], [2]), ...stats } };
  close((await engine.infer(net(noScale, w1), nhwc([1, 1, 1, 1], [3]))).data, [3]);

  const scaled = tinyAnalysis([1, 1, 1], conv('c', 1, 1, { bn: { eps: 1, scale: true } }));
  const w2 = { [idOf(scaled, 'c')]: { kernel: t([1, 1, 1, 1], [2]), gamma: t([1], [2]), ...stats } };
  close((await engine.infer(net(scaled, w2), nhwc([1, 1, 1, 1], [3]))).data, [5.5]);
});

test('residual add with scale and ReLU: relu(x + s·body)', async () => {
  // x = [2, −3]; body = 1×1 conv with kernel 4 (linear) → [8, −12]; s = 0.5:
  // relu(2 + 4) = 6, relu(−3 − 6) = 0.
  const a = tinyAnalysis(
    [1, 2, 1],
    residual('r', seq('b', conv('u', 'match-input', 1, { activation: 'linear' })), 0.5),
  );
  const w = { [idOf(a, 'u')]: { kernel: t([1, 1, 1, 1], [4]) } };
  close((await engine.infer(net(a, w), nhwc([1, 1, 2, 1], [2, -3]))).data, [6, 0]);
});

test('pools: TF same average excludes padding; ceil-mode max keeps the partial window', async () => {
  // 3×3 input 0..8. avgpool 2×2/2 'same': pads 0 before, 1 after.
  // (0+1+3+4)/4 = 2; (2+5)/2 = 3.5; (6+7)/2 = 6.5; 8/1 = 8.
  const avg = tinyAnalysis([3, 3, 1], avgpool('p', 2, 2, 'same'));
  close((await engine.infer(net(avg), nhwc([1, 3, 3, 1], iota(9)))).data, [2, 3.5, 6.5, 8]);
  // maxpool 2×2/2 valid with ceil: out 2×2 → max(0,1,3,4) = 4, max(2,5) = 5, max(6,7) = 7, 8.
  const max = tinyAnalysis([3, 3, 1], maxpool('p', 2, 2, 'valid', true));
  close((await engine.infer(net(max), nhwc([1, 3, 3, 1], iota(9)))).data, [4, 5, 7, 8]);
  // Explicit padding 1, 3×3/1, counting padding (PyTorch default): corner = (0+1+3+4)/9 = 8/9.
  const inc = tinyAnalysis([3, 3, 1], avgpool('p', 3, 1, { top: 1, bottom: 1, left: 1, right: 1 }, true));
  const out = await engine.infer(net(inc), nhwc([1, 3, 3, 1], iota(9)));
  expect(out.data[0]).toBeCloseTo(8 / 9, 5);
  // Centre = mean of all nine = 4.
  expect(out.data[4]).toBeCloseTo(4, 5);
});

test('LRN follows the Caffe/ONNX form x / (k + α/n · Σx²)^β', async () => {
  // channels [1, 2, 3], n = 3, α = 3, β = 1, k = 1:
  // c0: Σ = 1 + 4 = 5 → 1/(1 + 5) = 1/6; c1: Σ = 14 → 2/15; c2: Σ = 13 → 3/14.
  const a = tinyAnalysis([1, 1, 3], { op: 'lrn', name: 'n', size: 3, alpha: 3, beta: 1, k: 1 });
  close((await engine.infer(net(a), nhwc([1, 1, 1, 3], [1, 2, 3]))).data, [1 / 6, 2 / 15, 3 / 14]);
});

test('flatten keeps NHWC order; dense, softmax', async () => {
  // 1×2×2 input NHWC [a, b, c, d] = [1, 2, 3, 4] flattens to [1, 2, 3, 4] (tfjs order).
  // dense kernel [4, 2] = rows [1,0], [0,0], [0,1], [0,0], bias [0, 1] → [1, 3 + 1 = 4].
  // softmax([1, 4]) = [1/(1+e³), e³/(1+e³)].
  const a = tinyAnalysis([1, 2, 2], { op: 'flatten', name: 'f' }, dense('fc', 2), {
    op: 'softmax',
    name: 's',
  });
  const w = { [idOf(a, 'fc')]: { kernel: t([4, 2], [1, 0, 0, 0, 0, 1, 0, 0]), bias: t([2], [0, 1]) } };
  const n = net(a, w);
  const x = nhwc([1, 1, 2, 2], [1, 2, 3, 4]);
  const acts = await engine.activations(n, x);
  close(acts[idOf(a, 'f')]!.data, [1, 2, 3, 4]);
  close(acts[idOf(a, 'fc')]!.data, [1, 4]);
  const e3 = Math.exp(3);
  close((await engine.infer(n, x)).data, [1 / (1 + e3), e3 / (1 + e3)]);
});

describe('activation pass', () => {
  // Two branches (1×1 conv ×2, 1×1 conv ×−1 with ReLU) joined by concat, then global average pool.
  const a = tinyAnalysis(
    [2, 2, 1],
    concat('k', seq('b0', conv('x2', 1, 1, { activation: 'linear' })), seq('b1', conv('neg', 1, 1))),
    { op: 'globalavgpool', name: 'gap' },
  );
  const w = {
    [idOf(a, 'x2')]: { kernel: t([1, 1, 1, 1], [2]) },
    [idOf(a, 'neg')]: { kernel: t([1, 1, 1, 1], [-1]) },
  };
  const n = net(a, w);
  const x = nhwc([1, 2, 2, 1], [1, -2, 3, -4]);

  test('returns every node, NHWC with the batch first, including the input', async () => {
    const acts = await engine.activations(n, x);
    expect(Object.keys(acts).sort()).toEqual(a.nodes.map((m) => m.id).sort());
    for (const m of a.nodes) expect(acts[m.id]!.shape).toEqual([1, ...m.outShape]);
    close(acts.input!.data, [1, -2, 3, -4]);
    close(acts[idOf(a, 'x2')]!.data, [2, -4, 6, -8]);
    close(acts[idOf(a, 'neg')]!.data, [0, 2, 0, 4]);
    // concat along channels, NHWC: per pixel [x2, neg]
    close(acts['M/k/concat']!.data, [2, 0, -4, 2, 6, 0, -8, 4]);
    // mean over pixels: x2 → (2 − 4 + 6 − 8)/4 = −1; neg → (0 + 2 + 0 + 4)/4 = 1.5
    close(acts[idOf(a, 'gap')]!.data, [-1, 1.5]);
  });

  test('a requested subset returns only those nodes', async () => {
    const acts = await engine.activations(n, x, [idOf(a, 'neg')]);
    expect(Object.keys(acts)).toEqual([idOf(a, 'neg')]);
    await expect(engine.activations(n, x, ['nope'])).rejects.toThrow(/no node nope/);
  });

  test('a wrong input shape is refused with the expected shape', async () => {
    await expect(engine.infer(n, nhwc([1, 1, 2, 2], [0, 0, 0, 0]))).rejects.toThrow(/\[N, 2, 2, 1\]/);
  });
});
