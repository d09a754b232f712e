/**
 * Classifier heads of the v4-era networks (Inception-v4, Inception-ResNet-v1/v2): the paper's
 * "Average pooling → Dropout (keep 0.8) → Softmax", and TF-slim's optional AuxLogits head.
 */
import { avgpool, dense, seq, unit, type ConvStyle } from '../layers.js';
import type { AuxHead, Module } from '../../shared/spec.js';

export interface HeadNames {
  pool: string;
  dropout: string;
  logits: string;
  softmax: string;
}

/** TF-slim's scope names (Logits/AvgPool_1a, Logits/Dropout_1b, Logits/Logits, Predictions). */
export const SLIM_HEAD: HeadNames = {
  pool: 'AvgPool_1a',
  dropout: 'Dropout_1b',
  logits: 'Logits',
  softmax: 'Predictions',
};
/** Keras InceptionResNetV2's names ('avg_pool', 'predictions'); Keras has no dropout layer there. */
export const KERAS_HEAD: HeadNames = {
  pool: 'avg_pool',
  dropout: 'dropout',
  logits: 'predictions',
  softmax: 'softmax',
};

/**
 * Figure 9 / 15's top: global average pool → dropout 20% (keep 0.8) → FC to the classes → softmax.
 * Global pooling equals TF-slim's avg_pool with the map's own size, VALID.
 */
export function logitsHead(names: HeadNames = SLIM_HEAD, paperFigure = 'Figure 9'): Module {
  return {
    name: 'Logits',
    paperName: 'Average pooling → Dropout (keep 0.8) → Softmax',
    type: 'Logits',
    figure: { paper: 'P4', figure: paperFigure },
    body: seq(
      'Logits',
      { op: 'globalavgpool', name: names.pool },
      { op: 'dropout', name: names.dropout, rate: 0.2 },
      dense(names.logits, 'classes'),
      { op: 'softmax', name: names.softmax },
    ),
  };
}

/** Spatial side after a VALID k×k window with stride s. */
const valid = (n: number, k: number, s: number): number => Math.floor((n - k) / s) + 1;

/**
 * Side of the 17×17 grid for a square input: conv 3×3/2 V → conv 3×3 V → 3×3/2 V → 3×3 V → 3×3/2 V
 * (the stem) → 3×3/2 V (Reduction-A). Inception-v4's and the released Inception-ResNet-v2's stems
 * reduce the same way; the small-input stem keeps the first three sizes and pads its 3×3 convs.
 * Used only to size TF-slim's aux conv, whose kernel is "the map's own size" (`get_shape()[1:3]`).
 */
export function grid17(input: number, small: boolean): number {
  if (small) return valid(valid(valid(input, 3, 2), 3, 2), 3, 2);
  return valid(valid(valid(valid(valid(valid(input, 3, 2), 3, 1), 3, 2), 3, 1), 3, 2), 3, 2);
}

/** TF-slim's aux training loss weight (`train_image_classifier.py`: softmax_cross_entropy(..., weights=0.4)). */
export const SLIM_AUX_LOSS_WEIGHT = 0.4;

/**
 * TF-slim's AuxLogits head (Inception-v4 on Mixed_6h, Inception-ResNet-v2 on PreAuxLogits):
 * avg pool 5×5/3 V → 1×1 conv 128 → conv 768 with the pooled map's size, V → flatten → FC.
 * Returns null when the grid is too small for the 5×5 window (inputs below 299 for the normal stem).
 */
export function slimAuxHead(style: ConvStyle, attachTo: string, gridSide: number): AuxHead | null {
  if (gridSide < 5) return null;
  const k = valid(gridSide, 5, 3);
  return {
    name: 'AuxLogits',
    attachTo,
    lossWeight: SLIM_AUX_LOSS_WEIGHT,
    trainingOnly: true,
    body: seq(
      'AuxLogits',
      avgpool('AvgPool_1a_5x5', 5, 3, 'valid'),
      unit(style, 'Conv2d_1b_1x1', 128, 1),
      unit(style, `Conv2d_2a_${k}x${k}`, 768, k, { padding: 'valid' }),
      { op: 'flatten', name: 'Flatten' },
      dense('Aux_logits', 'classes'),
    ),
  };
}

/** A single-conv module, e.g. the released Inception-ResNet-v2's final `conv_7b` (1×1, 1536). */
export function convModule(
  name: string,
  paperName: string,
  style: ConvStyle,
  filters: number,
  kernel = 1,
): Module {
  return {
    name,
    paperName,
    type: paperName,
    body: seq(name, unit(style, name, filters, kernel)),
  };
}
