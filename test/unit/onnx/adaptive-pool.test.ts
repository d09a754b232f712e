/**
 * Adaptive pooling exported exactly (PyTorch's windows: start = floor(i·H/out), end = ceil((i+1)·H/out)),
 * run in ONNX Runtime on inputs worked out by hand in the comments.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { OrtEngine, type HostTensor } from '../../../src-main/engine/onnx/backend.js';
import { buildOnnxGraph } from '../../../src-main/engine/onnx/export.js';
import type { Pair, PoolLayer } from '../../../src-main/shared/spec.js';
import { avgpool, maxpool } from '../../../src-main/zoo/layers.js';
import { tinyAnalysis } from './tiny.js';

let engine: OrtEngine;
let version = 0;
beforeAll(async () => {
  engine = await OrtEngine.create();
});
afterAll(() => engine.dispose());

/** A one-layer network: the spec's fixed window (5×5/3, as GoogLeNet's aux pool) made adaptive. */
function adaptive(l: PoolLayer, out: Pair, input: [number, number, number]) {
  l.adaptive = out;
  return tinyAnalysis(input, l);
}

async function run(l: PoolLayer, out: Pair, h: number, w: number, value: (r: number, c: number) => number) {
  const a = adaptive(l, out, [h, w, 1]);
  const data = new Float32Array(h * w);
  for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) data[r * w + c] = value(r, c);
  const x: HostTensor = { shape: [1, h, w, 1], data };
  return engine.infer({ analysis: a, weightsVersion: `adaptive-${++version}`, weights: () => ({}) }, x);
}

const close = (got: Float32Array, want: number[]) => {
  expect(got.length).toBe(want.length);
  want.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
};

test('average, 5×7 → 3×3: windows of 2, 3, 2 rows and 3 columns overlapping', async () => {
  // Rows 5 → 3: [0,2) [1,4) [3,5), mean row 0.5, 2, 3.5. Columns 7 → 3: [0,3) [2,5) [4,7), mean col 1, 3, 5.
  // x = 10·r + c is linear, so a window's mean is 10·(mean row) + (mean col):
  // 6 8 10 / 21 23 25 / 36 38 40.
  const y = await run(avgpool('pool', 5, 3), [3, 3], 5, 7, (r, c) => 10 * r + c);
  expect(y.shape).toEqual([1, 3, 3, 1]);
  close(y.data, [6, 8, 10, 21, 23, 25, 36, 38, 40]);
});

test('max, 5×7 → 3×3: the window ends (last row 1, 3, 4; last column 2, 4, 6)', async () => {
  // max of 10·r + c = 10·(last row) + (last col): 12 14 16 / 32 34 36 / 42 44 46.
  const y = await run(maxpool('pool', 5, 3), [3, 3], 5, 7, (r, c) => 10 * r + c);
  close(y.data, [12, 14, 16, 32, 34, 36, 42, 44, 46]);
});

test("GoogLeNet's aux pool, 14×14 → 4×4: windows [0,4) [3,7) [7,11) [10,14), not 5×5/3", async () => {
  // Ones on rows 3 and 7, zeros elsewhere. Row 3 lies in windows 0 and 1, row 7 only in window 2;
  // every window has 4 rows, so output rows are 1/4, 1/4, 1/4, 0 (whatever the column).
  // The fixed 5×5/3 window ([0,5) [3,8) [6,11) [9,14)) would give 1/5, 2/5, 1/5, 0.
  const y = await run(avgpool('pool', 5, 3), [4, 4], 14, 14, (r) => (r === 3 || r === 7 ? 1 : 0));
  expect(y.shape).toEqual([1, 4, 4, 1]);
  close(y.data, [
    ...Array(4).fill(0.25),
    ...Array(4).fill(0.25),
    ...Array(4).fill(0.25),
    ...Array(4).fill(0),
  ]);
  // Columns: a one at column 11 falls only in the last window ([10,14); [7,11) stops before it):
  // 1/4 there, 0 elsewhere (the fixed window [9,14) would give 1/5).
  const z = await run(avgpool('pool', 5, 3), [4, 4], 14, 14, (_r, c) => (c === 11 ? 1 : 0));
  close(
    z.data,
    Array.from({ length: 16 }, (_, i) => (i % 4 === 3 ? 0.25 : 0)),
  );
});

test('one axis already at its size passes through: 4×7 → 4×3', async () => {
  // Rows untouched; columns [0,3) [2,5) [4,7) of x = c: 1, 3, 5 on every row.
  const y = await run(avgpool('pool', 1, 1), [4, 3], 4, 7, (_r, c) => c);
  close(y.data, [1, 3, 5, 1, 3, 5, 1, 3, 5, 1, 3, 5]);
});

test('the graph reads like the spec: the first node carries the node id, the value is the node id', () => {
  const a = adaptive(avgpool('pool', 5, 3), [4, 4], [14, 14, 2]);
  const id = a.nodes.at(-1)!.id;
  const g = buildOnnxGraph(a, {}).model.graph;
  const ops = g.node.filter((n) => n.name === id || n.name.startsWith(`${id}/`));
  expect(ops[0]!.name).toBe(id);
  expect(ops[0]!.opType).toBe('Slice');
  // 4 row windows and 4 column windows, each a Slice and a ReduceMean, then two Concats.
  expect(ops.filter((n) => n.opType === 'Slice')).toHaveLength(8);
  expect(ops.filter((n) => n.opType === 'ReduceMean')).toHaveLength(8);
  expect(ops.filter((n) => n.opType === 'Concat')).toHaveLength(2);
  expect(ops.at(-1)!.output).toEqual([id]);
  expect(g.node.some((n) => n.opType === 'AveragePool')).toBe(false);
});
