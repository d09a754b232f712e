/**
 * The papers' printed tables, as printed: one place for numbers the analysis reproduces beside its
 * own (analysis/paper-tables) and the lessons quote (src-renderer/views/lessons/paper.ts). They are
 * quotations, never inputs to a computation. Pure data, so both sides may import it.
 * P1 = GoogLeNet, arXiv:1409.4842; P4 = Inception-v4, arXiv:1602.07261.
 */
import type { NetworkId } from './spec.js';

/** GoogLeNet (Szegedy et al. 2014) Table 1. `modules` are the spec modules a row covers. */
export interface GoogLeNetRow {
  modules: string[];
  type: string;
  patch?: string;
  output: string;
  depth: number;
  n1?: number;
  r3?: number;
  n3?: number;
  r5?: number;
  n5?: number;
  pp?: number;
  params?: string;
  ops?: string;
}

export const GOOGLENET_TABLE1: GoogLeNetRow[] = [
  {
    modules: ['conv1'],
    type: 'convolution',
    patch: '7×7/2',
    output: '112×112×64',
    depth: 1,
    params: '2.7K',
    ops: '34M',
  },
  { modules: ['maxpool1'], type: 'max pool', patch: '3×3/2', output: '56×56×64', depth: 0 },
  {
    modules: ['conv2', 'conv3'],
    type: 'convolution',
    patch: '3×3/1',
    output: '56×56×192',
    depth: 2,
    r3: 64,
    n3: 192,
    params: '112K',
    ops: '360M',
  },
  { modules: ['maxpool2'], type: 'max pool', patch: '3×3/2', output: '28×28×192', depth: 0 },
  {
    modules: ['inception3a'],
    type: 'inception (3a)',
    output: '28×28×256',
    depth: 2,
    n1: 64,
    r3: 96,
    n3: 128,
    r5: 16,
    n5: 32,
    pp: 32,
    params: '159K',
    ops: '128M',
  },
  {
    modules: ['inception3b'],
    type: 'inception (3b)',
    output: '28×28×480',
    depth: 2,
    n1: 128,
    r3: 128,
    n3: 192,
    r5: 32,
    n5: 96,
    pp: 64,
    params: '380K',
    ops: '304M',
  },
  { modules: ['maxpool3'], type: 'max pool', patch: '3×3/2', output: '14×14×480', depth: 0 },
  {
    modules: ['inception4a'],
    type: 'inception (4a)',
    output: '14×14×512',
    depth: 2,
    n1: 192,
    r3: 96,
    n3: 208,
    r5: 16,
    n5: 48,
    pp: 64,
    params: '364K',
    ops: '73M',
  },
  {
    modules: ['inception4b'],
    type: 'inception (4b)',
    output: '14×14×512',
    depth: 2,
    n1: 160,
    r3: 112,
    n3: 224,
    r5: 24,
    n5: 64,
    pp: 64,
    params: '437K',
    ops: '88M',
  },
  {
    modules: ['inception4c'],
    type: 'inception (4c)',
    output: '14×14×512',
    depth: 2,
    n1: 128,
    r3: 128,
    n3: 256,
    r5: 24,
    n5: 64,
    pp: 64,
    params: '463K',
    ops: '100M',
  },
  {
    modules: ['inception4d'],
    type: 'inception (4d)',
    output: '14×14×528',
    depth: 2,
    n1: 112,
    r3: 144,
    n3: 288,
    r5: 32,
    n5: 64,
    pp: 64,
    params: '580K',
    ops: '119M',
  },
  {
    modules: ['inception4e'],
    type: 'inception (4e)',
    output: '14×14×832',
    depth: 2,
    n1: 256,
    r3: 160,
    n3: 320,
    r5: 32,
    n5: 128,
    pp: 128,
    params: '840K',
    ops: '170M',
  },
  { modules: ['maxpool4'], type: 'max pool', patch: '3×3/2', output: '7×7×832', depth: 0 },
  {
    modules: ['inception5a'],
    type: 'inception (5a)',
    output: '7×7×832',
    depth: 2,
    n1: 256,
    r3: 160,
    n3: 320,
    r5: 32,
    n5: 128,
    pp: 128,
    params: '1072K',
    ops: '54M',
  },
  {
    modules: ['inception5b'],
    type: 'inception (5b)',
    output: '7×7×1024',
    depth: 2,
    n1: 384,
    r3: 192,
    n3: 384,
    r5: 48,
    n5: 128,
    pp: 128,
    params: '1388K',
    ops: '71M',
  },
  { modules: ['avgpool'], type: 'avg pool', patch: '7×7/1', output: '1×1×1024', depth: 0 },
  { modules: ['dropout'], type: 'dropout (40%)', output: '1×1×1024', depth: 0 },
  { modules: ['fc'], type: 'linear', output: '1×1×1000', depth: 1, params: '1000K', ops: '1M' },
  { modules: ['softmax'], type: 'softmax', output: '1×1×1000', depth: 0 },
];

/** The printed params / ops of P1 Table 1, by row key: 'convolution <patch>' for conv rows, else the type. */
export const GOOGLENET_PRINTED: Record<string, { params?: string; ops?: string }> = Object.fromEntries(
  GOOGLENET_TABLE1.filter((r) => r.params !== undefined || r.ops !== undefined).map((r) => [
    r.type === 'convolution' ? `convolution ${r.patch}` : r.type,
    { params: r.params, ops: r.ops },
  ]),
);

/** P4 Table 1 as printed: Reduction-A's filter banks k, l, m, n per network (P4 Table 1, Figure 7). */
export const V4_TABLE1_PRINTED: {
  network: NetworkId;
  label: string;
  k: number;
  l: number;
  m: number;
  n: number;
}[] = [
  { network: 'inception_v4', label: 'Inception-v4', k: 192, l: 224, m: 256, n: 384 },
  { network: 'inception_resnet_v1', label: 'Inception-ResNet-v1', k: 192, l: 192, m: 256, n: 384 },
  { network: 'inception_resnet_v2', label: 'Inception-ResNet-v2', k: 256, l: 256, m: 384, n: 384 },
];
