import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src-main/analysis/analyse.js';
import { buildNetwork } from '../../../src-main/zoo/index.js';
import type { ConvLayer, PoolLayer } from '../../../src-main/shared/spec.js';
import { REF, children, count, denseMacs, group, kernels, layerNodes, node, normShape } from './helpers.js';

const tvNoAux = REF.inception_v3.torchvision_aux_false;
const tvAux = REF.inception_v3.torchvision_aux_true;
const keras = REF.inception_v3.keras_include_top_true;
const kerasNoTop = REF.inception_v3.keras_include_top_false;

/** Keras' named concatenations → our concat node ids. */
const KERAS_CONCATS: Record<string, string> = {
  mixed0: 'Mixed_5b/concat',
  mixed1: 'Mixed_5c/concat',
  mixed2: 'Mixed_5d/concat',
  mixed3: 'Mixed_6a/concat',
  mixed4: 'Mixed_6b/concat',
  mixed5: 'Mixed_6c/concat',
  mixed6: 'Mixed_6d/concat',
  mixed7: 'Mixed_6e/concat',
  mixed8: 'Mixed_7a/concat',
  mixed9_0: 'Mixed_7b/Branch_1/split/concat',
  mixed9: 'Mixed_7b/concat',
  mixed9_1: 'Mixed_7c/Branch_1/split/concat',
  mixed10: 'Mixed_7c/concat',
};

describe.each(['released', 'torchvision'] as const)('inception_v3 %s', (flavour) => {
  const a = analyse(buildNetwork('inception_v3', { flavour }));

  it('matches the PyTorch-convention totals, with and without the aux head', () => {
    expect(a.output).toEqual(tvNoAux.eval_output_shape.slice(1));
    expect(a.totals.params.pytorch).toBe(tvNoAux.params_total);
    expect(a.totalsWithAux.params.pytorch).toBe(tvAux.params_total);
    expect(a.totals.macs).toBe(tvNoAux.macs_eval_total);
    expect(a.totals.macs - denseMacs(a)).toBe(tvNoAux.macs_eval_conv);
    expect(a.totalsWithAux.macs - a.totals.macs).toBe(tvAux.macs_aux_total);
  });

  it('has the reference layer counts and kernels', () => {
    expect(a.totals.convLayers).toBe(tvNoAux.conv2d);
    expect(a.totalsWithAux.convLayers).toBe(tvAux.conv2d);
    expect(a.totals.bnLayers).toBe(tvNoAux.batchnorm2d);
    expect(a.totalsWithAux.bnLayers).toBe(tvAux.batchnorm2d);
    expect(a.totals.denseLayers).toBe(tvNoAux.linear);
    expect(a.totalsWithAux.denseLayers).toBe(tvAux.linear);
    expect(a.totals.bnChannels).toBe(tvNoAux.bn_channels_total);
    expect(a.totalsWithAux.bnChannels).toBe(tvAux.bn_channels_total);
    expect(count(a, (n) => n.layer?.op === 'conv' && n.layer.bias)).toBe(tvNoAux.conv2d_with_bias);
    expect(kernels(a)).toEqual(tvNoAux.conv_kernel_sizes);
    expect(a.totals.params.kerasNonTrainable).toBe(tvNoAux.bn_running_stat_elements);
  });

  it.each(children(tvAux))('child %s: shape and params', (name, child) => {
    const g = group(a, name);
    expect(normShape(g.outShape, 'hwc')).toEqual(normShape(child.out_shape, 'chw'));
    expect(g.params.pytorch).toBe(child.params);
  });

  it('per-child MACs equal the reference', () => {
    for (const [name, macs] of Object.entries(tvNoAux.macs_per_child_eval))
      expect([name, group(a, name).macs]).toEqual([name, macs]);
    expect(group(a, 'AuxLogits').macs).toBe(tvAux.macs_aux_heads.AuxLogits);
  });

  it('Keras named concatenations have the Keras shapes', () => {
    for (const [k, id] of Object.entries(KERAS_CONCATS))
      expect([k, node(a, id).outShape]).toEqual([k, keras.named_concat_shapes[k]]);
    expect(Object.keys(KERAS_CONCATS)).toEqual(Object.keys(keras.named_concat_shapes));
  });

  it('has the aux head on Mixed_6e: training only, loss weight 0.4, BN in the 5×5 768 conv', () => {
    expect(a.spec.aux).toHaveLength(1);
    const h = a.spec.aux[0]!;
    expect([h.name, h.attachTo, h.lossWeight, h.trainingOnly]).toEqual(['AuxLogits', 'Mixed_6e', 0.4, true]);
    expect(node(a, 'AuxLogits/AvgPool_1a_5x5').outShape).toEqual([5, 5, 768]);
    const c = node(a, 'AuxLogits/Conv2d_2a_5x5');
    expect(c.outShape).toEqual([1, 1, 768]);
    expect((c.layer as ConvLayer).bn).toBeDefined();
    expect(
      a.nodes
        .filter((n) => n.aux === undefined)
        .some((n) => n.inputs.some((i) => i.startsWith('AuxLogits/'))),
    ).toBe(false);
  });

  it('1001 classes adds 2,049 to the classifier (and 769 more to the aux head)', () => {
    const b = analyse(buildNetwork('inception_v3', { flavour, classes: 1001 }));
    expect(b.totals.params.pytorch - a.totals.params.pytorch).toBe(2048 + 1);
    expect(b.totalsWithAux.params.pytorch - a.totalsWithAux.params.pytorch).toBe(2048 + 1 + 768 + 1);
  });
});

describe('inception_v3 released = Keras InceptionV3', () => {
  const a = analyse(buildNetwork('inception_v3'));
  const main = layerNodes(a);
  const ops = (op: string) => main.filter((n) => n.op === op).length;

  it("is the default flavour and has Keras' total / trainable / non-trainable counts", () => {
    expect(a.spec.flavour).toBe('released');
    const p = a.totals.params;
    expect(p.kerasTrainable + p.kerasNonTrainable).toBe(keras.total_params);
    expect(p.kerasTrainable).toBe(keras.trainable_params);
    expect(p.kerasNonTrainable).toBe(keras.non_trainable_params);
    expect(a.totals.macs).toBe(keras.macs);
    expect(a.totals.macs - denseMacs(a)).toBe(kerasNoTop.macs);
  });

  it("has Keras' layer type counts", () => {
    const t = keras.layer_type_counts;
    expect(ops('conv')).toBe(t.Conv2D);
    expect(a.totals.bnLayers).toBe(t.BatchNormalization);
    expect(ops('maxpool')).toBe(t.MaxPooling2D);
    expect(ops('avgpool')).toBe(t.AveragePooling2D);
    expect(a.nodes.filter((n) => n.kind === 'concat' && n.aux === undefined).length).toBe(t.Concatenate);
    expect(ops('globalavgpool')).toBe(t.GlobalAveragePooling2D);
    expect(ops('dense')).toBe(t.Dense);
  });

  it("builds Mixed_5b in Keras' creation order (docs/papers.md#p3, TF-slim Inception-v3: 64 · 48→5×5 64 · 64→96→96 · pool→32)", () => {
    const filters = main
      .filter((n) => n.id.startsWith('Mixed_5b/') && n.op === 'conv')
      .map((n) => (n.layer as ConvLayer).filters);
    expect(filters).toEqual([64, 48, 64, 64, 96, 96, 32]);
  });

  it('released uses TF padding and BN without γ; torchvision explicit padding, padded avg pools, BN with γ', () => {
    const tv = analyse(buildNetwork('inception_v3', { flavour: 'torchvision' }));
    const pool = (x: typeof a) => node(x, 'Mixed_5b/Branch_3/AvgPool_0a_3x3').layer as PoolLayer;
    expect(pool(a).padding).toBe('same');
    expect(pool(a).countIncludePad).toBeUndefined();
    expect(pool(tv).padding).toEqual({ top: 1, bottom: 1, left: 1, right: 1 });
    expect(pool(tv).countIncludePad).toBe(true);
    const c = (x: typeof a) => node(x, 'Conv2d_2b_3x3').layer as ConvLayer;
    expect(c(a)).toMatchObject({ padding: 'same', bias: false, bn: { eps: 0.001, scale: false } });
    expect(c(tv)).toMatchObject({ padding: { top: 1, bottom: 1, left: 1, right: 1 }, bn: { scale: true } });
  });
});
