/** Export pieces without running ONNX Runtime: pads, kernel layout, names, weight checks, encoding. */
import { describe, expect, test } from 'vitest';
import { onnxPads, samePads } from '../../../src-main/engine/onnx/padding.js';
import { buildOnnxGraph, exportOnnx } from '../../../src-main/engine/onnx/export.js';
import { decodeModel } from '../../../src-main/engine/onnx/proto.js';
import { checkWeights, hwioToOihw, randomWeights } from '../../../src-main/engine/onnx/weights.js';
import { conv, dense, seq } from '../../../src-main/zoo/layers.js';
import { idOf, t, tinyAnalysis } from './tiny.js';

describe('TF same padding', () => {
  test('puts the odd pixel after, as TensorFlow does', () => {
    // in 4, k 3, s 2: out 2, total (2−1)·2 + 3 − 4 = 1 → 0 before, 1 after
    expect(samePads(4, 3, 2)).toEqual([0, 1]);
    // in 299, k 3, s 2: out 150, total 149·2 + 3 − 299 = 2
    expect(samePads(299, 3, 2)).toEqual([1, 1]);
    // 1×7 conv at stride 1: 3 each side
    expect(samePads(17, 7, 1)).toEqual([3, 3]);
    // 2×2 window at stride 1: total 1, after
    expect(samePads(6, 2, 1)).toEqual([0, 1]);
    // 1×1 at stride 2 never pads
    expect(samePads(8, 1, 2)).toEqual([0, 0]);
  });

  test('ONNX pads are [top, left, bottom, right]', () => {
    expect(onnxPads('same', [4, 17], [3, 7], [2, 1])).toEqual([0, 3, 1, 3]);
    expect(onnxPads('valid', [4, 4], [3, 3], [1, 1])).toEqual([0, 0, 0, 0]);
    expect(onnxPads({ top: 1, bottom: 2, left: 3, right: 4 }, [4, 4], [3, 3], [1, 1])).toEqual([1, 3, 2, 4]);
  });
});

test('HWIO → OIHW moves every kernel value to its ONNX place', () => {
  // kh 1, kw 2, ci 2, co 3, value = HWIO flat index = (w·2 + i)·3 + o
  const k = hwioToOihw(t([1, 2, 2, 3], [...Array(12).keys()]));
  expect(k.shape).toEqual([3, 2, 1, 2]);
  // OIHW order (o, i, w): o0: i0 → 0, 6; i1 → 3, 9. o1: 1, 7, 4, 10. o2: 2, 8, 5, 11.
  expect(Array.from(k.data)).toEqual([0, 6, 3, 9, 1, 7, 4, 10, 2, 8, 5, 11]);
});

describe('graph', () => {
  const a = tinyAnalysis(
    [4, 4, 3],
    conv('c1', 2, 3, { strides: 2, bn: { eps: 0.001, scale: false } }),
    conv('c2', 5, 1, { bias: true, activation: 'linear' }),
    { op: 'globalavgpool', name: 'gap' },
    dense('fc', 'classes'),
  );
  const weights = randomWeights(a, 7);

  test('values and nodes carry the spec node ids', () => {
    const { model, input, outputs } = buildOnnxGraph(a, weights);
    const g = model.graph;
    expect(input).toBe('input');
    expect(outputs).toEqual([idOf(a, 'fc')]);
    const names = new Set(g.node.flatMap((n) => n.output));
    for (const n of a.nodes) if (n.kind !== 'input') expect(names.has(n.id)).toBe(true);
    expect(g.node.find((n) => n.opType === 'Conv' && n.name === idOf(a, 'c1'))).toBeTruthy();
    // BN without γ (Keras scale:false) gets γ = 1.
    const gamma = g.initializer.find((x) => x.name === `${idOf(a, 'c1')}/gamma`)!;
    expect(Array.from(new Float32Array(gamma.rawData!.slice().buffer))).toEqual([1, 1]);
    expect(g.input[0]!.type.tensorType.shape.dim.map((d) => d.dimValue ?? d.dimParam)).toEqual([
      'N',
      4,
      4,
      3,
    ]);
  });

  test('encodes to a protobuf that decodes back with the same graph', () => {
    const bytes = exportOnnx(a, weights, { activations: 'all', weightsLabel: 'random, seed 7' });
    const m = decodeModel(bytes);
    expect(m.irVersion).toBe(8);
    expect(m.opsetImport[0]!.version).toBeGreaterThanOrEqual(13);
    expect(m.graph.node.map((n) => n.opType)).toContain('BatchNormalization');
    expect(m.metadataProps!.find((p) => p.key === 'weights')!.value).toBe('random, seed 7');
    // One NHWC output per feature-map node (2 convs), plus the network output and the pooled [N, C].
    expect(m.graph.output.map((o) => o.name)).toEqual([
      idOf(a, 'fc'),
      `${idOf(a, 'c1')}:nhwc`,
      `${idOf(a, 'c2')}:nhwc`,
      idOf(a, 'gap'),
    ]);
  });

  test('missing and mis-shaped weights are named, with both shapes', () => {
    const bad = randomWeights(a, 7);
    delete bad[idOf(a, 'c2')]!.bias;
    bad[idOf(a, 'fc')]!.kernel = t([4, 2], new Array(8).fill(0));
    expect(checkWeights(a, bad)).toEqual([
      `${idOf(a, 'c2')}/bias: missing (expected [5])`,
      `${idOf(a, 'fc')}/kernel: expected [5, 2], found [4, 2]`,
    ]);
    expect(() => exportOnnx(a, bad)).toThrow(/weights do not match googlenet:\n {2}M\/c2\/bias: missing/);
  });

  test('random weights are deterministic per seed and node', () => {
    const again = randomWeights(a, 7);
    const other = randomWeights(a, 8);
    const k = idOf(a, 'c1');
    expect(again[k]!.kernel!.data).toEqual(weights[k]!.kernel!.data);
    expect(other[k]!.kernel!.data).not.toEqual(weights[k]!.kernel!.data);
    expect(weights[k]!.gamma).toBeUndefined();
    expect(weights[k]!.kernel!.shape).toEqual([3, 3, 3, 2]);
  });
});

test('a body seq inside a module exports (nested ids)', () => {
  const a = tinyAnalysis([2, 2, 1], seq('inner', conv('c', 1, 1)));
  expect(() => exportOnnx(a, randomWeights(a))).not.toThrow();
});
