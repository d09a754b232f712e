import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src-main/analysis/analyse.js';
import type { Analysis } from '../../../src-main/shared/analysis-types.js';
import { buildNetwork } from '../../../src-main/zoo/index.js';
import type { ConvLayer, Module } from '../../../src-main/shared/spec.js';
import {
  PRINTED,
  REF,
  children,
  convsWithBias,
  denseMacs,
  group,
  kernels,
  node,
  normShape,
} from './helpers.js';

const FLAVOURS = [
  { flavour: 'paper', ref: 'paper_style' },
  { flavour: 'torchvision', ref: 'torchvision' },
] as const;

const modules = (a: Analysis): Module[] => a.spec.stages.flatMap((s) => s.modules);

describe.each(FLAVOURS)('googlenet $flavour', ({ flavour, ref }) => {
  const noAux = REF.googlenet[`${ref}_aux_false`];
  const withAux = REF.googlenet[`${ref}_aux_true`];
  const a = analyse(buildNetwork('googlenet', { flavour }));

  it('matches the reference totals without and with the aux heads', () => {
    expect(a.output).toEqual(noAux.eval_output_shape.slice(1));
    expect(a.totals.params.pytorch).toBe(noAux.params_total);
    expect(a.totalsWithAux.params.pytorch).toBe(withAux.params_total);
    expect(a.totals.macs).toBe(noAux.macs_eval_total);
    expect(denseMacs(a)).toBe(noAux.macs_eval_linear);
    expect(a.totalsWithAux.macs - a.totals.macs).toBe(withAux.macs_aux_total);
  });

  it('has the reference layer counts and kernels', () => {
    expect(a.totals.convLayers).toBe(noAux.conv2d);
    expect(a.totalsWithAux.convLayers).toBe(withAux.conv2d);
    expect(convsWithBias(a)).toBe(noAux.conv2d_with_bias);
    expect(convsWithBias(a, false)).toBe(withAux.conv2d_with_bias);
    expect(a.totals.bnLayers).toBe(noAux.batchnorm2d);
    expect(a.totalsWithAux.bnLayers).toBe(withAux.batchnorm2d);
    expect(a.totals.denseLayers).toBe(noAux.linear);
    expect(a.totalsWithAux.denseLayers).toBe(withAux.linear);
    expect(a.totals.bnChannels).toBe(noAux.bn_channels_total);
    expect(a.totalsWithAux.bnChannels).toBe(withAux.bn_channels_total);
    // Keras would count the BN running statistics as non-trainable.
    expect(a.totals.params.kerasNonTrainable).toBe(noAux.bn_running_stat_elements);
    expect(kernels(a)).toEqual(noAux.conv_kernel_sizes);
  });

  it.each(children(withAux))('child %s: shape and params', (name, child) => {
    const g = group(a, name);
    expect(normShape(g.outShape, 'hwc')).toEqual(normShape(child.out_shape, 'chw'));
    expect(g.params.pytorch).toBe(child.params);
  });

  it('per-child MACs equal the reference', () => {
    for (const [name, macs] of Object.entries(noAux.macs_per_child_eval))
      expect([name, group(a, name).macs]).toEqual([name, macs]);
    for (const [name, macs] of Object.entries(withAux.macs_aux_heads))
      expect([name, group(a, name).macs]).toEqual([name, macs]);
  });

  it('has the two aux heads of P1 §5: training only, loss weight 0.3, on 4a and 4d', () => {
    expect(a.spec.aux.map((h) => [h.name, h.attachTo, h.lossWeight, h.trainingOnly])).toEqual([
      ['aux1', 'inception4a', 0.3, true],
      ['aux2', 'inception4d', 0.3, true],
    ]);
    const auxNodes = a.nodes.filter((n) => n.aux !== undefined);
    expect(auxNodes.length).toBeGreaterThan(0);
    // No inference node reads an aux node: the heads are side branches only.
    const auxIds = new Set(auxNodes.map((n) => n.id));
    for (const n of a.nodes.filter((x) => x.aux === undefined))
      expect(n.inputs.some((i) => auxIds.has(i))).toBe(false);
    expect(node(a, 'aux1/pool').inputs).toEqual(['inception4a/concat']);
    const drop = node(a, 'aux1/dropout').layer;
    expect(drop?.op === 'dropout' && drop.rate).toBe(0.7);
    expect(node(a, 'aux1/fc1').outShape).toEqual([1024]);
    expect(node(a, 'aux1/conv').outShape).toEqual([4, 4, 128]);
  });

  it('modules carry the paper names and Table 1 branch columns', () => {
    const byName = new Map(modules(a).map((m) => [m.name, m]));
    for (const row of PRINTED.googlenet_table1.filter((r: { cols?: number[] }) => r.cols)) {
      const id = /\((\w+)\)/.exec(row.type)![1]!;
      const m = byName.get(`inception${id}`)!;
      expect(m.paperName).toBe(row.type);
      expect(m.type).toBe('Inception');
      expect(m.figure).toEqual({ paper: 'P1', figure: 'Figure 2(b)' });
      expect(Object.values(m.params!)).toEqual(row.cols);
      expect(group(a, m.name).outShape).toEqual(row.output);
    }
  });

  it('receptive fields through the stem (hand-computed: r += (k − 1)·j, j *= s)', () => {
    // conv1 7×7/2: 7, j 2 · maxpool1 3×3/2: 7 + 2·2 = 11, j 4 · conv2 1×1: 11 · conv3 3×3: 11 + 2·4 = 19 · maxpool2: 19 + 2·4 = 27, j 8
    expect(group(a, 'conv1').rf).toEqual({ size: [7, 7], jump: [2, 2] });
    expect(group(a, 'conv3').rf).toEqual({ size: [19, 19], jump: [4, 4] });
    expect(group(a, 'maxpool2').rf).toEqual({ size: [27, 27], jump: [8, 8] });
    // 3a's deepest path: 3×3 pool (27 + 2·8 = 43) then a 1×1, or a 5×5 in the paper (27 + 4·8 = 59).
    expect(group(a, 'inception3a').rf.size[0]).toBe(flavour === 'paper' ? 59 : 43);
  });

  it('1001 classes adds 1,025 to the classifier and to each aux classifier', () => {
    const b = analyse(buildNetwork('googlenet', { flavour, classes: 1001 }));
    expect(b.output).toEqual([1001]);
    expect(b.totals.params.pytorch - a.totals.params.pytorch).toBe(1024 + 1);
    expect(b.totalsWithAux.params.pytorch - a.totalsWithAux.params.pytorch).toBe(3 * (1024 + 1));
  });
});

describe('googlenet flavour differences', () => {
  const paper = analyse(buildNetwork('googlenet'));
  const tv = analyse(buildNetwork('googlenet', { flavour: 'torchvision' }));
  const conv = (a: Analysis, id: string) => node(a, id).layer as ConvLayer;

  it('paper is the default, with LRN after pool1 and conv3, no BN, conv bias, 5×5 branch, dropout 0.4', () => {
    expect(paper.spec.flavour).toBe('paper');
    expect(node(paper, 'norm1').inputs).toEqual(['maxpool1']);
    expect(node(paper, 'norm2').inputs).toEqual(['conv3']);
    expect(paper.totalsWithAux.bnLayers).toBe(0);
    expect(conv(paper, 'inception3a/branch3/5x5').kernel).toEqual([5, 5]);
    expect(conv(paper, 'conv1').bias).toBe(true);
    expect(node(paper, 'dropout').layer).toMatchObject({ rate: 0.4 });
    expect(node(paper, 'maxpool4').layer).toMatchObject({ pool: [3, 3], strides: [2, 2], ceil: true });
  });

  it('torchvision: BN eps 1e-3 without bias, 3×3 branch, no LRN, 2×2 maxpool4, adaptive aux pool, dropout 0.2', () => {
    expect(tv.nodes.some((n) => n.op === 'lrn')).toBe(false);
    expect(conv(tv, 'inception3a/branch3/5x5').kernel).toEqual([3, 3]);
    expect(conv(tv, 'conv1')).toMatchObject({ bias: false, bn: { eps: 0.001 } });
    expect(node(tv, 'maxpool4').layer).toMatchObject({ pool: [2, 2], strides: [2, 2], ceil: true });
    expect(node(tv, 'aux1/pool').layer).toMatchObject({ adaptive: [4, 4] });
    expect(node(tv, 'dropout').layer).toMatchObject({ rate: 0.2 });
  });
});
