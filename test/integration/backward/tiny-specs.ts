/**
 * Tiny networks that use every op and option the backward compiler has a VJP for, small enough for
 * finite differences and quick PyTorch runs.
 */
import { analyse } from '../../../src-main/analysis/analyse.js';
import type { Analysis } from '../../../src-main/shared/analysis-types.js';
import type { AuxHead, Block, Layer, NetworkSpec } from '../../../src-main/shared/spec.js';

const bn = (scale = true) => ({ eps: 0.001, scale, momentum: 0.9 });
const pad = (top: number, left: number, bottom: number, right: number) => ({ top, left, bottom, right });
const conv = (
  name: string,
  filters: number,
  k: number,
  s: number,
  padding: Layer extends never ? never : 'same' | 'valid' | ReturnType<typeof pad>,
  opts: { bias?: boolean; bn?: boolean; scale?: boolean; relu?: boolean } = {},
): Layer => ({
  op: 'conv',
  name,
  filters,
  kernel: [k, k],
  strides: [s, s],
  padding,
  bias: opts.bias ?? false,
  ...(opts.bn === false ? {} : { bn: bn(opts.scale ?? true) }),
  activation: opts.relu === false ? 'linear' : 'relu',
});

function spec(
  input: [number, number, number],
  modules: Block[][],
  aux: AuxHead[] = [],
  classes = 3,
): NetworkSpec {
  return {
    id: 'googlenet',
    flavour: 'paper',
    title: 'tiny backward test network',
    paper: 'P1',
    variant: { input, classes, width: 1 },
    stages: [
      {
        name: 'S',
        modules: modules.map((items, i) => ({
          name: `M${i + 1}`,
          paperName: `m${i + 1}`,
          type: 'm',
          body: { kind: 'seq', name: 'body', items },
        })),
      },
    ],
    aux,
    choices: [],
  };
}

/** Convs (same/valid/asymmetric, stride 2, bias, BN with and without γ), pools (max/avg, ceil, pads, count_include_pad), LRN, concat, residual, dense. */
export function tinyAllSpec(): NetworkSpec {
  const m1: Block[] = [
    conv('c1', 4, 3, 2, 'same', { bias: true }),
    { op: 'lrn', name: 'lrn', size: 3, alpha: 0.5, beta: 0.75, k: 2 },
    {
      kind: 'concat',
      name: 'mix',
      branches: [
        { kind: 'seq', name: 'b1', items: [conv('c', 3, 1, 1, 'valid', { scale: false })] },
        { kind: 'seq', name: 'b2', items: [conv('c', 2, 3, 1, pad(0, 2, 2, 0), { bn: false, bias: true })] },
        {
          kind: 'seq',
          name: 'b3',
          items: [{ op: 'maxpool', name: 'p', pool: [3, 3], strides: [1, 1], padding: 'same' }],
        },
        {
          kind: 'seq',
          name: 'b4',
          items: [
            {
              op: 'avgpool',
              name: 'p',
              pool: [3, 3],
              strides: [1, 1],
              padding: pad(1, 1, 1, 1),
              countIncludePad: false,
            },
          ],
        },
      ],
    },
    {
      kind: 'residual',
      name: 'res',
      scale: 0.3,
      activation: 'relu',
      body: {
        kind: 'seq',
        name: 'body',
        items: [
          conv('up', 3, 1, 1, 'same', { relu: false }),
          conv('proj', 'match-input' as unknown as number, 1, 1, 'same', {
            relu: false,
            bias: true,
            bn: false,
          }),
        ],
      },
    },
  ];
  const m2: Block[] = [
    { op: 'maxpool', name: 'mp', pool: [3, 3], strides: [2, 2], padding: 'valid', ceil: true },
    {
      op: 'avgpool',
      name: 'ap',
      pool: [2, 2],
      strides: [1, 1],
      padding: pad(1, 1, 0, 0),
      countIncludePad: true,
    },
    conv('c2', 5, 3, 2, 'valid', { bn: true }),
  ];
  const head: Block[] = [
    { op: 'globalavgpool', name: 'gap' },
    { op: 'dropout', name: 'drop', rate: 0.5 },
    { op: 'dense', name: 'fc', units: 'classes', bias: true, activation: 'linear' },
    { op: 'softmax', name: 'softmax' },
  ];
  const aux: AuxHead[] = [
    {
      name: 'aux',
      attachTo: 'M1',
      lossWeight: 0.3,
      trainingOnly: true,
      body: {
        kind: 'seq',
        name: 'aux',
        items: [
          { op: 'avgpool', name: 'pool', pool: [3, 3], strides: [3, 3], padding: 'valid', adaptive: [2, 3] },
          { op: 'flatten', name: 'flatten' },
          { op: 'dense', name: 'fc1', units: 6, bias: false, activation: 'relu', bn: bn(false) },
          { op: 'dense', name: 'fc2', units: 'classes', bias: true, activation: 'linear' },
        ],
      },
    },
  ];
  return spec([13, 11, 3], [m1, m2, head], aux);
}

export const tinyAll = (): Analysis => analyse(tinyAllSpec());
