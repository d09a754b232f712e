/**
 * VJP of ONNX's (Caffe's) local response normalisation, https://onnx.ai/onnx/operators/onnx__LRN.html:
 *   y_c = x_c · d_c^(−β),  d_c = k + α/n · Σ_{j ∈ [c − ⌊(n−1)/2⌋, c + ⌈(n−1)/2⌉]} x_j².
 * Differentiating (Krizhevsky et al. 2012 give the same form):
 *   dx_c = dy_c · d_c^(−β) − (2αβ/n) · x_c · Σ_{j : c ∈ win(j)} dy_j · x_j · d_j^(−β−1).
 * The channel-window sums are a Conv over the channel axis (the map reshaped to [N, 1, C, H·W], a
 * ones kernel of height n); the adjoint window swaps the two pads.
 */
import { attrInts } from '../../onnx/proto.js';
import type { ForwardRecord, OnnxEmitter, VjpResult } from '../types.js';
import { mul, scale, sub } from './util.js';

export function lrnVjp(e: OnnxEmitter, fwd: ForwardRecord, gy: string): VjpResult {
  const layer = fwd.node.layer!;
  if (layer.op !== 'lrn') throw new Error(`${fwd.node.id} is not an LRN node`);
  const { size: n, alpha, beta, k } = layer;
  const c = fwd.node.inShapes[0]![2]!;
  const x = fwd.inputs[0]!;
  const before = Math.floor((n - 1) / 2);
  const after = Math.ceil((n - 1) / 2);
  const ones = e.constFloat(new Float32Array(n).fill(1), [1, 1, n, 1]);
  const shape = e.node('Shape', [x]);
  const windowSum = (v: string, top: number, bottom: number) =>
    e.node('Reshape', [
      e.node(
        'Conv',
        [e.node('Reshape', [v, e.constInt64([0, 1, c, -1])]), ones],
        [attrInts('kernel_shape', [n, 1]), attrInts('pads', [top, 0, bottom, 0])],
      ),
      shape,
    ]);
  const d = e.node('Add', [
    scale(e, windowSum(mul(e, x, x), before, after), alpha / n),
    e.constFloat([k], []),
  ]);
  const dPowNegBeta = e.node('Pow', [d, e.constFloat([-beta], [])]);
  const inner = e.node('Div', [mul(e, mul(e, gy, x), dPowNegBeta), d]);
  const spread = windowSum(inner, after, before);
  const gx = sub(e, mul(e, gy, dPowNegBeta), scale(e, mul(e, x, spread), (2 * alpha * beta) / n));
  return { inputs: [gx], params: {} };
}
