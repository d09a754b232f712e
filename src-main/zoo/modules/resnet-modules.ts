/**
 * Inception-ResNet module builders (arXiv:1602.07261, Figures 10–14 for v1 and 16–19 for v2).
 * Branch widths are parameters, so one builder serves both networks: v1 and v2 differ only in widths.
 * Filter counts follow facenet `inception_resnet_v1.py` (C7) and TF-slim/Keras `inception_resnet_v2` (C3/C4).
 * Every residual block ends in a linear 1×1 "filter-expansion" conv with bias and no BN whose width is
 * 'match-input' (TF-slim: `net.get_shape()[3]`), so width multipliers and odd stems stay consistent.
 */
import { concat, conv, residual, seq, unit, type ConvStyle } from '../layers.js';
import type { Activation, Block, Module, Seq } from '../../shared/spec.js';
import { avg3, branch, maxpool3s2, slimConv } from './slim.js';
import { P4 } from './v4-modules.js';

const V = true;

/** Residual scales of the released Inception-ResNets (§3.3 only says "between 0.1 and 0.3"). */
export const RESIDUAL_SCALES = { a: 0.17, b: 0.1, c: 0.2 } as const;

/** Figure 14's first six layers, 299 → 71×71×192, shared by both Inception-ResNet stems. */
function figure14Head(style: ConvStyle, small: boolean): Block[] {
  const valid = !small;
  return [
    slimConv(style, '1a', 32, 3, small ? 1 : 2, valid),
    slimConv(style, '2a', 32, 3, 1, valid),
    slimConv(style, '2b', 64, 3),
    maxpool3s2('MaxPool_3a_3x3'),
    slimConv(style, '3b', 80, 1, 1, valid),
    slimConv(style, '4a', 192, 3, 1, valid),
  ];
}

/**
 * Figure 14: the Inception-ResNet-v1 stem, 299 → 35×35×256. `small` is the 32×32 adaptation
 * (first conv stride 1, valid 3×3 convs become 'same'; the stride-2 pool and last conv stay).
 */
export function irv1Stem(style: ConvStyle, small = false): Module {
  return {
    name: 'Stem',
    paperName: 'Stem',
    type: 'Stem (Inception-ResNet-v1)',
    figure: P4('Figure 14'),
    body: seq('Stem', ...figure14Head(style, small), slimConv(style, '4b', 256, 3, 2, V)),
  };
}

/**
 * The stem of the released Inception-ResNet-v2 (TF-slim/Keras), which is not the paper's Figure 3:
 * Figure 14's first six layers, then a 3×3/2 max pool → 35×35×192. Mixed_5b follows as its own module.
 */
export function irv2ReleasedStem(style: ConvStyle, small = false): Module {
  return {
    name: 'Stem',
    paperName: "Stem (released: Figure 14's first six layers + max pool, not Figure 3)",
    type: 'Stem (Inception-ResNet-v2 released)',
    figure: P4('Figure 14'),
    body: seq('Stem', ...figure14Head(style, small), maxpool3s2('MaxPool_5a_3x3')),
  };
}

/** Released IR-v2's Mixed_5b: an Inception-A-like block (v3's 5×5 branch) lifting 192 → 320 channels. */
export function mixed5b(name: string, style: ConvStyle): Module {
  return {
    name,
    paperName: 'Mixed_5b (released only)',
    type: 'Mixed_5b',
    body: concat(
      name,
      branch(0, unit(style, 'Conv2d_1x1', 96, 1)),
      branch(1, slimConv(style, '0a', 48, 1), slimConv(style, '0b', 64, 5)),
      branch(2, slimConv(style, '0a', 64, 1), slimConv(style, '0b', 96, 3), slimConv(style, '0c', 96, 3)),
      branch(3, avg3(), slimConv(style, '0b', 64, 1)),
    ),
  };
}

/** How a residual block ends: the paper's scaled add + ReLU, or the final linear block. */
export interface ResidualOptions {
  /** Residual scale (§3.3, Figure 20): body output is multiplied by it before the add. */
  scale: number;
  /** 'linear' for the last Block8, which TF-slim/facenet/Keras build without the ReLU. */
  activation?: Activation;
}

interface ResidualMeta {
  paperName: string;
  type: string;
  figure: string;
}

/**
 * Shared shape of Figures 10/11/13 and 16/17/19: parallel branches → concat (`<name>_mixed`) →
 * linear 1×1 up-projection (`<name>_conv`, bias, no BN, width = the block's input) → scaled add → ReLU.
 * Names follow Keras' InceptionResNetV2 (block35_1_mixed, block35_1_conv, block35_1, block35_1_ac).
 */
function residualBlock(name: string, meta: ResidualMeta, branches: Seq[], o: ResidualOptions): Module {
  const activation = o.activation ?? 'relu';
  const final = activation === 'linear';
  const up = conv(`${name}_conv`, 'match-input', 1, {
    bias: true,
    activation: 'linear',
    label: '1×1 conv (linear)',
  });
  return {
    name,
    paperName: meta.paperName,
    type: final ? `${meta.type} (final, linear)` : meta.type,
    figure: P4(meta.figure),
    params: { scale: o.scale, activation: final ? 'none' : 'relu', expansion: 'match-input' },
    body: residual(name, seq(`${name}_body`, concat(`${name}_mixed`, ...branches), up), o.scale, activation),
  };
}

/** Inception-ResNet-A branch widths: 1×1 · 1×1 → 3×3 · 1×1 → 3×3 → 3×3. */
export interface Block35Widths {
  b0: number;
  b1: [number, number];
  b2: [number, number, number];
}

export const IRV1_A: Block35Widths = { b0: 32, b1: [32, 32], b2: [32, 32, 32] };
export const IRV2_A: Block35Widths = { b0: 32, b1: [32, 32], b2: [32, 48, 64] };

/** Inception-ResNet-A, the 35×35 block (Block35): Figure 10 (v1) / Figure 16 (v2). */
export function block35(
  name: string,
  style: ConvStyle,
  w: Block35Widths,
  o: ResidualOptions,
  figure: 'Figure 10' | 'Figure 16',
): Module {
  return residualBlock(
    name,
    { paperName: 'Inception-ResNet-A', type: 'Block35', figure },
    [
      branch(0, unit(style, 'Conv2d_1x1', w.b0, 1)),
      branch(1, slimConv(style, '0a', w.b1[0], 1), slimConv(style, '0b', w.b1[1], 3)),
      branch(
        2,
        slimConv(style, '0a', w.b2[0], 1),
        slimConv(style, '0b', w.b2[1], 3),
        slimConv(style, '0c', w.b2[2], 3),
      ),
    ],
    o,
  );
}

/** Branch widths of Blocks 17 and 8: 1×1 · 1×1 → 1×n → n×1. */
export interface FactorisedWidths {
  b0: number;
  b1: [number, number, number];
}

export const IRV1_B: FactorisedWidths = { b0: 128, b1: [128, 128, 128] };
export const IRV2_B: FactorisedWidths = { b0: 192, b1: [128, 160, 192] };
export const IRV1_C: FactorisedWidths = { b0: 192, b1: [192, 192, 192] };
export const IRV2_C: FactorisedWidths = { b0: 192, b1: [192, 224, 256] };

function factorised(style: ConvStyle, w: FactorisedWidths, n: number): Seq[] {
  return [
    branch(0, unit(style, 'Conv2d_1x1', w.b0, 1)),
    branch(
      1,
      slimConv(style, '0a', w.b1[0], 1),
      slimConv(style, '0b', w.b1[1], [1, n]),
      slimConv(style, '0c', w.b1[2], [n, 1]),
    ),
  ];
}

/** Inception-ResNet-B, the 17×17 block (Block17): Figure 11 (v1) / Figure 17 (v2). */
export function block17(
  name: string,
  style: ConvStyle,
  w: FactorisedWidths,
  o: ResidualOptions,
  figure: 'Figure 11' | 'Figure 17',
): Module {
  return residualBlock(
    name,
    { paperName: 'Inception-ResNet-B', type: 'Block17', figure },
    factorised(style, w, 7),
    o,
  );
}

/** Inception-ResNet-C, the 8×8 block (Block8): Figure 13 (v1) / Figure 19 (v2). */
export function block8(
  name: string,
  style: ConvStyle,
  w: FactorisedWidths,
  o: ResidualOptions,
  figure: 'Figure 13' | 'Figure 19',
): Module {
  return residualBlock(
    name,
    { paperName: 'Inception-ResNet-C', type: 'Block8', figure },
    factorised(style, w, 3),
    o,
  );
}

/** Reduction-B widths of the residual networks: 1×1 → 3×3/2 · 1×1 → 3×3/2 · 1×1 → 3×3 → 3×3/2. */
export interface ReductionBWidths {
  b0: [number, number];
  b1: [number, number];
  b2: [number, number, number];
}

export const IRV1_REDUCTION_B: ReductionBWidths = { b0: [256, 384], b1: [256, 256], b2: [256, 256, 256] };
export const IRV2_REDUCTION_B: ReductionBWidths = { b0: [256, 384], b1: [256, 288], b2: [256, 288, 320] };

/** Reduction-B of the residual networks: Figure 12 (v1) / Figure 18 (v2). Output = input + b0 + b1 + b2. */
export function reductionBResnet(
  name: string,
  style: ConvStyle,
  w: ReductionBWidths,
  figure: 'Figure 12' | 'Figure 18',
): Module {
  return {
    name,
    paperName: 'Reduction-B',
    type: 'Reduction-B',
    figure: P4(figure),
    body: concat(
      name,
      branch(0, slimConv(style, '0a', w.b0[0], 1), slimConv(style, '1a', w.b0[1], 3, 2, V)),
      branch(1, slimConv(style, '0a', w.b1[0], 1), slimConv(style, '1a', w.b1[1], 3, 2, V)),
      branch(
        2,
        slimConv(style, '0a', w.b2[0], 1),
        slimConv(style, '0b', w.b2[1], 3),
        slimConv(style, '1a', w.b2[2], 3, 2, V),
      ),
      branch(3, maxpool3s2()),
    ),
  };
}

/** A run of `count` residual blocks named `<prefix>_<i>` (1-based, as Keras and slim.repeat name them). */
export function repeat(
  count: number,
  make: (name: string, i: number) => Module,
  prefix: string,
  start = 1,
): Module[] {
  return Array.from({ length: count }, (_, j) => make(`${prefix}_${start + j}`, start + j));
}
