/**
 * Quantisation by hand, and the activation pass on a reduced network: a tensor for every node with
 * the spec's shape, the same values from ONNX Runtime and TensorFlow.js, logits equal to the PyTorch
 * reference fixture, and no tfjs tensor leaked over 100 runs.
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../../src-main/analysis/analyse.js';
import { initBackend } from '../../../src-main/engine/backends.js';
import {
  ActivationStore,
  runActivationPass,
  topK,
  type ActivationEngine,
} from '../../../src-main/engine/activations/pass.js';
import { dequantise, quantise } from '../../../src-main/engine/activations/quantise.js';
import { TfjsActivationRunner } from '../../../src-main/engine/activations/tfjs-runner.js';
import type { HostTensor } from '../../../src-main/engine/onnx/backend.js';
import { InferenceService, type RunnableNetwork } from '../../../src-main/engine/onnx/inference.js';
import { loadWeightsFile } from '../../../src-main/engine/weights/load.js';
import { WEIGHTS_DIR, fixtureInput, readFixture } from '../weights/fixtures.js';
import { buildNetwork } from '../../../src-main/zoo/index.js';

describe('quantise (hand-computed)', () => {
  // [1, 2, 2, 2]: channel 0 = 0, 1, 2, 3; channel 1 = 5, 5, 5, 5 (constant).
  const t: HostTensor = { shape: [1, 2, 2, 2], data: new Float32Array([0, 5, 1, 5, 2, 5, 3, 5]) };
  const q = quantise(t);

  it('codes channel planes with per-channel scale and offset', () => {
    expect(q.shape).toEqual([2, 2, 2]);
    expect(q.layout).toBe('chw');
    expect(Array.from(q.offset)).toEqual([0, 5]);
    expect(q.scale[0]).toBeCloseTo(3 / 255, 7);
    expect(q.scale[1]).toBe(0); // a constant channel is exact
    expect(Array.from(q.data)).toEqual([0, 85, 170, 255, 0, 0, 0, 0]);
    expect(dequantise(q, 0, 2)).toBeCloseTo(2, 6);
    expect(dequantise(q, 1, 3)).toBe(5);
  });

  it('keeps exact statistics: min, max, mean, fraction of zeros', () => {
    expect(Array.from(q.stats.min)).toEqual([0, 5]);
    expect(Array.from(q.stats.max)).toEqual([3, 5]);
    expect(Array.from(q.stats.mean)).toEqual([1.5, 5]);
    expect(Array.from(q.stats.zeros)).toEqual([0.25, 0]);
  });
});

const meta = readFixture('v3-keras');
const analysis = analyse(
  buildNetwork('inception_v3', { flavour: 'released', width: 1 / 32, input: 75, classes: 10 }),
);
const input: HostTensor = {
  shape: [1, 75, 75, 3],
  data: fixtureInput(meta),
};

let net: RunnableNetwork;
let runner: TfjsActivationRunner;

beforeAll(async () => {
  await initBackend({ force: 'cpu' });
  const { weights } = await loadWeightsFile(analysis, join(WEIGHTS_DIR, 'v3-keras.h5'));
  runner = TfjsActivationRunner.create(analysis, weights);
  net = { analysis, weightsVersion: 'fixture', weights: () => weights, tfjs: runner };
});

const tfjsOnly: ActivationEngine = {
  activationPass: async (n, x, signal) => ({
    result: { tensors: await n.tfjs.activations(x, undefined, signal), measured: {} },
    engine: 'tfjs',
  }),
};

describe('activation pass', () => {
  it('returns every inference node with the spec’s shape, on the default engine and on tfjs', async () => {
    const svc = await InferenceService.create({ log: () => undefined });
    for (const engine of [svc, tfjsOnly]) {
      const run = await runActivationPass(engine, net, input, {
        id: 'r',
        weightsLabel: 'fixture',
        preprocessing: 'none',
      });
      const main = analysis.nodes.filter((n) => n.aux === undefined);
      expect(run.order).toEqual(main.map((n) => n.id));
      for (const n of main) expect((await run.nodes.get(n.id))!.shape).toEqual(n.outShape);
      // The logits equal PyTorch's for the same weights and input (fixture from make-fixtures.py).
      const diff = Math.max(...meta.logits.map((v, i) => Math.abs(v - run.logits![i]!)));
      expect(diff).toBeLessThan(1e-3);
      expect(topK(run, 3).map((p) => p.index)).toEqual(
        [...meta.logits.keys()].sort((x, y) => meta.logits[y]! - meta.logits[x]!).slice(0, 3),
      );
    }
    svc.dispose();
  });

  it('ONNX Runtime and TensorFlow.js agree node by node (channel stats and the coded values)', async () => {
    const svc = await InferenceService.create({ log: () => undefined });
    if (svc.engine !== 'onnxruntime') {
      // Nothing to compare: tfjs is the only engine here, and the report must say why.
      expect(svc.report.ort.error).toBeTruthy();
      return;
    }
    const a = await runActivationPass(svc, net, input, { id: 'a', weightsLabel: '', preprocessing: '' });
    const b = await runActivationPass(tfjsOnly, net, input, { id: 'b', weightsLabel: '', preprocessing: '' });
    const close = (x: number, y: number) => expect(Math.abs(x - y)).toBeLessThan(1e-4 + 1e-4 * Math.abs(x));
    for (const id of a.order) {
      const qa = (await a.nodes.get(id))!;
      const qb = (await b.nodes.get(id))!;
      for (let c = 0; c < qa.scale.length; c++) {
        for (const k of ['min', 'max', 'mean'] as const) close(qa.stats[k][c]!, qb.stats[k][c]!);
        // Zeros are counted on the fetched planes (ORT) and in the pass (tfjs); ReLU zeros are exact in both.
        expect(Math.abs(qa.stats.zeros[c]! - qb.stats.zeros[c]!)).toBeLessThan(0.02);
      }
      // Every coded value agrees within one code step of the wider channel.
      const n = qa.data.length / qa.scale.length;
      for (let i = 0; i < qa.data.length; i += 7) {
        const c = Math.floor(i / n);
        const step = Math.max(qa.scale[c]!, qb.scale[c]!);
        expect(Math.abs(dequantise(qa, c, i % n) - dequantise(qb, c, i % n))).toBeLessThanOrEqual(
          step * 1.01 + 1e-5,
        );
      }
    }
    svc.dispose();
  });

  it('leaks no tfjs tensor over 100 runs, and the store keeps only the last runs', async () => {
    const store = new ActivationStore(2);
    await runActivationPass(tfjsOnly, net, input, { id: 'warm', weightsLabel: '', preprocessing: '' });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) {
      store.add(
        await runActivationPass(tfjsOnly, net, input, { id: `run${i}`, weightsLabel: '', preprocessing: '' }),
      );
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(store.size).toBe(2);
    expect(store.get('run0')).toBeUndefined();
    expect(store.get('run99')).toBeDefined();
  }, 120_000);
});
