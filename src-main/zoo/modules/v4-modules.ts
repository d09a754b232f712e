/**
 * Inception-v4 module builders (Szegedy et al. 2016, arXiv:1602.07261, Figures 3–8 and Table 1).
 * Filter counts follow TF-slim `nets/inception_v4.py` (C2), which matches the paper's branches.
 * Where the two disagree only in the orientation of the factorised convs (1×7 vs 7×1 first),
 * `order` picks the form: 'slim' (TF-slim/timm, the released weights) or 'paper' (the printed figures,
 * per tensorflow/models#3313 and #7041). Parameter and MAC counts are the same for both orders.
 */
import { concat, seq, type ConvStyle } from '../layers.js';
import type { Block, Choice, FigureRef, Module, Pair } from '../../shared/spec.js';
import { fig } from './common.js';
import { factorisedReduction } from './factorized.js';
import { avg3, branch, maxpool3s2, slimConv } from './slim.js';

/** Which printed orientation the factorised n×1 / 1×n pairs use. */
export type ConvOrder = 'slim' | 'paper';

export const P4 = (figure: string): FigureRef => fig('P4', figure);

/** The 'V' of the figures: valid padding (stride given separately). */
const V = true;

/**
 * Figure 3: the stem shared by Inception-v4 and (paper form) Inception-ResNet-v2. 299 → 35×35×384.
 * `stride1` is the small-input adaptation: the first conv keeps its size and every valid conv becomes
 * 'same', so that a 32×32 input still reaches the 17×17- and 8×8-grid stages (see the network's choices).
 */
export function v4Stem(style: ConvStyle, order: ConvOrder, small = false): Module {
  const valid = !small;
  const f7: [Pair, Pair] =
    order === 'slim'
      ? [
          [1, 7],
          [7, 1],
        ]
      : [
          [7, 1],
          [1, 7],
        ];
  return {
    name: 'Stem',
    paperName: 'Stem',
    type: 'Stem (Inception-v4)',
    figure: P4('Figure 3'),
    body: seq(
      'Stem',
      slimConv(style, '1a', 32, 3, small ? 1 : 2, valid),
      slimConv(style, '2a', 32, 3, 1, valid),
      slimConv(style, '2b', 64, 3),
      concat(
        'Mixed_3a',
        branch(0, maxpool3s2('MaxPool_0a_3x3')),
        branch(1, slimConv(style, '0a', 96, 3, 2, V)),
      ),
      concat(
        'Mixed_4a',
        branch(0, slimConv(style, '0a', 64, 1), slimConv(style, '1a', 96, 3, 1, valid)),
        branch(
          1,
          slimConv(style, '0a', 64, 1),
          slimConv(style, '0b', 64, f7[0]),
          slimConv(style, '0c', 64, f7[1]),
          slimConv(style, '1a', 96, 3, 1, valid),
        ),
      ),
      // The figure prints "3×3 Conv (192 V)" without the stride 2 that the 71→35 output needs (#7041).
      concat('Mixed_5a', branch(0, slimConv(style, '1a', 192, 3, 2, V)), branch(1, maxpool3s2())),
    ),
  };
}

/** Figure 4: Inception-A, the 35×35 module; 384 → 384. */
export function inceptionA(name: string, style: ConvStyle): Module {
  return {
    name,
    paperName: 'Inception-A',
    type: 'Inception-A',
    figure: P4('Figure 4'),
    body: concat(
      name,
      branch(0, slimConv(style, '0a', 96, 1)),
      branch(1, slimConv(style, '0a', 64, 1), slimConv(style, '0b', 96, 3)),
      branch(2, slimConv(style, '0a', 64, 1), slimConv(style, '0b', 96, 3), slimConv(style, '0c', 96, 3)),
      branch(3, avg3(), slimConv(style, '0b', 96, 1)),
    ),
  };
}

/** Table 1's filter-bank sizes for Reduction-A. */
export interface ReductionAParams {
  k: number;
  l: number;
  m: number;
  n: number;
}

/** Table 1 rows, as printed (arXiv:1602.07261 Table 1). */
export const TABLE1: Record<
  'inception_v4' | 'inception_resnet_v1' | 'inception_resnet_v2',
  ReductionAParams
> = {
  inception_v4: { k: 192, l: 224, m: 256, n: 384 },
  inception_resnet_v1: { k: 192, l: 192, m: 256, n: 384 },
  inception_resnet_v2: { k: 256, l: 256, m: 384, n: 384 },
};

/** Figure 7: Reduction-A, 35×35 → 17×17; output depth = input + n + m. */
export function reductionA(name: string, style: ConvStyle, p: ReductionAParams): Module {
  return {
    name,
    paperName: 'Reduction-A',
    type: 'Reduction-A',
    figure: P4('Figure 7'),
    params: { k: p.k, l: p.l, m: p.m, n: p.n },
    body: concat(
      name,
      branch(0, slimConv(style, '1a', p.n, 3, 2, V)),
      branch(
        1,
        slimConv(style, '0a', p.k, 1),
        slimConv(style, '0b', p.l, 3),
        slimConv(style, '1a', p.m, 3, 2, V),
      ),
      branch(2, maxpool3s2()),
    ),
  };
}

/**
 * Figure 5: Inception-B, the 17×17 module; 1024 → 1024.
 * The short branch is 1×7 → 7×1 in both orders: the figure's "1×7, 1×7" is a print error (#3313).
 */
export function inceptionB(name: string, style: ConvStyle, order: ConvOrder): Module {
  const a: Pair = order === 'slim' ? [7, 1] : [1, 7];
  const b: Pair = order === 'slim' ? [1, 7] : [7, 1];
  return {
    name,
    paperName: 'Inception-B',
    type: 'Inception-B',
    figure: P4('Figure 5'),
    body: concat(
      name,
      branch(0, slimConv(style, '0a', 384, 1)),
      branch(
        1,
        slimConv(style, '0a', 192, 1),
        slimConv(style, '0b', 224, [1, 7]),
        slimConv(style, '0c', 256, [7, 1]),
      ),
      branch(
        2,
        slimConv(style, '0a', 192, 1),
        slimConv(style, '0b', 192, a),
        slimConv(style, '0c', 224, b),
        slimConv(style, '0d', 224, a),
        slimConv(style, '0e', 256, b),
      ),
      branch(3, avg3(), slimConv(style, '0b', 128, 1)),
    ),
  };
}

/** Figure 8: Inception-v4's Reduction-B, 17×17×1024 → 8×8×1536. */
export function reductionBv4(name: string, style: ConvStyle): Module {
  return {
    name,
    paperName: 'Reduction-B',
    type: 'Reduction-B',
    figure: P4('Figure 8'),
    body: factorisedReduction(name, { style, explicit: false }, [192, 192], [256, 256, 320, 320]),
  };
}

/** A split into a 1×3 and a 3×1 conv whose outputs are concatenated (Figure 6's fan-out). */
function split(style: ConvStyle, tags: [string, string], kernels: [Pair, Pair]): Block {
  const [t0, t1] = tags;
  const [k0, k1] = kernels;
  return concat(
    'split',
    seq(`${k0[0]}x${k0[1]}`, slimConv(style, t0, 256, k0)),
    seq(`${k1[0]}x${k1[1]}`, slimConv(style, t1, 256, k1)),
  );
}

/** Figure 6: Inception-C, the 8×8 module; 1536 → 1536. */
export function inceptionC(name: string, style: ConvStyle, order: ConvOrder): Module {
  const row: Pair = [1, 3];
  const col: Pair = [3, 1];
  const long =
    order === 'slim'
      ? [
          slimConv(style, '0b', 448, col),
          slimConv(style, '0c', 512, row),
          split(style, ['0d', '0e'], [row, col]),
        ]
      : [
          slimConv(style, '0b', 448, row),
          slimConv(style, '0c', 512, col),
          split(style, ['0d', '0e'], [col, row]),
        ];
  return {
    name,
    paperName: 'Inception-C',
    type: 'Inception-C',
    figure: P4('Figure 6'),
    body: concat(
      name,
      branch(0, slimConv(style, '0a', 256, 1)),
      branch(1, slimConv(style, '0a', 384, 1), split(style, ['0b', '0c'], [row, col])),
      branch(2, slimConv(style, '0a', 384, 1), ...long),
      branch(3, avg3(), slimConv(style, '0b', 256, 1)),
    ),
  };
}

/** Below Keras' minimum input (75) the stems keep full resolution so the 8×8-grid stage still exists. */
export const SMALL_INPUT = 75;

/** The documented stem change for tiny inputs, shared by the three v4-era networks. */
export function smallInputChoice(input: number): Choice {
  return {
    topic: 'Small-input stem',
    decision:
      `For ${input}×${input} input (below ${SMALL_INPUT}) the stem's first 3×3 conv has stride 1 and its VALID 3×3 ` +
      "convs are SAME-padded (TF-slim's align_feature_maps idea, applied to the stem only), so the grid goes " +
      `${input} → ${Math.floor((input - 3) / 2) + 1} → … and Reduction-B still has an input to reduce. Reductions are unchanged.`,
  };
}
