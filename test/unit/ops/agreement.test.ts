/**
 * One definition of each op: tiny specs using every op and option (cases.ts) run through the tfjs
 * model (cpu backend) and ONNX Runtime with the same seeded random weights; every node's value
 * agrees within 1e-5 (relative to the tensor's largest value, at least 1). The average-pool and
 * ceil-mode semantics the analysis resolves are checked against PyTorch and TensorFlow themselves
 * (framework-semantics.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, test } from 'vitest';
import { TfjsActivationRunner } from '../../../src-main/engine/activations/tfjs-runner.js';
import { buildOnnxGraph } from '../../../src-main/engine/onnx/export.js';
import { encodeModel } from '../../../src-main/engine/onnx/proto.js';
import { loadOrt, type Ort } from '../../../src-main/engine/onnx/ort.js';
import { randomWeights } from '../../../src-main/engine/onnx/weights.js';
import { tinyAnalysis } from '../onnx/tiny.js';
import { CASES } from './cases.js';

let ort: Ort;
beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  ort = await loadOrt();
});

/** A deterministic input with positive and negative values, NHWC, batch 2. */
function input([h, w, c]: [number, number, number]) {
  const data = new Float32Array(2 * h * w * c);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.71 + 0.3) * 1.5 + 0.2;
  return { shape: [2, h, w, c], data };
}

describe.each(CASES)('$name', ({ input: shape, blocks }) => {
  test('tfjs and ONNX Runtime agree on every node within 1e-5', async () => {
    const a = tinyAnalysis(shape, ...blocks);
    const weights = randomWeights(a, 11);
    const x = input(shape);

    const runner = TfjsActivationRunner.create(a, weights);
    const want = await runner.activations(x);
    runner.dispose();

    const g = buildOnnxGraph(a, weights, { activations: 'all' });
    const session = await ort.InferenceSession.create(encodeModel(g.model));
    const feeds = { [g.input]: new ort.Tensor('float32', x.data, x.shape) };
    const got = await session.run(feeds);
    await session.release();

    for (const n of a.nodes) {
      if (n.kind === 'input') continue;
      const ref = want[n.id]!;
      const out = got[g.activationOutputs[n.id]!]!;
      expect(Array.from(out.dims), n.id).toEqual(ref.shape);
      const data = out.data as Float32Array;
      let scale = 1;
      for (const v of ref.data) scale = Math.max(scale, Math.abs(v));
      let diff = 0;
      for (let i = 0; i < data.length; i++) diff = Math.max(diff, Math.abs(data[i]! - ref.data[i]!));
      expect(diff / scale, `${n.id}: max |tfjs − ORT| = ${diff}`).toBeLessThan(1e-5);
    }
  });
});
