/**
 * PyTorch's adaptive pooling in plain ONNX ops. ONNX has no adaptive pool, and when the input does
 * not divide into the output (torchvision GoogLeNet's aux heads: 14×14 → 4×4) the windows overlap
 * unevenly, so no fixed kernel/stride gives them. Output cell i covers [floor(i·H/out), ceil((i+1)·H/out))
 * (https://github.com/pytorch/pytorch/blob/main/aten/src/ATen/native/AdaptiveAveragePooling.cpp).
 *
 * Emitted separably: Slice + ReduceMean (or ReduceMax) per output row, Concat; then the same per
 * output column. Exact for both: every row segment of a window has the same columns, so the mean
 * of the row means is the window's mean (and the max of maxima its max).
 */
import type { Pair } from '../../shared/spec.js';
import { attrInt, attrInts } from '../onnx/proto.js';
import type { OnnxEmitter } from './types.js';

/** PyTorch's adaptive pooling window [start, end) for output cell i. */
export function adaptiveWindow(i: number, inSize: number, outSize: number): [number, number] {
  return [Math.floor((i * inSize) / outSize), Math.ceil(((i + 1) * inSize) / outSize)];
}

/** NCHW `x` of spatial size `inHW` → `out` cells, as the value `id`. */
export function emitAdaptivePool(
  e: OnnxEmitter,
  id: string,
  x: string,
  inHW: Pair,
  out: Pair,
  mode: 'avg' | 'max',
): string {
  const reduce = mode === 'avg' ? 'ReduceMean' : 'ReduceMax';
  const pass = (src: string, axis: 2 | 3, inSize: number, outSize: number, dst?: string) => {
    const axes = e.constInt64([axis]);
    const parts: string[] = [];
    for (let i = 0; i < outSize; i++) {
      const [s, end] = adaptiveWindow(i, inSize, outSize);
      const window = e.node('Slice', [src, e.constInt64([s]), e.constInt64([end]), axes]);
      parts.push(e.node(reduce, [window], [attrInts('axes', [axis]), attrInt('keepdims', 1)]));
    }
    return e.node('Concat', parts, [attrInt('axis', axis)], dst ? { name: dst } : {});
  };
  const [h, w] = inHW;
  const [oh, ow] = out;
  // An axis already at its output size passes through; Identity keeps the value named by the id.
  if (h === oh && w === ow) return e.node('Identity', [x], [], { name: id });
  const rows = h === oh ? x : pass(x, 2, h, oh, w === ow ? id : undefined);
  return w === ow ? rows : pass(rows, 3, w, ow, id);
}
