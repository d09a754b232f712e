/**
 * Lesson 11: the Inception-v4 paper's Reduction-A (Fig 7) from Table 1's k, l, m, n:
 * a 3×3/2 max pool, a 3×3/2 conv with n filters, and 1×1 k → 3×3 l → 3×3/2 m.
 */
import { convWeights } from './conv.js';

export interface ReductionAInput {
  /** Input depth (384 for v4, 256 for IR-v1, 384 for IR-v2). */
  cin: number;
  /** Input grid side (35). */
  size: number;
  k: number;
  l: number;
  m: number;
  n: number;
}

export interface ReductionAResult {
  outSize: number;
  /** cin (the pool passes every channel) + n + m. */
  outDepth: number;
  weights: number;
  macs: number;
}

/** Output side of a valid 3×3 stride-2 op. */
function valid3s2(size: number): number {
  return Math.floor((size - 3) / 2) + 1;
}

export function reductionA(p: ReductionAInput): ReductionAResult {
  const out = valid3s2(p.size);
  const wN = convWeights({ cin: p.cin, cout: p.n, kh: 3, kw: 3 });
  const wK = convWeights({ cin: p.cin, cout: p.k, kh: 1, kw: 1 });
  const wL = convWeights({ cin: p.k, cout: p.l, kh: 3, kw: 3 });
  const wM = convWeights({ cin: p.l, cout: p.m, kh: 3, kw: 3 });
  // The 1×1 and the same-padded 3×3 run on the full grid; the two stride-2 convs on the reduced one.
  const macs = (wK + wL) * p.size * p.size + (wN + wM) * out * out;
  return { outSize: out, outDepth: p.cin + p.n + p.m, weights: wN + wK + wL + wM, macs };
}
