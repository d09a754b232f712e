/**
 * VJPs of the ops that move or mask values: global average pool (+ flatten), flatten (NHWC order,
 * as the forward), dropout (the fed keep-mask), softmax, ReLU, channel concat (Split) and the
 * residual add out = act(shortcut + scale · body).
 */
import { attrInt, attrInts } from '../../onnx/proto.js';
import type { ForwardRecord, OnnxEmitter, VjpResult } from '../types.js';
import { reluGrad } from './linear.js';
import { mul, reduceSum, scale, sub } from './util.js';

const only = (g: string): VjpResult => ({ inputs: [g], params: {} });

export function globalAvgPoolVjp(e: OnnxEmitter, fwd: ForwardRecord, gy: string): VjpResult {
  const [h, w, c] = fwd.node.inShapes[0]! as [number, number, number];
  const g4 = e.node('Reshape', [gy, e.constInt64([-1, c, 1, 1])]);
  return only(e.node('Expand', [scale(e, g4, 1 / (h * w)), e.node('Shape', [fwd.inputs[0]!])]));
}

export function flattenVjp(e: OnnxEmitter, fwd: ForwardRecord, gy: string): VjpResult {
  const s = fwd.node.inShapes[0]!;
  if (s.length === 1) return only(gy);
  const [h, w, c] = s as [number, number, number];
  if (h * w === 1) return only(e.node('Reshape', [gy, e.constInt64([-1, c, 1, 1])]));
  const nhwc = e.node('Reshape', [gy, e.constInt64([-1, h, w, c])]);
  return only(e.node('Transpose', [nhwc], [attrInts('perm', [0, 3, 1, 2])]));
}

export function dropoutVjp(e: OnnxEmitter, fwd: ForwardRecord, gy: string): VjpResult {
  const mask = fwd.saved.mask;
  return only(mask ? mul(e, gy, mask) : gy);
}

/** dx = y · (dy − Σ_c dy · y) (softmax over channels). */
export function softmaxVjp(e: OnnxEmitter, fwd: ForwardRecord, gy: string): VjpResult {
  const y = fwd.output;
  return only(mul(e, y, sub(e, gy, reduceSum(e, mul(e, gy, y), [1], true))));
}

export const reluVjp = (e: OnnxEmitter, fwd: ForwardRecord, gy: string): VjpResult =>
  only(reluGrad(e, fwd.output, gy));

/** Concat on channels: each input gets its slice of dy. */
export function concatVjp(e: OnnxEmitter, fwd: ForwardRecord, gy: string): VjpResult {
  const sizes = fwd.node.inShapes.map((s) => s[s.length - 1]!);
  if (sizes.length === 1) return { inputs: [gy], params: {} };
  const parts = e.nodeN('Split', [gy, e.constInt64(sizes)], sizes.length, [attrInt('axis', 1)]);
  return { inputs: parts, params: {} };
}

/** out = act(a + s·b): d/da = act'(·)·dy, d/db = s·act'(·)·dy. */
export function addVjp(e: OnnxEmitter, fwd: ForwardRecord, gy: string): VjpResult {
  const g = (fwd.node.activation ?? 'linear') === 'relu' ? reluGrad(e, fwd.output, gy) : gy;
  return { inputs: [g, scale(e, g, fwd.node.scale ?? 1)], params: {} };
}
