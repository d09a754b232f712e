/**
 * The papers' printed numbers that the lessons quote, typed from the papers (via the project's fact
 * sheet). These are quotations shown beside computed values, never inputs to a computation.
 */

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

/** The spec's names for Table 1's six branch columns. */
export const BRANCH_KEYS = [
  ['n1', '#1×1'],
  ['r3', '#3×3 reduce'],
  ['n3', '#3×3'],
  ['r5', '#5×5 reduce'],
  ['n5', '#5×5'],
  ['pp', 'pool proj'],
] as const;

/** Rethinking (Szegedy et al. 2015) Table 3, single crop; '–' where the paper prints none. */
export const RETHINKING_TABLE3: { network: string; top1: number; top5?: number; cost: number }[] = [
  { network: 'GoogLeNet', top1: 29, top5: 9.2, cost: 1.5 },
  { network: 'BN-GoogLeNet', top1: 26.8, cost: 1.5 },
  { network: 'BN-Inception', top1: 25.2, top5: 7.8, cost: 2.0 },
  { network: 'Inception-v2', top1: 23.4, cost: 3.8 },
  { network: 'Inception-v2 RMSProp', top1: 23.1, top5: 6.3, cost: 3.8 },
  { network: 'Inception-v2 Label Smoothing', top1: 22.8, top5: 6.1, cost: 3.8 },
  { network: 'Inception-v2 Factorized 7×7', top1: 21.6, top5: 5.8, cost: 4.8 },
  { network: 'Inception-v2 BN-auxiliary (Inception-v3)', top1: 21.2, top5: 5.6, cost: 4.8 },
];

/** Inception-v4 paper, Table 1: Reduction-A filter counts; outDepth = input + n + m (derived; docs/papers.md#p4). */
export const REDUCTION_A_TABLE1: {
  network: string;
  label: string;
  flavour: string;
  k: number;
  l: number;
  m: number;
  n: number;
  outDepth: number;
}[] = [
  {
    network: 'inception_v4',
    label: 'Inception-v4',
    flavour: 'paper',
    k: 192,
    l: 224,
    m: 256,
    n: 384,
    outDepth: 1024,
  },
  {
    network: 'inception_resnet_v1',
    label: 'Inception-ResNet-v1',
    flavour: 'paper',
    k: 192,
    l: 192,
    m: 256,
    n: 384,
    outDepth: 896,
  },
  {
    network: 'inception_resnet_v2',
    label: 'Inception-ResNet-v2',
    flavour: 'paper',
    k: 256,
    l: 256,
    m: 384,
    n: 384,
    outDepth: 1152,
  },
];

/** Inception-v4 paper, Table 2 (single crop, single model), top-1 / top-5 error in %. */
export const V4_TABLE2: Record<string, [number, number]> = {
  'BN-Inception': [25.2, 7.8],
  'Inception-v3': [21.2, 5.6],
  'Inception-ResNet-v1': [21.3, 5.5],
  'Inception-v4': [20.0, 5.0],
  'Inception-ResNet-v2': [19.9, 4.9],
};

/** Inception-v4 paper, Figures 21–26 (arXiv numbering): what each compares. */
export const CONVERGENCE_FIGURES: {
  fig: number;
  compares: string;
  metric: 'top-1' | 'top-5';
  finding: string;
}[] = [
  { fig: 21, compares: 'Inception-v3 · Inception-ResNet-v1', metric: 'top-1', finding: 'l13.fig21' },
  { fig: 22, compares: 'Inception-v3 · Inception-ResNet-v1', metric: 'top-5', finding: 'l13.fig22' },
  { fig: 23, compares: 'Inception-v4 · Inception-ResNet-v2', metric: 'top-1', finding: 'l13.fig23' },
  { fig: 24, compares: 'Inception-v4 · Inception-ResNet-v2', metric: 'top-5', finding: 'l13.fig24' },
  { fig: 25, compares: 'all', metric: 'top-5', finding: 'l13.fig25' },
  { fig: 26, compares: 'all', metric: 'top-1', finding: 'l13.fig26' },
];
