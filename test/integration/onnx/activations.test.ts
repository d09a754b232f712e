/**
 * The activation pass on ONNX Runtime equals the tfjs one node by node (within 1e-4), in the same
 * form (Float32Array + NHWC shape per node id), and follows weights changed in tfjs (as training in
 * the app does) once the weights version changes.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { OrtEngine } from '../../../src-main/engine/onnx/backend.js';
import { setModelWeights } from '../../../src-main/engine/activations/tfjs-runner.js';
import { randomWeights } from '../../../src-main/engine/onnx/weights.js';
import type { FlavourId, NetworkId } from '../../../src-main/shared/spec.js';
import { image, maxAbsDiff, reducedPair, useTfjsCpu, weightsOf } from './helpers.js';

let engine: OrtEngine;
beforeAll(async () => {
  await useTfjsCpu();
  engine = await OrtEngine.create();
});
afterAll(() => engine.dispose());

// GoogLeNet (LRN, 5×5 branches, TF-same pools, dropout) and Inception-ResNet-v2 (scaled residual
// sums, 1×7/7×1 convs, BN without γ): between them every op the specs use.
const nets: [NetworkId, FlavourId][] = [
  ['googlenet', 'paper'],
  ['inception_resnet_v2', 'released'],
];

describe.each(nets)('%s (%s), width 0.25, input 75', (id, flavour) => {
  test('every node: same ids, same NHWC shapes, values within 1e-4', async () => {
    const p = reducedPair(id, flavour);
    try {
      const x = image(p.analysis);
      const want = await p.runner.activations(x);
      const got = await engine.activations(
        { analysis: p.analysis, weightsVersion: 'a', weights: () => weightsOf(p) },
        x,
      );
      const inference = p.analysis.nodes.filter((n) => n.aux === undefined);
      expect(Object.keys(got).sort()).toEqual(inference.map((n) => n.id).sort());
      expect(Object.keys(want).sort()).toEqual(Object.keys(got).sort());
      const off: string[] = [];
      for (const n of inference) {
        expect(got[n.id]!.shape).toEqual([1, ...n.outShape]);
        expect(got[n.id]!.data).toBeInstanceOf(Float32Array);
        const d = maxAbsDiff(want[n.id]!, got[n.id]!);
        if (!(d < 1e-4)) off.push(`${n.id}: ${d}`);
      }
      expect(off).toEqual([]);
    } finally {
      p.built.model.dispose();
    }
  });
});

test('weights changed in tfjs reach ONNX Runtime under a new weights version', async () => {
  const p = reducedPair('inception_v3', 'released', 0.125);
  try {
    const x = image(p.analysis);
    const logits = p.analysis.nodes.find((n) => n.aux === undefined && n.layer?.op === 'dense')!.id;
    const net = { analysis: p.analysis, weightsVersion: 'trained:1', weights: () => weightsOf(p) };
    const before = (await engine.activations(net, x, [logits]))[logits]!;
    expect(maxAbsDiff((await p.runner.activations(x, [logits]))[logits]!, before)).toBeLessThan(1e-4);

    // "Training": new weights in the tfjs model. The same version keeps the cached session ...
    setModelWeights(p.built, randomWeights(p.analysis, 99));
    const tfjsAfter = (await p.runner.activations(x, [logits]))[logits]!;
    expect(maxAbsDiff(tfjsAfter, before)).toBeGreaterThan(1e-3);
    expect((await engine.activations(net, x, [logits]))[logits]!.data).toEqual(before.data);

    // ... and a new version re-exports from the model's current weights.
    const after = (await engine.activations({ ...net, weightsVersion: 'trained:2' }, x, [logits]))[logits]!;
    expect(maxAbsDiff(tfjsAfter, after)).toBeLessThan(1e-4);
  } finally {
    p.built.model.dispose();
  }
});
