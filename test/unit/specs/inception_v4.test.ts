import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src-main/analysis/analyse.js';
import type { ConvLayer, Module } from '../../../src-main/shared/spec.js';
import { buildNetwork } from '../../../src-main/zoo/index.js';
import { REF, convBn, convsWithBias, denseMacs, hwc, measure, node, type RefChild } from './helpers.js';

const ref1000 = REF.inception_v4.timm_nc1000;
const ref1001 = REF.inception_v4.timm_nc1001;
const refKeras = REF.inception_v4.keras_convention_derived;

const released = analyse(buildNetwork('inception_v4'));
const modules = (id: Parameters<typeof buildNetwork>[1] = {}): Module[] =>
  buildNetwork('inception_v4', id).stages.flatMap((s) => s.modules);

/** timm child → our node or group id (our stem is one module, as in Figure 3). */
const V4_IDS: Record<string, string> = {
  'features.0': 'Stem/Conv2d_1a_3x3',
  'features.1': 'Stem/Conv2d_2a_3x3',
  'features.2': 'Stem/Conv2d_2b_3x3',
  'features.3': 'Stem/Mixed_3a',
  'features.4': 'Stem/Mixed_4a',
  'features.5': 'Stem/Mixed_5a',
  ...Object.fromEntries(['b', 'c', 'd', 'e'].map((c, i) => [`features.${6 + i}`, `Mixed_5${c}`])),
  'features.10': 'Mixed_6a',
  ...Object.fromEntries(
    ['b', 'c', 'd', 'e', 'f', 'g', 'h'].map((c, i) => [`features.${11 + i}`, `Mixed_6${c}`]),
  ),
  'features.18': 'Mixed_7a',
  ...Object.fromEntries(['b', 'c', 'd'].map((c, i) => [`features.${19 + i}`, `Mixed_7${c}`])),
  global_pool: 'Logits/AvgPool_1a',
  last_linear: 'Logits/Logits',
};

describe('inception_v4, released (TF-slim / timm)', () => {
  it('is the default flavour and matches the reference totals (1000 classes)', () => {
    expect(released.spec.flavour).toBe('released');
    expect(released.output).toEqual([1000]);
    expect(released.totals.params.pytorch).toBe(ref1000.params_total);
    expect(released.totals.macs).toBe(ref1000.macs_eval_total);
    expect(denseMacs(released)).toBe(ref1000.macs_eval_linear);
    expect(released.totals.convLayers).toBe(ref1000.conv2d);
    expect(convsWithBias(released)).toBe(ref1000.conv2d_with_bias);
    expect(released.totals.bnLayers).toBe(ref1000.batchnorm2d);
    expect(released.totals.bnChannels).toBe(ref1000.bn_channels_total);
    expect(released.totals.denseLayers).toBe(ref1000.linear);
  });

  it('matches the Keras-convention counts (BN without γ, moving stats non-trainable)', () => {
    const p = released.totals.params;
    expect(p.kerasTrainable + p.kerasNonTrainable).toBe(refKeras.total_params);
    expect(p.kerasTrainable).toBe(refKeras.trainable_params);
    expect(p.kerasNonTrainable).toBe(refKeras.non_trainable_params);
  });

  it('with 1001 classes (the TF-slim checkpoint) matches the 1001-class reference', () => {
    const a = analyse(buildNetwork('inception_v4', { classes: 1001 }));
    expect(a.output).toEqual([1001]);
    expect(a.totals.params.pytorch).toBe(ref1001.params_total);
    expect(a.totals.macs).toBe(ref1001.macs_eval_total);
  });

  it('matches every per-block output shape and parameter count, row by row', () => {
    const rows = ref1000.children as RefChild[];
    const checked = rows.filter((r) => r.name !== 'head_drop');
    expect(checked.length).toBe(24);
    for (const r of checked) {
      const id = V4_IDS[r.name];
      expect(id, r.name).toBeDefined();
      expect({ row: r.name, ...measure(released, id!) }).toEqual({
        row: r.name,
        params: r.params,
        shape: hwc(r.out_shape),
      });
    }
  });

  it('reads like the paper: stem, 4 × A, Reduction-A, 7 × B, Reduction-B, 3 × C, with figures', () => {
    const ms = modules();
    expect(ms.map((m) => m.paperName)).toEqual([
      'Stem',
      ...Array(4).fill('Inception-A'),
      'Reduction-A',
      ...Array(7).fill('Inception-B'),
      'Reduction-B',
      ...Array(3).fill('Inception-C'),
      'Average pooling → Dropout (keep 0.8) → Softmax',
    ]);
    const fig = Object.fromEntries(ms.map((m) => [m.paperName, m.figure]));
    expect(fig['Stem']).toEqual({ paper: 'P4', figure: 'Figure 3' });
    expect(fig['Inception-A']).toEqual({ paper: 'P4', figure: 'Figure 4' });
    expect(fig['Inception-B']).toEqual({ paper: 'P4', figure: 'Figure 5' });
    expect(fig['Inception-C']).toEqual({ paper: 'P4', figure: 'Figure 6' });
    expect(fig['Reduction-A']).toEqual({ paper: 'P4', figure: 'Figure 7' });
    expect(fig['Reduction-B']).toEqual({ paper: 'P4', figure: 'Figure 8' });
    for (const m of ms) expect(m.type.length, m.name).toBeGreaterThan(0);
  });

  it("Reduction-A carries Table 1's k, l, m, n for Inception-v4", () => {
    const ra = modules().find((m) => m.name === 'Mixed_6a')!;
    expect(ra.params).toEqual({ k: 192, l: 224, m: 256, n: 384 });
    // Output depth = input + n + m = 384 + 384 + 256.
    expect(measure(released, 'Mixed_6a').shape).toEqual([17, 17, 1024]);
  });

  it('per-block MACs equal a hand count from the figures', () => {
    const s35 = 35 * 35;
    // Inception-A: 1×1 96 · 1×1 64 → 3×3 96 · 1×1 64 → 3×3 96 → 3×3 96 · avgpool → 1×1 96, input 384.
    const a = s35 * (384 * 96 + 384 * 64 + 9 * 64 * 96 + 384 * 64 + 9 * 64 * 96 + 9 * 96 * 96 + 384 * 96);
    expect(measure(released, 'Mixed_5b').params).toBe(
      convBn(384, 96, 1) +
        convBn(384, 64, 1) +
        convBn(64, 96, 3) +
        convBn(384, 64, 1) +
        convBn(64, 96, 3) +
        convBn(96, 96, 3) +
        convBn(384, 96, 1),
    );
    expect(released.groups.find((g) => g.id === 'Mixed_5b')!.macs).toBe(a);
    // Reduction-B at 17×17 → 8×8: 1×1 192 → 3×3/2 192 · 1×1 256 → 1×7 256 → 7×1 320 → 3×3/2 320.
    const s17 = 17 * 17;
    const rb =
      s17 * (1024 * 192) +
      64 * (9 * 192 * 192) +
      s17 * (1024 * 256 + 7 * 256 * 256 + 7 * 256 * 320) +
      64 * (9 * 320 * 320);
    expect(released.groups.find((g) => g.id === 'Mixed_7a')!.macs).toBe(rb);
    // The classifier: 1536 → 1000.
    expect(node(released, 'Logits/Logits').macs).toBe(1536 * 1000);
  });

  it('has no auxiliary head unless asked, and then only in the training totals', () => {
    expect(released.spec.aux).toEqual([]);
    expect(released.totalsWithAux).toEqual(released.totals);

    const a = analyse(buildNetwork('inception_v4', { extraAux: true }));
    expect(a.spec.aux).toHaveLength(1);
    const head = a.spec.aux[0]!;
    expect(head).toMatchObject({
      name: 'AuxLogits',
      attachTo: 'Mixed_6h',
      trainingOnly: true,
      lossWeight: 0.4,
    });
    // The inference graph is untouched.
    expect(a.totals.params.pytorch).toBe(ref1000.params_total);
    expect(a.totals.macs).toBe(ref1000.macs_eval_total);
    // Training graph: avgpool 5/3 V (17→5) → 1×1 128 → 5×5 768 V (→1×1) → FC 1000.
    const auxParams = convBn(1024, 128, 1) + convBn(128, 768, 5) + 768 * 1000 + 1000;
    const auxMacs = 25 * 1024 * 128 + 25 * 128 * 768 + 768 * 1000;
    expect(a.totalsWithAux.params.pytorch).toBe(ref1000.params_total + auxParams);
    expect(a.totalsWithAux.macs).toBe(ref1000.macs_eval_total + auxMacs);
    const auxNodes = a.nodes.filter((n) => n.aux === 'AuxLogits');
    expect(auxNodes.length).toBeGreaterThan(0);
    expect(auxNodes.at(-1)!.outShape).toEqual([1000]);
    expect(node(a, 'AuxLogits/AvgPool_1a_5x5').outShape).toEqual([5, 5, 1024]);
  });
});

describe('inception_v4, paper flavour (printed conv order)', () => {
  const paper = analyse(buildNetwork('inception_v4', { flavour: 'paper' }));
  const kernel = (a: typeof paper, id: string) => (node(a, id).layer as ConvLayer).kernel;

  it('has the same counts as the released form: only the 1×n / n×1 orientation differs', () => {
    expect(paper.totals.params.pytorch).toBe(ref1000.params_total);
    expect(paper.totals.macs).toBe(ref1000.macs_eval_total);
    for (const r of ref1000.children as RefChild[]) {
      if (!V4_IDS[r.name]) continue;
      expect(measure(paper, V4_IDS[r.name]!)).toEqual({ params: r.params, shape: hwc(r.out_shape) });
    }
  });

  it('uses the printed orientations where TF-slim swapped them', () => {
    // Stem Mixed_4a: slim 1×7 → 7×1, paper 7×1 → 1×7.
    expect(kernel(released, 'Stem/Mixed_4a/Branch_1/Conv2d_0b_1x7')).toEqual([1, 7]);
    expect(kernel(paper, 'Stem/Mixed_4a/Branch_1/Conv2d_0b_7x1')).toEqual([7, 1]);
    // Inception-B long branch: slim starts 7×1, paper 1×7.
    expect(kernel(released, 'Mixed_6b/Branch_2/Conv2d_0b_7x1')).toEqual([7, 1]);
    expect(kernel(paper, 'Mixed_6b/Branch_2/Conv2d_0b_1x7')).toEqual([1, 7]);
    // Inception-C long branch: slim 3×1 (448) → 1×3 (512), paper 1×3 (448) → 3×1 (512).
    expect(node(released, 'Mixed_7b/Branch_2/Conv2d_0b_3x1').outShape).toEqual([8, 8, 448]);
    expect(node(paper, 'Mixed_7b/Branch_2/Conv2d_0b_1x3').outShape).toEqual([8, 8, 448]);
    expect(paper.spec.choices.some((c) => c.topic === 'Factorised conv order')).toBe(true);
  });
});

describe('inception_v4, reduced variants', () => {
  it('width 0.25 at 75×75 analyses with valid shapes', () => {
    const a = analyse(buildNetwork('inception_v4', { width: 0.25, input: 75 }));
    expect(a.spec.variant).toEqual({ input: [75, 75, 3], classes: 1000, width: 0.25 });
    // 75 → 37 → 35 → 35 → 17 → 15 → 7 (stem), → 3 (Reduction-A), → 1 (Reduction-B).
    expect(measure(a, 'Stem').shape).toEqual([7, 7, 96]);
    expect(measure(a, 'Mixed_6a').shape).toEqual([3, 3, 256]);
    expect(measure(a, 'Mixed_7d').shape).toEqual([1, 1, 384]);
    expect(a.output).toEqual([1000]);
  });

  it('32×32 input uses the documented small-input stem', () => {
    const a = analyse(buildNetwork('inception_v4', { input: 32, classes: 10 }));
    // 32 → 32 → 32 → 32 → 15 (Mixed_3a) → 15 (Mixed_4a, SAME) → 7 (Mixed_5a) → 3 → 1.
    expect(measure(a, 'Stem/Mixed_3a').shape).toEqual([15, 15, 160]);
    expect(measure(a, 'Stem').shape).toEqual([7, 7, 384]);
    expect(measure(a, 'Mixed_6h').shape).toEqual([3, 3, 1024]);
    expect(measure(a, 'Mixed_7d').shape).toEqual([1, 1, 1536]);
    expect(a.output).toEqual([10]);
    expect(a.spec.choices.some((c) => c.topic === 'Small-input stem')).toBe(true);
    expect(
      analyse(buildNetwork('inception_v4')).spec.choices.some((c) => c.topic === 'Small-input stem'),
    ).toBe(false);
  });

  it('leaves the aux head out, with a note, when the 17×17 grid is too small for its 5×5 pool', () => {
    const spec = buildNetwork('inception_v4', { input: 75, extraAux: true });
    expect(spec.aux).toEqual([]);
    expect(spec.choices.find((c) => c.topic === 'Auxiliary head')!.decision).toMatch(/too small/);
  });
});
