/**
 * Reduced variants (width 0.125, input 75, 10 classes) train on wasm: one step of the training graph
 * (aux heads included, their losses weighted) moves every trainable weight, and the gradients of the
 * whole network on wasm match the cpu backend.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../../../src-main/engine/backends.js';
import { buildModel, weightedLosses } from '../../../src-main/engine/tfjs/build-model.js';
import { buildNetwork, listZoo } from '../../../src-main/zoo/index.js';
import type { NetworkId } from '../../../src-main/shared/spec.js';

const reduced = (id: NetworkId) => buildNetwork(id, { width: 0.125, input: 75, classes: 10 });
const ce = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred);
const batch = (n: number) => ({
  x: tf.randomUniform([n, 75, 75, 3], -1, 1, 'float32', 3),
  y: tf.oneHot(
    tf.tensor1d(
      Array.from({ length: n }, (_, i) => i % 10),
      'int32',
    ),
    10,
  ),
});

beforeAll(async () => {
  await initBackend({ force: 'wasm' });
});

describe('one training step on wasm', () => {
  test.each(listZoo().map((e) => e.id))('%s', async (id) => {
    const built = buildModel(reduced(id), { graph: 'training', head: 'logits', seed: 7 });
    const { model, outputs } = built;
    model.compile({ optimizer: tf.train.sgd(0.05), loss: weightedLosses(built, ce) });
    const before = model.trainableWeights.map((w) => w.read().dataSync().slice());
    const { x, y } = batch(4);
    const t0 = performance.now();
    const result = await model.trainOnBatch(
      x,
      outputs.map(() => y),
    );
    const ms = performance.now() - t0;
    const losses = (Array.isArray(result) ? result : [result]) as number[];
    expect(losses.every(Number.isFinite)).toBe(true);
    if (outputs.length > 1) {
      // tfjs reports [total, per-output...]; the per-output values already carry their weights.
      expect(losses[0]).toBeCloseTo(
        losses.slice(1).reduce((a, b) => a + b, 0),
        4,
      );
      // An aux head's unweighted cross-entropy over 10 classes starts near ln 10 ≈ 2.3, so weighted by
      // 0.3/0.4 it must be well below that.
      expect(losses[2]).toBeLessThan(1.5);
    }
    const unchanged = model.trainableWeights.filter((w, i) => {
      const now = w.read().dataSync();
      return now.every((v, j) => v === before[i][j]);
    });
    expect(unchanged.map((w) => w.name)).toEqual([]);
    console.log(
      `${id}: train step ${ms.toFixed(0)} ms (wasm, batch 4, first call), losses ${losses.map((l) => l.toFixed(3)).join(' ')}`,
    );
    tf.dispose([x, y]);
    model.dispose();
  });
});

/** d(Σ weighted CE)/d(weights), in inference mode (no dropout, BN on moving stats) so backends agree. */
function gradients(
  model: tfl.LayersModel,
  lossWeights: number[],
  x: tf.Tensor,
  y: tf.Tensor,
): Float32Array[] {
  return tf.tidy(() => {
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { grads } = tf.variableGrads(() => {
      const out = model.apply(x, { training: false }) as tf.Tensor | tf.Tensor[];
      const outs = Array.isArray(out) ? out : [out];
      return tf.addN(outs.map((o, i) => tf.mul(ce(y, o), lossWeights[i]))) as tf.Scalar;
    }, vars);
    return vars.map((v) => grads[v.name].dataSync() as Float32Array);
  });
}

describe('whole-network gradients: wasm = cpu', () => {
  test.each(['inception_v3', 'googlenet', 'inception_resnet_v2'] as const)('%s', async (id) => {
    const built = buildModel(reduced(id), { graph: 'training', head: 'logits', seed: 11 });
    const { x, y } = batch(2);
    const wasm = gradients(built.model, built.lossWeights, x, y);
    await tf.setBackend('cpu');
    try {
      const cpu = gradients(built.model, built.lossWeights, x, y);
      built.model.trainableWeights.forEach((w, i) => {
        const scale = Math.max(1e-6, ...cpu[i].map(Math.abs));
        const diff = Math.max(...cpu[i].map((v, j) => Math.abs(v - wasm[i][j])));
        expect(diff / scale, w.name).toBeLessThan(1e-3);
      });
    } finally {
      await tf.setBackend('wasm');
      tf.dispose([x, y]);
      built.model.dispose();
    }
  });
});
