/**
 * Full-size buildModel for every network and flavour: parameter counts (the analysis' Keras
 * convention, and the Keras reference numbers where Keras has the network) and the Keras weight-name
 * mapping. Building initialises up to 59M weights each, hence integration.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { initBackend } from '../../../src-main/engine/backends.js';
import { buildModel } from '../../../src-main/engine/tfjs/build-model.js';
import { kerasWeightMap } from '../../../src-main/engine/tfjs/keras-weights.js';
import { REF as ref } from '../../unit/specs/helpers.js';
import { expectModelsMatchAnalysis } from '../../unit/tfjs/model-checks.js';
import { analyse } from '../../../src-main/analysis/analyse.js';
import { buildNetwork, listZoo } from '../../../src-main/zoo/index.js';

beforeAll(async () => {
  await initBackend({ force: 'wasm' });
});

const variants = listZoo().flatMap((e) => e.flavours.map((flavour) => ({ id: e.id, flavour })));

describe.each(variants)('$id ($flavour)', ({ id, flavour }) => {
  test('countParams equals the analysis’ Keras count, inference and training graphs', () => {
    const a = analyse(buildNetwork(id, { flavour, extraAux: true }));
    expectModelsMatchAnalysis(a);
  });
});

describe('Keras reference counts', () => {
  const cases = [
    ['inception_v3', ref.inception_v3.keras_include_top_true],
    ['inception_resnet_v2', ref.inception_resnet_v2.keras_include_top_true],
  ] as const;
  test.each(cases)('%s: total, trainable, non-trainable and layer types as keras.applications', (id, k) => {
    const { model } = buildModel(buildNetwork(id));
    const count = (ws: { shape: (number | null)[] }[]) =>
      ws.reduce((s, w) => s + w.shape.reduce<number>((a, b) => a * (b ?? 0), 1), 0);
    expect(model.countParams()).toBe(k.total_params);
    expect(count(model.trainableWeights)).toBe(k.trainable_params);
    expect(count(model.nonTrainableWeights)).toBe(k.non_trainable_params);
    const types = (cls: string) => model.layers.filter((l) => l.getClassName() === cls).length;
    expect(types('Conv2D')).toBe(k.layer_type_counts.Conv2D);
    expect(types('BatchNormalization')).toBe(k.layer_type_counts.BatchNormalization);
    model.dispose();
  });
});

describe('Keras weight names', () => {
  test('Inception-v3: the k-th unnamed conv is conv2d_k, its BN batch_normalization_k; the classifier is predictions', () => {
    const built = buildModel(buildNetwork('inception_v3'));
    const map = kerasWeightMap(built);
    const keras = new Map(map.map((m) => [m.tfjs, m.keras]));
    // Every weight of the inference graph is mapped exactly once, to a distinct Keras name.
    expect(map.length).toBe(built.model.weights.length);
    expect(new Set(map.map((m) => m.keras)).size).toBe(map.length);
    expect(keras.get('Conv2d_1a_3x3/kernel')).toBe('conv2d/kernel:0');
    expect(keras.get('Conv2d_1a_3x3.bn/moving_variance')).toBe('batch_normalization/moving_variance:0');
    // Keras' stem has five conv2d_bn calls, so mixed0's first branch conv is the sixth.
    expect(keras.get('Mixed_5b.Branch_0.Conv2d_0a_1x1/kernel')).toBe('conv2d_5/kernel:0');
    expect(keras.get('fc/bias')).toBe('predictions/bias:0');
    expect(
      new Set(map.filter((m) => m.keras.startsWith('conv2d')).map((m) => m.keras.split('/')[0])).size,
    ).toBe(94);
    expect(kerasWeightMap(built, 'keras2').find((m) => m.tfjs === 'Conv2d_1a_3x3/kernel')!.keras).toBe(
      'conv2d_1/kernel:0',
    );
    built.model.dispose();
  });

  test('Inception-ResNet-v2: named up-projections and conv_7b keep their names', () => {
    const built = buildModel(buildNetwork('inception_resnet_v2'));
    const map = kerasWeightMap(built);
    const byKeras = new Map(map.map((m) => [m.keras, m.tfjs]));
    expect(map.length).toBe(built.model.weights.length);
    expect(byKeras.get('block35_1_conv/bias:0')).toBe('block35_1.block35_1_conv/bias');
    expect(byKeras.get('conv_7b_bn/beta:0')).toBe('conv_7b.conv_7b.bn/beta');
    // Stem (5) and mixed_5b (7) use conv2d … conv2d_11; block35_1's first branch conv is conv2d_12.
    expect(byKeras.get('conv2d_12/kernel:0')).toBe('block35_1.block35_1_mixed.Branch_0.Conv2d_1x1/kernel');
    // Conv2D layers in Keras: auto-named + 40 up-projections + conv_7b.
    const convLayers = new Set(
      map
        .filter((m) => m.keras.endsWith('/kernel:0') && m.keras !== 'predictions/kernel:0')
        .map((m) => m.keras),
    );
    expect(convLayers.size).toBe(ref.inception_resnet_v2.keras_include_top_true.layer_type_counts.Conv2D);
    built.model.dispose();
  });
});
