import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { applyBatchNormNoScaleFix } from '../../../src-main/engine/tfjs/fixes/batchnorm-no-scale.js';
import { registerConv2DBackpropFilterWasm } from '../../../src-main/engine/tfjs/fixes/conv2d-backprop-filter-wasm.js';
import { lcg } from './helpers.js';

/** conv(3×3, 3, no bias) → BN(scale:false) → relu → global average pool → dense(2, softmax), Keras' Inception unit. */
function smallModel(): tfl.LayersModel {
  const input = tfl.input({ shape: [6, 6, 2] });
  let x = tfl.layers
    .conv2d({ filters: 3, kernelSize: 3, useBias: false, padding: 'same', name: 'conv' })
    .apply(input) as tfl.SymbolicTensor;
  x = tfl.layers
    .batchNormalization({ axis: 3, scale: false, epsilon: 1e-3, name: 'bn' })
    .apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.activation({ activation: 'relu' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.globalAveragePooling2d({}).apply(x) as tfl.SymbolicTensor;
  const out = tfl.layers
    .dense({ units: 2, activation: 'softmax', name: 'fc' })
    .apply(x) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: out });
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
  return model;
}

const batch = () => [
  tf.tensor4d(lcg(4 * 6 * 6 * 2, 3), [4, 6, 6, 2]),
  tf.oneHot(tf.tensor1d([0, 1, 1, 0], 'int32'), 2),
];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('BatchNormalization scale:false in training (tensorflow/tfjs#2868)', () => {
  test('without the fix, tfjs-layers still crashes (so the fix is still needed)', async () => {
    const model = smallModel();
    const [x, y] = batch();
    await expect(model.trainOnBatch(x, y)).rejects.toThrow(/reading 'read'/);
    model.dispose();
  });

  test('the fix installs once', () => {
    expect(applyBatchNormNoScaleFix()).toBe(true);
    expect(applyBatchNormNoScaleFix()).toBe(false);
  });

  test('keeps the Keras weight list, order and parameter count', () => {
    const model = smallModel();
    // conv 3·3·2·3 = 54; BN β, moving mean, moving variance 3 each; dense 3·2 + 2 = 8.
    expect(model.countParams()).toBe(54 + 9 + 8);
    // originalName: tfjs suffixes `name` with _1, _2… when a process builds several models.
    // Per layer, Keras' order (what weight files follow); the model lists trainable weights first, as Keras does.
    expect(model.getLayer('bn').weights.map((w) => w.originalName)).toEqual([
      'bn/beta',
      'bn/moving_mean',
      'bn/moving_variance',
    ]);
    expect(model.weights.map((w) => w.originalName)).toEqual([
      'conv/kernel',
      'bn/beta',
      'fc/kernel',
      'fc/bias',
      'bn/moving_mean',
      'bn/moving_variance',
    ]);
    expect(model.trainableWeights.map((w) => w.originalName)).toEqual([
      'conv/kernel',
      'bn/beta',
      'fc/kernel',
      'fc/bias',
    ]);
    expect(model.getLayer('bn').getWeights().length).toBe(3);
    model.dispose();
  });

  test('training mode normalises with the batch statistics and γ = 1 (hand computation)', () => {
    const bn = tfl.layers.batchNormalization({ axis: 1, scale: false, epsilon: 1e-3 });
    // Two channels over four samples: channel 0 = 1,2,3,4 (mean 2.5, var 1.25); channel 1 = 0,0,2,2 (mean 1, var 1).
    const x = tf.tensor2d([
      [1, 0],
      [2, 0],
      [3, 2],
      [4, 2],
    ]);
    const y = (bn.apply(x, { training: true }) as tf.Tensor).arraySync() as number[][];
    const s0 = Math.sqrt(1.25 + 1e-3);
    const s1 = Math.sqrt(1 + 1e-3);
    const expected = [
      [-1.5 / s0, -1 / s1],
      [-0.5 / s0, -1 / s1],
      [0.5 / s0, 1 / s1],
      [1.5 / s0, 1 / s1],
    ];
    y.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i][j], 5)));
    bn.dispose();
  });

  test.each(['cpu', 'wasm'])(
    'trains on %s: loss finite, β and the moving mean move, the weight list stays',
    async (backend) => {
      registerConv2DBackpropFilterWasm();
      expect(await tf.setBackend(backend)).toBe(true);
      const model = smallModel();
      const names = model.weights.map((w) => w.name);
      const beta0 = model.getLayer('bn').getWeights()[0].arraySync() as number[];
      const mean0 = model.getLayer('bn').getWeights()[1].arraySync() as number[];
      const [x, y] = batch();
      const loss = (await model.trainOnBatch(x, y)) as number;
      expect(Number.isFinite(loss)).toBe(true);
      const [beta1, mean1] = model
        .getLayer('bn')
        .getWeights()
        .map((w) => w.arraySync() as number[]);
      expect(beta1).not.toEqual(beta0);
      expect(mean1).not.toEqual(mean0);
      expect(model.weights.map((w) => w.name)).toEqual(names);
      model.dispose();
      tf.dispose([x, y]);
    },
  );

  test('disposing the model frees the constant γ', async () => {
    await tf.setBackend('cpu');
    const model = smallModel();
    const [x, y] = batch();
    await model.trainOnBatch(x, y);
    tf.dispose([x, y]);
    const gamma = (model.getLayer('bn') as unknown as { gamma: { read(): tf.Tensor } }).gamma.read();
    expect(Array.from(gamma.dataSync())).toEqual([1, 1, 1]);
    model.dispose();
    expect(gamma.isDisposed).toBe(true);
  });
});
