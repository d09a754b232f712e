/**
 * The op table's ONNX forward in training mode (what the backward graph is built on): batch norm
 * with batch statistics equals tfjs-layers' training-mode forward (model.apply with training: true),
 * the exposed batch mean and variance equal tf.moments of the value BN reads, dropout multiplies
 * by the fed mask, and parameters can be graph inputs fed in ONNX layout.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, expect, test } from 'vitest';
import { setModelWeights } from '../../../src-main/engine/activations/tfjs-runner.js';
import {
  IR_VERSION,
  OPSET,
  encodeModel,
  valueInfo,
  type Model,
} from '../../../src-main/engine/onnx/proto.js';
import { loadOrt, type Ort } from '../../../src-main/engine/onnx/ort.js';
import { hwioToOihw, randomWeights, type WeightMap } from '../../../src-main/engine/onnx/weights.js';
import { GraphEmitter } from '../../../src-main/engine/ops/emitter.js';
import { emitForward } from '../../../src-main/engine/ops/forward.js';
import { buildModel } from '../../../src-main/engine/tfjs/build-model.js';
import type { Analysis } from '../../../src-main/shared/analysis-types.js';
import { avgpool, conv, dense, maxpool, pad } from '../../../src-main/zoo/layers.js';
import { tinyAnalysis } from '../onnx/tiny.js';

let ort: Ort;
beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  ort = await loadOrt();
});

const N = 4;
const SHAPE: [number, number, number] = [8, 7, 3];

function image(): { shape: number[]; data: Float32Array } {
  const data = new Float32Array(N * SHAPE[0] * SHAPE[1] * SHAPE[2]);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.53 + 1) + 0.1 * Math.cos(i * 0.07);
  return { shape: [N, ...SHAPE], data };
}

/** The training-mode graph with the network output (NCHW [N, C]) and every exposed statistic. */
function trainGraph(a: Analysis, e: GraphEmitter) {
  const fwd = emitForward(a, e);
  const out = fwd.sinks[0]!;
  const model: Model = {
    irVersion: IR_VERSION,
    producerName: 'train-mode test',
    producerVersion: '0',
    opsetImport: [{ domain: '', version: OPSET }],
    graph: {
      name: 'train',
      node: e.nodes,
      initializer: e.initializers,
      input: e.inputs,
      output: [valueInfo(out, ['N', a.output[0]!]), ...e.outputs],
      valueInfo: [],
    },
  };
  return { fwd, out, bytes: encodeModel(model) };
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
};

test('batch norm with batch statistics equals tfjs training mode; statistics are exposed', async () => {
  const a = tinyAnalysis(
    SHAPE,
    conv('c1', 4, 3, { strides: 2, bn: { eps: 0.001, scale: true } }),
    maxpool('mp', 2, 1, 'same'),
    conv('c2', 5, 3, { padding: pad(1), bn: { eps: 0.001, scale: false } }),
    avgpool('ap', 3, 1, pad(1)),
    { op: 'globalavgpool', name: 'gap' },
    { ...dense('fc', 6, 'relu'), bias: false, bn: { eps: 0.001, scale: true } },
  );
  const weights = randomWeights(a, 3);
  const x = image();

  const built = buildModel(a);
  setModelWeights(built, weights);
  const want = tf.tidy(() =>
    (built.model.apply(tf.tensor(x.data, x.shape), { training: true }) as tf.Tensor).dataSync(),
  );

  const e = new GraphEmitter({ mode: 'train', weights });
  const { out, bytes } = trainGraph(a, e);
  const session = await ort.InferenceSession.create(bytes);
  const r = await session.run({ input: new ort.Tensor('float32', x.data, x.shape) });
  expect(maxDiff(r[out]!.data as Float32Array, want)).toBeLessThan(1e-5);

  // The exposed statistics are the moments of the value each BN reads (the conv / dense output).
  for (const id of ['M/c1', 'M/c2', 'M/fc']) {
    const main = built.model.getLayer(built.layers.get(id)!.main);
    const pre = tfl.model({ inputs: built.model.inputs, outputs: main.output as tfl.SymbolicTensor });
    const [mean, variance] = tf.tidy(() => {
      // Training mode: the BNs before this one normalise with batch statistics too.
      const v = pre.apply(tf.tensor(x.data, x.shape), { training: true }) as tf.Tensor;
      const m = tf.moments(v, v.rank === 4 ? [0, 1, 2] : [0]);
      return [m.mean.dataSync(), m.variance.dataSync()];
    });
    expect(maxDiff(r[e.exposed[id]!.batchMean!]!.data as Float32Array, mean!), id).toBeLessThan(1e-5);
    expect(maxDiff(r[e.exposed[id]!.batchVariance!]!.data as Float32Array, variance!), id).toBeLessThan(1e-5);
  }
  await session.release();
  built.model.dispose();
});

test('dropout multiplies by the fed mask; parameters as graph inputs in ONNX layout', async () => {
  const a = tinyAnalysis(
    [3, 3, 2],
    conv('c', 3, 3, { bias: true }),
    { op: 'globalavgpool', name: 'gap' },
    {
      op: 'dropout',
      name: 'drop',
      rate: 0.5,
    },
  );
  const weights: WeightMap = randomWeights(a, 5);
  const x = { shape: [2, 3, 3, 2], data: Float32Array.from({ length: 36 }, (_, i) => Math.cos(i)) };

  // Reference: the inference export (dropout = identity) of the same weights.
  const ref = new GraphEmitter({ mode: 'inference', weights });
  const r0 = await run(trainGraph(a, ref).bytes, { input: x });

  const e = new GraphEmitter({ mode: 'train', params: 'inputs' });
  const { bytes, out } = trainGraph(a, e);
  expect(e.stepInputs.map((s) => [s.name, s.dims])).toEqual([['M/drop/dropout_mask', ['N', 3]]]);
  expect(e.paramInputs.map((p) => [p.kind, p.dims])).toEqual([
    ['kernel', [3, 2, 3, 3]],
    ['bias', [3]],
  ]);
  const mask = new Float32Array([2, 0, 2, 0, 2, 2]);
  const feeds: Record<string, { shape: number[]; data: Float32Array }> = {
    input: x,
    [e.stepInputs[0]!.name]: { shape: [2, 3], data: mask },
  };
  const cw = weights['M/c']!;
  feeds['M/c/kernel'] = hwioToOihw(cw.kernel!);
  feeds['M/c/bias'] = cw.bias!;
  const r = await run(bytes, feeds);
  const y = r[out]!;
  const plain = r0[trainGraph(a, new GraphEmitter({ mode: 'inference', weights })).out]!;
  expect(
    maxDiff(
      y,
      Array.from(plain, (v, i) => v * mask[i]!),
    ),
  ).toBeLessThan(1e-6);
});

async function run(bytes: Uint8Array, feeds: Record<string, { shape: number[]; data: Float32Array }>) {
  const s = await ort.InferenceSession.create(bytes);
  const t: Record<string, InstanceType<Ort['Tensor']>> = {};
  for (const [k, v] of Object.entries(feeds)) t[k] = new ort.Tensor('float32', v.data, v.shape);
  const r = await s.run(t);
  await s.release();
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.data as Float32Array]));
}
