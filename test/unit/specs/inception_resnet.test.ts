import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src-main/analysis/analyse.js';
import type { Analysis } from '../../../src-main/shared/analysis-types.js';
import { buildNetwork } from '../../../src-main/zoo/index.js';
import type { ConvLayer, Module, NetworkId, VariantOptions } from '../../../src-main/shared/spec.js';
import {
  REF,
  convBn,
  convsWithBias,
  denseMacs,
  group,
  hwc,
  measure,
  node,
  range,
  sumGroups,
  type RefChild,
} from './helpers.js';

const modulesOf = (id: NetworkId, o: VariantOptions = {}): Module[] =>
  buildNetwork(id, o).stages.flatMap((s) => s.modules);

/** Checks every reference row that maps to one of our nodes/groups (or a run of modules). */
function expectRows(a: Analysis, rows: RefChild[], ids: Record<string, string | string[]>): number {
  let n = 0;
  for (const r of rows) {
    const id = ids[r.name];
    if (id === undefined) continue;
    const got = Array.isArray(id) ? sumGroups(a, id) : measure(a, id);
    expect({ row: r.name, ...got }).toEqual({ row: r.name, params: r.params, shape: hwc(r.out_shape) });
    n++;
  }
  return n;
}

const STEM_V1: Record<string, string> = {
  conv2d_1a: 'Stem/Conv2d_1a_3x3',
  conv2d_2a: 'Stem/Conv2d_2a_3x3',
  conv2d_2b: 'Stem/Conv2d_2b_3x3',
  maxpool_3a: 'Stem/MaxPool_3a_3x3',
  conv2d_3b: 'Stem/Conv2d_3b_1x1',
  conv2d_4a: 'Stem/Conv2d_4a_3x3',
};

describe('inception_resnet_v2, released (TF-slim / Keras / timm)', () => {
  const a = analyse(buildNetwork('inception_resnet_v2'));
  const timm = REF.inception_resnet_v2.timm_nc1000;
  const keras = REF.inception_resnet_v2.keras_include_top_true;

  it('is the default flavour and matches the PyTorch-convention reference', () => {
    expect(a.spec.flavour).toBe('released');
    expect(a.totals.params.pytorch).toBe(timm.params_total);
    expect(a.totals.macs).toBe(timm.macs_eval_total);
    expect(a.totals.macs).toBe(keras.macs);
    expect(denseMacs(a)).toBe(timm.macs_eval_linear);
    expect(a.totals.convLayers).toBe(timm.conv2d);
    expect(convsWithBias(a)).toBe(timm.conv2d_with_bias);
    expect(a.totals.bnLayers).toBe(timm.batchnorm2d);
    expect(a.totals.bnChannels).toBe(timm.bn_channels_total);
  });

  it("matches Keras' model.summary() counts", () => {
    const p = a.totals.params;
    expect(p.kerasTrainable + p.kerasNonTrainable).toBe(keras.total_params);
    expect(p.kerasTrainable).toBe(keras.trainable_params);
    expect(p.kerasNonTrainable).toBe(keras.non_trainable_params);
  });

  it('with 1001 classes matches the 1001-class reference', () => {
    const b = analyse(buildNetwork('inception_resnet_v2', { classes: 1001 }));
    expect(b.totals.params.pytorch).toBe(REF.inception_resnet_v2.timm_nc1001.params_total);
    expect(b.totals.macs).toBe(REF.inception_resnet_v2.timm_nc1001.macs_eval_total);
  });

  it('matches every per-block shape and parameter count, row by row', () => {
    const n = expectRows(a, timm.children, {
      ...STEM_V1,
      maxpool_5a: 'Stem/MaxPool_5a_3x3',
      mixed_5b: 'mixed_5b',
      repeat: range('block35', 1, 10),
      mixed_6a: 'mixed_6a',
      repeat_1: range('block17', 1, 20),
      mixed_7a: 'mixed_7a',
      repeat_2: range('block8', 1, 9),
      block8: 'block8_10',
      conv2d_7b: 'conv_7b',
      global_pool: 'Logits/avg_pool',
      classif: 'Logits/predictions',
    });
    expect(n).toBe(timm.children.length - 1); // all but head_drop (no params, shape convention only)
    const per = REF.inception_resnet_v2.per_block_params_timm;
    for (const i of [1, 10]) expect(group(a, `block35_${i}`).params.pytorch).toBe(per.Block35);
    for (const i of [1, 20]) expect(group(a, `block17_${i}`).params.pytorch).toBe(per.Block17);
    for (const i of [1, 9, 10]) expect(group(a, `block8_${i}`).params.pytorch).toBe(per.Block8);
  });

  it("has Keras' named concatenations with Keras' shapes", () => {
    for (const [name, shape] of Object.entries(keras.named_concat_shapes as Record<string, number[]>)) {
      expect(node(a, `${name}/concat`).outShape).toEqual(shape);
    }
    expect(node(a, 'block35_1/block35_1_mixed/concat').outShape).toEqual([35, 35, 128]);
    expect(node(a, 'block35_1/block35_1_conv').layer).toMatchObject({
      name: 'block35_1_conv',
      filters: 320,
      bias: true,
      activation: 'linear',
    });
    expect((node(a, 'block35_1/block35_1_conv').layer as ConvLayer).bn).toBeUndefined();
    expect(node(a, 'conv_7b/conv_7b').outShape).toEqual([8, 8, 1536]);
  });

  it('scales the residuals 0.17 / 0.10 / 0.20 and ends with a linear block8_10 (scale 1)', () => {
    const adds = a.nodes.filter((n) => n.kind === 'add');
    expect(adds).toHaveLength(40);
    const sc = (prefix: string) => adds.filter((n) => n.module.startsWith(prefix));
    expect(sc('block35_').every((n) => n.scale === 0.17 && n.activation === 'relu')).toBe(true);
    expect(sc('block17_').every((n) => n.scale === 0.1 && n.activation === 'relu')).toBe(true);
    expect(range('block8', 1, 9).every((m) => node(a, `${m}/add`).scale === 0.2)).toBe(true);
    expect(node(a, 'block8_10/add')).toMatchObject({ scale: 1, activation: 'linear' });
    const ms = modulesOf('inception_resnet_v2');
    expect(ms.filter((m) => m.paperName === 'Inception-ResNet-A')).toHaveLength(10);
    expect(ms.filter((m) => m.paperName === 'Inception-ResNet-B')).toHaveLength(20);
    expect(ms.filter((m) => m.paperName === 'Inception-ResNet-C')).toHaveLength(10);
    expect(ms.find((m) => m.name === 'block8_10')!.type).not.toBe(
      ms.find((m) => m.name === 'block8_9')!.type,
    );
    expect(ms.find((m) => m.name === 'mixed_6a')!.params).toEqual({ k: 256, l: 256, m: 384, n: 384 });
  });

  it('builds the TF-slim aux head only with extraAux, outside the inference totals', () => {
    expect(a.spec.aux).toEqual([]);
    const b = analyse(buildNetwork('inception_resnet_v2', { extraAux: true }));
    expect(b.spec.aux[0]).toMatchObject({ attachTo: 'block17_20', lossWeight: 0.4, trainingOnly: true });
    expect(b.totals.params.pytorch).toBe(timm.params_total);
    const aux = convBn(1088, 128, 1) + convBn(128, 768, 5) + 768 * 1000 + 1000;
    expect(b.totalsWithAux.params.pytorch).toBe(timm.params_total + aux);
  });
});

describe('inception_resnet_v2, paper flavour (Figure 15: 5 / 10 / 5)', () => {
  const a = analyse(buildNetwork('inception_resnet_v2', { flavour: 'paper' }));

  it('uses the Figure 3 stem and Table 1 widths, with expansions matching their input', () => {
    expect(measure(a, 'Stem').shape).toEqual([35, 35, 384]);
    expect(measure(a, 'mixed_6a').shape).toEqual([17, 17, 1152]); // 384 + n 384 + m 384
    expect(measure(a, 'mixed_7a').shape).toEqual([8, 8, 2144]); // 1152 + 384 + 288 + 320
    expect((node(a, 'block17_1/block17_1_conv').layer as ConvLayer).filters).toBe(1152); // Fig 17 prints 1154
    expect((node(a, 'block8_1/block8_1_conv').layer as ConvLayer).filters).toBe(2144); // Fig 19 prints 2048
    const ms = modulesOf('inception_resnet_v2', { flavour: 'paper' });
    expect(ms.filter((m) => m.paperName === 'Inception-ResNet-A')).toHaveLength(5);
    expect(ms.filter((m) => m.paperName === 'Inception-ResNet-B')).toHaveLength(10);
    expect(ms.filter((m) => m.paperName === 'Inception-ResNet-C')).toHaveLength(5);
    expect(ms.some((m) => m.name === 'conv_7b')).toBe(false);
    expect(a.output).toEqual([1000]);
  });

  it('has the parameter count of a hand sum over Figures 3, 16–19 and Table 1', () => {
    const stem = (REF.inception_v4.timm_nc1000.children as RefChild[])
      .slice(0, 6)
      .reduce((s, r) => s + r.params, 0);
    const up = (cin: number, cout: number) => cin * cout + cout;
    const A =
      convBn(384, 32, 1) +
      convBn(384, 32, 1) +
      convBn(32, 32, 3) +
      convBn(384, 32, 1) +
      convBn(32, 48, 3) +
      convBn(48, 64, 3) +
      up(128, 384);
    const RA = convBn(384, 384, 3) + convBn(384, 256, 1) + convBn(256, 256, 3) + convBn(256, 384, 3);
    const B =
      convBn(1152, 192, 1) +
      convBn(1152, 128, 1) +
      convBn(128, 160, 1, 7) +
      convBn(160, 192, 7, 1) +
      up(384, 1152);
    const RB =
      convBn(1152, 256, 1) +
      convBn(256, 384, 3) +
      convBn(1152, 256, 1) +
      convBn(256, 288, 3) +
      convBn(1152, 256, 1) +
      convBn(256, 288, 3) +
      convBn(288, 320, 3);
    const C =
      convBn(2144, 192, 1) +
      convBn(2144, 192, 1) +
      convBn(192, 224, 1, 3) +
      convBn(224, 256, 3, 1) +
      up(448, 2144);
    const head = up(2144, 1000);
    expect(measure(a, 'Stem').params).toBe(stem);
    expect(group(a, 'block35_1').params.pytorch).toBe(A);
    expect(group(a, 'mixed_6a').params.pytorch).toBe(RA);
    expect(group(a, 'block17_1').params.pytorch).toBe(B);
    expect(group(a, 'mixed_7a').params.pytorch).toBe(RB);
    expect(group(a, 'block8_5').params.pytorch).toBe(C);
    expect(a.totals.params.pytorch).toBe(stem + 5 * A + RA + 10 * B + RB + 5 * C + head);
    expect(a.spec.choices.some((c) => /1154/.test(c.decision) && /2048/.test(c.decision))).toBe(true);
  });
});

describe('inception_resnet_v1 (facenet widths, paper counts)', () => {
  const v1 = REF.inception_resnet_v1;
  const a = analyse(buildNetwork('inception_resnet_v1'));
  const refPaper = v1.paper_count_5xBlock8_plus_linear1792x1000;
  const V1_IDS = {
    ...STEM_V1,
    conv2d_4b: 'Stem/Conv2d_4b_3x3',
    repeat_1: range('block35', 1, 5),
    mixed_6a: 'Mixed_6a',
    repeat_2: range('block17', 1, 10),
    mixed_7a: 'Mixed_7a',
    flatten: 'Logits/AvgPool_1a',
    fc: 'Logits/Logits',
  };

  it('default paper flavour: 5 × A, 10 × B, 5 × C, plain 1792 → 1000 head', () => {
    expect(a.spec.flavour).toBe('paper');
    expect(a.totals.params.pytorch).toBe(refPaper.params_total);
    expect(a.totals.macs).toBe(refPaper.macs_eval_total);
    expect(denseMacs(a)).toBe(refPaper.macs_eval_linear);
    expect(a.totals.convLayers).toBe(refPaper.conv2d);
    expect(convsWithBias(a)).toBe(refPaper.conv2d_with_bias);
    expect(a.totals.bnLayers).toBe(refPaper.batchnorm2d);
    expect(a.totals.params.kerasNonTrainable).toBe(refPaper.bn2d_running_stat_elements);
    const n = expectRows(a, refPaper.children, {
      ...V1_IDS,
      repeat_3: range('block8', 1, 4),
      block8: 'block8_5',
    });
    expect(n).toBe(refPaper.children.length - 2); // all but avgpool_1a (C×1×1) and dropout
    expect(node(a, 'block8_5/add')).toMatchObject({ scale: 1, activation: 'linear' });
  });

  it('per-block parameters equal the reference (Block35/17/8, Reduction-A/B, stem)', () => {
    expect(group(a, 'block35_3').params.pytorch).toBe(v1.per_block_params.Block35);
    expect(group(a, 'block17_7').params.pytorch).toBe(v1.per_block_params.Block17);
    expect(group(a, 'block8_2').params.pytorch).toBe(v1.per_block_params.Block8);
    const rows = refPaper.children as RefChild[];
    const byName = (n: string) => rows.find((r) => r.name === n)!.params;
    expect(group(a, 'Mixed_6a').params.pytorch).toBe(byName('mixed_6a'));
    expect(group(a, 'Mixed_7a').params.pytorch).toBe(byName('mixed_7a'));
    expect(group(a, 'Stem').params.pytorch).toBe(rows.slice(0, 7).reduce((s, r) => s + r.params, 0));
    expect(modulesOf('inception_resnet_v1').find((m) => m.name === 'Mixed_6a')!.params).toEqual({
      k: 192,
      l: 192,
      m: 256,
      n: 384,
    });
  });

  it('residual up-projections have bias, no BN, and the block input width', () => {
    for (const [id, c] of [
      ['block35_1/block35_1_conv', 256],
      ['block17_1/block17_1_conv', 896],
      ['block8_1/block8_1_conv', 1792],
    ] as const) {
      expect(node(a, id).layer).toMatchObject({ filters: c, bias: true, activation: 'linear' });
      expect((node(a, id).layer as ConvLayer).bn).toBeUndefined();
    }
    const figs = Object.fromEntries(
      modulesOf('inception_resnet_v1').map((m) => [m.paperName, m.figure?.figure]),
    );
    expect(figs).toMatchObject({
      Stem: 'Figure 14',
      'Inception-ResNet-A': 'Figure 10',
      'Reduction-A': 'Figure 7',
      'Inception-ResNet-B': 'Figure 11',
      'Reduction-B': 'Figure 12',
      'Inception-ResNet-C': 'Figure 13',
    });
  });

  it("'released' flavour is facenet's trunk with 6 × Block8", () => {
    const b = analyse(buildNetwork('inception_resnet_v1', { flavour: 'released' }));
    const ref = v1.facenet_trunk_6xBlock8_plus_linear1792x1000;
    expect(b.totals.params.pytorch).toBe(ref.params_total);
    expect(b.totals.macs).toBe(ref.macs_eval_total);
    expect(b.totals.convLayers).toBe(ref.conv2d);
    expect(b.totals.bnLayers).toBe(ref.batchnorm2d);
    const n = expectRows(b, ref.children, { ...V1_IDS, repeat_3: range('block8', 1, 5), block8: 'block8_6' });
    expect(n).toBe(ref.children.length - 2);
  });
});

describe('module metadata', () => {
  it('every module has a paper name, a type and a figure, except the released-only IR-v2 extras', () => {
    const cases: [NetworkId, VariantOptions, string[]][] = [
      ['inception_v4', {}, []],
      ['inception_v4', { flavour: 'paper' }, []],
      ['inception_resnet_v1', {}, []],
      ['inception_resnet_v1', { flavour: 'released' }, []],
      ['inception_resnet_v2', {}, ['mixed_5b', 'conv_7b']],
      ['inception_resnet_v2', { flavour: 'paper' }, []],
    ];
    for (const [id, o, noFigure] of cases) {
      const ms = modulesOf(id, o);
      for (const m of ms) {
        expect(m.paperName.length, `${id} ${m.name}`).toBeGreaterThan(0);
        expect(m.type.length, `${id} ${m.name}`).toBeGreaterThan(0);
      }
      expect(
        ms.filter((m) => !m.figure).map((m) => m.name),
        id,
      ).toEqual(noFigure);
      expect(ms.every((m) => !m.figure || m.figure.paper === 'P4')).toBe(true);
    }
  });
});

describe('reduced Inception-ResNet variants', () => {
  it('width 0.25 at 75×75: valid shapes, and the up-projections follow the block input', () => {
    const v1 = analyse(buildNetwork('inception_resnet_v1', { width: 0.25, input: 75 }));
    // 75 → 37 → 35 → 35 → 17 → 17 → 15 → 7; channels 256 × 0.25 = 64.
    expect(measure(v1, 'Stem').shape).toEqual([7, 7, 64]);
    expect((node(v1, 'block35_1/block35_1_conv').layer as ConvLayer).filters).toBe(64);
    expect(measure(v1, 'Mixed_6a').shape).toEqual([3, 3, 64 + 96 + 64]);
    expect((node(v1, 'block17_1/block17_1_conv').layer as ConvLayer).filters).toBe(224);
    expect(measure(v1, 'Mixed_7a').shape).toEqual([1, 1, 224 + 96 + 64 + 64]);
    expect(v1.output).toEqual([1000]);

    const v2 = analyse(buildNetwork('inception_resnet_v2', { width: 0.25, input: 75 }));
    expect(measure(v2, 'mixed_5b').shape).toEqual([7, 7, 24 + 16 + 24 + 16]);
    expect((node(v2, 'block35_1/block35_1_conv').layer as ConvLayer).filters).toBe(80);
    expect(measure(v2, 'mixed_7a').shape).toEqual([1, 1, 80 + 96 + 96 + 96 + 72 + 80]);
    expect(measure(v2, 'conv_7b').shape).toEqual([1, 1, 384]);

    const v2p = analyse(buildNetwork('inception_resnet_v2', { flavour: 'paper', width: 0.25, input: 75 }));
    expect(v2p.output).toEqual([1000]);
  });

  it('32×32 input builds with the small-input stem for every flavour', () => {
    for (const [id, flavour, stemOut] of [
      ['inception_resnet_v1', 'paper', [7, 7, 256]],
      ['inception_resnet_v1', 'released', [7, 7, 256]],
      ['inception_resnet_v2', 'released', [7, 7, 192]],
      ['inception_resnet_v2', 'paper', [7, 7, 384]],
    ] as const) {
      const a = analyse(buildNetwork(id, { flavour, input: 32, classes: 10 }));
      expect(measure(a, 'Stem').shape, `${id} ${flavour}`).toEqual(stemOut);
      expect(a.output).toEqual([10]);
      expect(a.spec.choices.some((c) => c.topic === 'Small-input stem')).toBe(true);
    }
  });
});
