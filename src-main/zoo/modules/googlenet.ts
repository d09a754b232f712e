/**
 * GoogLeNet's Inception module (P1 Figure 2b) and auxiliary classifier (P1 §5), with the paper's
 * Table 1 parameters. `form` switches between the paper and torchvision's port.
 */
import { avgpool, concat, dense, maxpool, pad, seq, unit, type ConvStyle } from '../layers.js';
import type { AuxHead, FlattenLayer, Module, Padding, PoolLayer, Seq } from '../../shared/spec.js';
import { fig } from './common.js';

/** P1 Table 1's six branch columns. */
export interface V1Params {
  n1x1: number;
  n3x3red: number;
  n3x3: number;
  n5x5red: number;
  n5x5: number;
  poolProj: number;
}

export interface V1Form {
  style: ConvStyle;
  /** Kernel of the "5×5" branch: 5 in the paper, 3 in torchvision/TF-slim (pytorch/vision#906). */
  k5: 3 | 5;
  /** PyTorch-style explicit padding (torchvision) instead of TF 'same' (equal shapes at stride 1). */
  explicit: boolean;
}

const samePad = (form: V1Form, k: number): Padding => (form.explicit ? pad((k - 1) / 2) : 'same');

export const flatten = (name = 'flatten'): FlattenLayer => ({ op: 'flatten', name });

/** Figure 2(b): 1×1 · 1×1→3×3 · 1×1→5×5 · 3×3 max pool→1×1, concatenated. */
export function inceptionV1(name: string, paperName: string, p: V1Params, form: V1Form): Module {
  const { style } = form;
  const k5 = form.k5;
  const pool: PoolLayer = form.explicit ? maxpool('pool', 3, 1, pad(1), true) : maxpool('pool', 3, 1, 'same');
  return {
    name,
    paperName,
    type: 'Inception',
    figure: fig('P1', 'Figure 2(b)'),
    params: {
      '#1×1': p.n1x1,
      '#3×3 reduce': p.n3x3red,
      '#3×3': p.n3x3,
      '#5×5 reduce': p.n5x5red,
      '#5×5': p.n5x5,
      'pool proj': p.poolProj,
    },
    body: concat(
      name,
      seq('branch1', unit(style, '1x1', p.n1x1, 1)),
      seq(
        'branch2',
        unit(style, '3x3_reduce', p.n3x3red, 1),
        unit(style, '3x3', p.n3x3, 3, { padding: samePad(form, 3) }),
      ),
      seq(
        'branch3',
        unit(style, '5x5_reduce', p.n5x5red, 1),
        unit(style, '5x5', p.n5x5, k5, {
          padding: samePad(form, k5),
          ...(k5 === 3 ? { label: `3×3 conv in the "5×5" branch, ${p.n5x5}` } : {}),
        }),
      ),
      seq('branch4', pool, unit(style, 'pool_proj', p.poolProj, 1)),
    ),
  };
}

/**
 * P1 §5 auxiliary classifier: 5×5/3 average pool, 1×1 conv 128, FC 1024 + ReLU, dropout 70%,
 * linear to the classes. `pool` is the paper's (or the grid-fitted) window; torchvision pools
 * adaptively to 4×4 instead.
 */
export function auxV1(
  name: string,
  attachTo: string,
  style: ConvStyle,
  pool: number,
  adaptive: boolean,
): AuxHead {
  const p = avgpool('pool', pool, 3, 'valid');
  if (adaptive) p.adaptive = [4, 4];
  const body: Seq = seq(
    name,
    p,
    unit(style, 'conv', 128, 1),
    flatten(),
    dense('fc1', 1024, 'relu'),
    { op: 'dropout', name: 'dropout', rate: 0.7 },
    dense('fc2', 'classes'),
    { op: 'softmax', name: 'softmax' },
  );
  return {
    name,
    attachTo,
    lossWeight: 0.3,
    trainingOnly: true,
    body,
    figure: fig('P1', '§5 (auxiliary classifiers)'),
  };
}
