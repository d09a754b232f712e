/**
 * Tiny specs that together use every op of the op table and every option the analysis resolves:
 * paddings same / valid / explicit asymmetric, ceil mode, count_include_pad true / false / unset,
 * adaptive pools with uneven windows, LRN, BN with and without γ, bias, residual scale and
 * activation, concat, dropout, flatten, dense, softmax.
 */
import type { Block, Padding, PoolLayer } from '../../../src-main/shared/spec.js';
import { avgpool, concat, conv, dense, maxpool, pad, residual, seq } from '../../../src-main/zoo/layers.js';

export interface Case {
  name: string;
  input: [number, number, number];
  blocks: Block[];
}

const asym: Padding = { top: 1, bottom: 2, left: 0, right: 1 };
const bnG = { eps: 0.001, scale: true };
const bnNoG = { eps: 0.001, scale: false };

function adaptive(l: PoolLayer, out: [number, number]): PoolLayer {
  l.adaptive = out;
  return l;
}

export const CASES: Case[] = [
  {
    name: 'convs: same stride 2 + BN without γ, valid + bias, explicit asymmetric + BN with γ',
    input: [9, 11, 3],
    blocks: [
      conv('same_s2', 4, 3, { strides: 2, bn: bnNoG }),
      conv('valid_bias', 5, 2, { padding: 'valid', bias: true, activation: 'linear' }),
      conv('asym', 3, [3, 2], { padding: asym, bn: bnG }),
      conv('k1x7', 4, [1, 7], { bias: true }),
    ],
  },
  {
    name: 'max pools: same, explicit asymmetric, ceil',
    input: [10, 9, 3],
    blocks: [
      maxpool('same', 3, 2, 'same'),
      maxpool('explicit', 3, 1, asym),
      maxpool('ceil', 3, 2, 'valid', true),
      maxpool('ceil_pad', 2, 2, pad(1), true),
    ],
  },
  {
    name: 'average pools: count_include_pad unset / true / false with explicit and same padding',
    input: [8, 7, 2],
    blocks: [
      avgpool('explicit_unset', 3, 1, pad(1)),
      avgpool('explicit_false', 3, 1, asym, false),
      avgpool('explicit_true', 3, 1, asym, true),
      avgpool('same_unset', 3, 1, 'same'),
      avgpool('same_true', 3, 2, 'same', true),
    ],
  },
  {
    name: 'average pools with ceil mode, padded and not',
    input: [8, 9, 2],
    blocks: [
      { ...avgpool('ceil_pad', 3, 2, pad(1)), ceil: true },
      { ...avgpool('ceil_pad_excl', 2, 2, pad([1, 0]), false), ceil: true },
      { ...avgpool('ceil_valid', 3, 2), ceil: true },
    ],
  },
  {
    name: 'adaptive pools: uneven windows, even windows, 1×1; LRN; global pool; dense + BN; softmax',
    input: [14, 13, 6],
    blocks: [
      { op: 'lrn', name: 'lrn', size: 5, alpha: 1e-2, beta: 0.75, k: 2 },
      adaptive(avgpool('uneven', 5, 3), [4, 3]),
      adaptive(maxpool('uneven_max', 1, 1), [3, 2]),
      adaptive(avgpool('even', 1, 1), [3, 1]),
      adaptive(avgpool('one', 1, 1), [1, 1]),
      { op: 'flatten', name: 'flat' },
      { ...dense('fc_bn', 7, 'relu'), bias: false, bn: bnG },
      { ...dense('fc_bn_nog', 5), bias: false, bn: bnNoG },
      { op: 'dropout', name: 'drop', rate: 0.4 },
      dense('fc', 'classes', 'relu'),
      { op: 'softmax', name: 'prob' },
    ],
  },
  {
    name: 'concat of branches, residual with scale + ReLU and plain, flatten of a map, relu layer',
    input: [7, 7, 4],
    blocks: [
      concat(
        'mix',
        seq('b0', conv('1x1', 3, 1, { bn: bnG })),
        seq('b1', avgpool('pool', 3, 1, pad(1), false), conv('proj', 2, 1, { bias: true })),
        seq('b2', maxpool('pool', 3, 1, 'same')),
      ),
      residual(
        'res',
        seq(
          'body',
          conv('a', 3, 3, { bn: bnNoG }),
          conv('up', 'match-input', 1, { bias: true, activation: 'linear' }),
        ),
        0.17,
      ),
      residual(
        'res_lin',
        seq('body', conv('up', 'match-input', 1, { bias: true, activation: 'linear' })),
        1,
        'linear',
      ),
      { op: 'relu', name: 'relu' },
      { op: 'globalavgpool', name: 'gap' },
      dense('fc', 3),
    ],
  },
  {
    name: 'flatten of a feature map (NHWC order) into dense',
    input: [3, 4, 2],
    blocks: [
      conv('c', 3, 2, { padding: 'valid', bias: true }),
      { op: 'flatten', name: 'flat' },
      dense('fc', 'classes'),
    ],
  },
];
