/**
 * Lesson 3: GoogLeNet's Inception module, naive (Fig 2a) against dimension-reduced (Fig 2b), from
 * the six numbers of a Table 1 row plus the input depth and grid. Weights only (the papers' count);
 * `withBias` adds one bias per conv filter, as the paper-style spec has.
 */
import { convWeights } from './conv.js';

export interface ModuleRow {
  /** Grid side of the module (28 for 3a/3b, 14 for 4a–4e, 7 for 5a/5b). */
  size: number;
  /** Input depth. */
  cin: number;
  n1x1: number;
  r3: number;
  n3: number;
  r5: number;
  n5: number;
  poolProj: number;
}

export interface ModuleCost {
  weights: number;
  biases: number;
  macs: number;
  outDepth: number;
}

/** Fig 2(a): 1×1, 3×3 and 5×5 straight on the input, and a 3×3 max pool passing all input channels. */
export function naiveModule(r: ModuleRow): ModuleCost {
  const weights =
    convWeights({ cin: r.cin, cout: r.n1x1, kh: 1, kw: 1 }) +
    convWeights({ cin: r.cin, cout: r.n3, kh: 3, kw: 3 }) +
    convWeights({ cin: r.cin, cout: r.n5, kh: 5, kw: 5 });
  return {
    weights,
    biases: r.n1x1 + r.n3 + r.n5,
    macs: weights * r.size * r.size,
    outDepth: r.n1x1 + r.n3 + r.n5 + r.cin,
  };
}

/** Fig 2(b): 1×1 reductions before the 3×3 and 5×5, and a 1×1 projection after the pool. */
export function reducedModule(r: ModuleRow): ModuleCost {
  const weights =
    convWeights({ cin: r.cin, cout: r.n1x1, kh: 1, kw: 1 }) +
    convWeights({ cin: r.cin, cout: r.r3, kh: 1, kw: 1 }) +
    convWeights({ cin: r.r3, cout: r.n3, kh: 3, kw: 3 }) +
    convWeights({ cin: r.cin, cout: r.r5, kh: 1, kw: 1 }) +
    convWeights({ cin: r.r5, cout: r.n5, kh: 5, kw: 5 }) +
    convWeights({ cin: r.cin, cout: r.poolProj, kh: 1, kw: 1 });
  return {
    weights,
    biases: r.n1x1 + r.r3 + r.n3 + r.r5 + r.n5 + r.poolProj,
    macs: weights * r.size * r.size,
    outDepth: r.n1x1 + r.n3 + r.n5 + r.poolProj,
  };
}
