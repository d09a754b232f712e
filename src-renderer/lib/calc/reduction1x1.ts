/**
 * Lesson 2: a k×k convolution on a grid, directly or after a 1×1 "reduce" layer that first squeezes
 * the depth (Network-in-Network). Defaults in the lesson come from GoogLeNet's inception (3a).
 */
import { convMacs, convWeights, saving } from './conv.js';

export interface ReduceInput {
  /** Grid side (the grid is size×size; stride 1, same padding). */
  size: number;
  cin: number;
  /** Channels after the 1×1 reduction. */
  reduce: number;
  cout: number;
  /** Kernel side of the expensive convolution (5 for 5×5). */
  k: number;
}

export interface ReduceResult {
  direct: { weights: number; macs: number };
  reduced: {
    reduceWeights: number;
    convWeights: number;
    weights: number;
    reduceMacs: number;
    convMacs: number;
    macs: number;
  };
  /** Fraction of MACs saved by the reduction (equal to the weight saving: same grid). */
  saving: number;
}

export function reductionCost(p: ReduceInput): ReduceResult {
  const hw = { h: p.size, w: p.size };
  const dW = convWeights({ cin: p.cin, cout: p.cout, kh: p.k, kw: p.k });
  const dM = convMacs({ ...hw, cin: p.cin, cout: p.cout, kh: p.k, kw: p.k });
  const rW = convWeights({ cin: p.cin, cout: p.reduce, kh: 1, kw: 1 });
  const rM = convMacs({ ...hw, cin: p.cin, cout: p.reduce, kh: 1, kw: 1 });
  const cW = convWeights({ cin: p.reduce, cout: p.cout, kh: p.k, kw: p.k });
  const cM = convMacs({ ...hw, cin: p.reduce, cout: p.cout, kh: p.k, kw: p.k });
  return {
    direct: { weights: dW, macs: dM },
    reduced: {
      reduceWeights: rW,
      convWeights: cW,
      weights: rW + cW,
      reduceMacs: rM,
      convMacs: cM,
      macs: rM + cM,
    },
    saving: saving(dM, rM + cM),
  };
}
