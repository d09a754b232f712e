/**
 * A tiny Inception-like spec with every kind of path the receptive-field code must trace: a valid
 * stride-2 stem, a module with 1×1, 3×3, factorised 1×7 → 7×1 and pool branches, a 'same' stride-2
 * grid reduction on an even map (TensorFlow pads 0 before, 1 after), an explicitly padded conv, a
 * residual block and a head.
 */
import type { Block, Layer, Module, NetworkSpec, Padding, Pair, Seq } from '../../../src-main/shared/spec.js';

const conv = (name: string, filters: number, kernel: Pair, strides: Pair, padding: Padding): Layer => ({
  op: 'conv',
  name,
  filters,
  kernel,
  strides,
  padding,
  bias: true,
  activation: 'relu',
});
const pool = (op: 'maxpool' | 'avgpool', name: string, k: number, s: number, padding: Padding): Layer => ({
  op,
  name,
  pool: [k, k],
  strides: [s, s],
  padding,
});
const seq = (name: string, ...items: Block[]): Seq => ({ kind: 'seq', name, items });
const mod = (name: string, body: Block): Module => ({ name, paperName: name, type: name, body });

/** `poolOp` picks the pool branches' op: 'avgpool' for the gradient check (max pooling routes one input). */
export function tinyInceptionSpec(poolOp: 'maxpool' | 'avgpool' = 'avgpool', input = 33): NetworkSpec {
  return {
    id: 'inception_v3',
    flavour: 'paper',
    title: 'tiny receptive-field test net',
    paper: 'P3',
    variant: { input: [input, input, 3], classes: 2, width: 1 },
    stages: [
      {
        name: 'stage1',
        modules: [mod('stem', conv('stem', 4, [3, 3], [2, 2], 'valid'))],
      },
      {
        name: 'stage2',
        modules: [
          mod('mix', {
            kind: 'concat',
            name: 'mix',
            branches: [
              { kind: 'seq', name: 'b1x1', items: [conv('c', 2, [1, 1], [1, 1], 'same')] },
              {
                kind: 'seq',
                name: 'b3x3',
                items: [conv('a', 2, [1, 1], [1, 1], 'same'), conv('b', 2, [3, 3], [1, 1], 'same')],
              },
              {
                kind: 'seq',
                name: 'b7x7',
                items: [
                  conv('a', 2, [1, 1], [1, 1], 'same'),
                  conv('b', 2, [1, 7], [1, 1], 'same'),
                  conv('c', 2, [7, 1], [1, 1], 'same'),
                ],
              },
              {
                kind: 'seq',
                name: 'bpool',
                items: [pool(poolOp, 'p', 3, 1, 'same'), conv('c', 2, [1, 1], [1, 1], 'same')],
              },
            ],
          }),
          mod('red', {
            kind: 'concat',
            name: 'red',
            branches: [
              { kind: 'seq', name: 'bconv', items: [conv('c', 3, [3, 3], [2, 2], 'same')] },
              { kind: 'seq', name: 'bpool', items: [pool(poolOp, 'p', 3, 2, 'same')] },
            ],
          }),
          mod('pad', conv('pad', 4, [3, 3], [1, 1], { top: 1, bottom: 1, left: 2, right: 0 })),
          mod('res', {
            kind: 'residual',
            name: 'res',
            scale: 0.5,
            activation: 'relu',
            body: seq(
              'body',
              {
                kind: 'concat',
                name: 'mixed',
                branches: [
                  { kind: 'seq', name: 'b0', items: [conv('c', 2, [1, 1], [1, 1], 'same')] },
                  { kind: 'seq', name: 'b1', items: [conv('c', 2, [1, 3], [1, 1], 'same')] },
                ],
              },
              {
                ...(conv('up', 1, [1, 1], [1, 1], 'same') as Extract<Layer, { op: 'conv' }>),
                filters: 'match-input',
                activation: 'linear',
              },
            ),
          }),
        ],
      },
      {
        name: 'stage3',
        modules: [
          mod('gap', { op: 'globalavgpool', name: 'gap' }),
          mod('logits', { op: 'dense', name: 'logits', units: 'classes', bias: true, activation: 'linear' }),
        ],
      },
    ],
    aux: [],
    choices: [],
  };
}
