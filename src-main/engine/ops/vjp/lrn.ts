/**
 * VJP of ONNX's (Caffe's) local response normalisation, https://onnx.ai/onnx/operators/onnx__LRN.html:
 *   y_c = x_c · d_c^(−β),  d_c = k + α/n · Σ_{j ∈ [c − ⌊(n−1)/2⌋, c + ⌈(n−1)/2⌉]} x_j².
 * Differentiating (Krizhevsky et al. 2012 give the same form):
 *   dx_c = dy_c · d_c^(−β) − (2αβ/n) · x_c · Σ_{j : c ∈ win(j)} dy_j · x_j · d_j^(−β−1).
 * The channel-window sums are lrn.ts's channelWindowSum; the adjoint window swaps the two pads. A
 * forward that spelled LRN out saved d and d^(−β); else they are computed here.
 */
import { channelWindowSum, lrnDenominator } from '../lrn.js';
import type { ForwardRecord, OnnxEmitter, VjpResult } from '../types.js';
import { mul, scale, sub } from './util.js';

export function lrnVjp(e: OnnxEmitter, fwd: ForwardRecord, gy: string): VjpResult {
  const layer = fwd.node.layer!;
  if (layer.op !== 'lrn') throw new Error(`${fwd.node.id} is not an LRN node`);
  const { size: n, alpha, beta } = layer;
  const c = fwd.node.inShapes[0]![2]!;
  const x = fwd.inputs[0]!;
  const saved = fwd.saved.d && fwd.saved.dPowNegBeta;
  const { d, dPowNegBeta } = saved
    ? { d: fwd.saved.d!, dPowNegBeta: fwd.saved.dPowNegBeta! }
    : lrnDenominator(e, x, layer, c);
  const inner = e.node('Div', [mul(e, mul(e, gy, x), dPowNegBeta), d]);
  const spread = channelWindowSum(e, inner, x, n, c, Math.ceil((n - 1) / 2), Math.floor((n - 1) / 2));
  const gx = sub(e, mul(e, gy, dPowNegBeta), scale(e, mul(e, x, spread), (2 * alpha * beta) / n));
  return { inputs: [gx], params: {} };
}
