/**
 * The papers' printed numbers that the lessons quote, typed from the papers (via the project's fact
 * sheet). These are quotations shown beside computed values, never inputs to a computation. Tables
 * the analysis reproduces too live in src-main/shared/paper-printed.ts.
 */
import { V4_TABLE1_PRINTED } from '../../../src-main/shared/paper-printed';
import type { NetworkId } from '../../../src-main/shared/spec';

/** GoogLeNet (Szegedy et al. 2014) Table 1, as printed: kept once, in shared/paper-printed.ts. */
export { GOOGLENET_TABLE1, type GoogLeNetRow } from '../../../src-main/shared/paper-printed';

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

/** Reduction-A's output depth in each network: its input depth + n + m (derived; docs/papers.md#p4). */
const REDUCTION_A_OUT_DEPTH: Partial<Record<NetworkId, number>> = {
  inception_v4: 1024,
  inception_resnet_v1: 896,
  inception_resnet_v2: 1152,
};

/** Inception-v4 paper, Table 1: Reduction-A filter counts (shared/paper-printed.ts), on the paper flavour. */
export const REDUCTION_A_TABLE1 = V4_TABLE1_PRINTED.map((p) => ({
  ...p,
  flavour: 'paper',
  outDepth: REDUCTION_A_OUT_DEPTH[p.network] ?? 0,
}));

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
