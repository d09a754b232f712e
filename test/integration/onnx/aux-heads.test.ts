/**
 * torchvision GoogLeNet's aux heads pool adaptively to 4×4. At 224 px (14×14 → 4×4) and 112 px
 * (7×7 → 4×4) the windows are uneven, so the ONNX export must reproduce them exactly: the pooled
 * values and the aux logits in ONNX Runtime equal the tfjs training model's (AdaptiveAvgPool2D)
 * within 1e-4. Reduced width keeps each case near a second on two cores.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, test } from 'vitest';
import { analyse } from '../../../src-main/analysis/analyse.js';
import { setModelWeights } from '../../../src-main/engine/activations/tfjs-runner.js';
import { buildOnnxGraph } from '../../../src-main/engine/onnx/export.js';
import { openOnnxModel } from '../../../src-main/engine/onnx/model-file.js';
import { encodeModel } from '../../../src-main/engine/onnx/proto.js';
import { randomWeights } from '../../../src-main/engine/onnx/weights.js';
import { buildModel } from '../../../src-main/engine/tfjs/build-model.js';
import { buildNetwork } from '../../../src-main/zoo/index.js';
import { image, maxAbsDiff, useTfjsCpu } from './helpers.js';

beforeAll(useTfjsCpu);

const IDS = ['aux1/pool', 'aux1/fc2', 'aux1/softmax', 'aux2/pool', 'aux2/fc2', 'aux2/softmax'];

test.each([
  [224, 14],
  [112, 7],
])('input %i (aux pool %i → 4): ORT aux heads equal tfjs within 1e-4', async (input, grid) => {
  const a = analyse(buildNetwork('googlenet', { flavour: 'torchvision', width: 0.125, input, classes: 10 }));
  expect(a.nodes.find((n) => n.id === 'aux1/pool')!.inShapes[0]!.slice(0, 2)).toEqual([grid, grid]);
  const weights = randomWeights(a, 5);
  const x = image(a, 2);

  const built = buildModel(a, { graph: 'training' });
  setModelWeights(built, weights);
  const outputs = IDS.map((id) => {
    const rec = built.layers.get(id)!;
    return built.model.getLayer(rec.act ?? rec.bn ?? rec.main).output as tfl.SymbolicTensor;
  });
  const probe = tfl.model({ inputs: built.model.inputs, outputs });
  const ys = probe.predict(tf.tensor(x.data, x.shape)) as tf.Tensor[];
  const want = await Promise.all(
    ys.map(async (y) => ({ shape: y.shape, data: (await y.data()) as Float32Array })),
  );
  tf.dispose(ys);
  built.model.dispose();

  const graph = buildOnnxGraph(a, weights, { includeAux: true, activations: IDS });
  const { session } = await openOnnxModel(encodeModel(graph.model));
  try {
    const { Tensor } = await import('onnxruntime-node');
    const names = IDS.map((id) => graph.activationOutputs[id]!);
    const r = await session.run({ [graph.input]: new Tensor('float32', x.data, x.shape) }, names);
    IDS.forEach((id, i) => {
      const t = r[names[i]!]!;
      const got = { shape: [...t.dims], data: t.data as Float32Array };
      const d = maxAbsDiff(want[i]!, got);
      expect(d, `${id}: max |ORT − tfjs| = ${d}`).toBeLessThan(1e-4);
    });
    // The logits are not degenerate: the comparison above means something.
    const logits = want[1]!.data;
    expect(Math.max(...logits) - Math.min(...logits)).toBeGreaterThan(0.05);
  } finally {
    await session.release();
  }
});
