/**
 * PyTorch's adaptive pooling in plain ONNX ops. ONNX has no adaptive pool, and when the input does
 * not divide into the output (torchvision GoogLeNet's aux heads: 14×14 → 4×4) the windows overlap
 * unevenly, so no fixed kernel/stride gives them. Output cell i covers [floor(i·H/out), ceil((i+1)·H/out)).
 *
 * Emitted separably: Slice + ReduceMean (or ReduceMax) per output row, Concat; then the same per
 * output column. Exact for both: every row segment of a window has the same columns, so the mean
 * of the row means is the window's mean (and the max of maxima its max).
 */
import type { Pair } from '../../shared/spec.js';
import { attrInt, attrInts, int64Tensor, type Attribute, type Tensor } from './proto.js';

/** The part of the graph builder this needs. */
export interface OpSink {
  op(opType: string, name: string, input: string[], output: string, attribute?: Attribute[]): string;
  inits: Tensor[];
}

/** PyTorch's adaptive pooling window [start, end) for output cell i. */
export function adaptiveWindow(i: number, inSize: number, outSize: number): [number, number] {
  return [Math.floor((i * inSize) / outSize), Math.ceil(((i + 1) * inSize) / outSize)];
}

/**
 * NCHW `x` of spatial size `inHW` → `out` cells, as value `id`. The first node is named `id` (what
 * Netron shows first); the rest are `${id}/rows…` and `${id}/cols…`.
 */
export function emitAdaptivePool(
  g: OpSink,
  id: string,
  x: string,
  inHW: Pair,
  out: Pair,
  mode: 'avg' | 'max',
): string {
  const reduce = mode === 'avg' ? 'ReduceMean' : 'ReduceMax';
  let first = true;
  const name = (n: string) => (first ? ((first = false), id) : n);
  const pass = (src: string, axis: 2 | 3, inSize: number, outSize: number, tag: string, dst: string) => {
    const axes = `${id}/${tag}/axes`;
    g.inits.push(int64Tensor(axes, [axis]));
    const parts: string[] = [];
    for (let i = 0; i < outSize; i++) {
      const [s, e] = adaptiveWindow(i, inSize, outSize);
      const v = `${id}/${tag}${i}`;
      g.inits.push(int64Tensor(`${v}/start`, [s]), int64Tensor(`${v}/end`, [e]));
      g.op('Slice', name(`${v}/slice`), [src, `${v}/start`, `${v}/end`, axes], `${v}/window`);
      const attrs = [attrInts('axes', [axis]), attrInt('keepdims', 1)];
      parts.push(g.op(reduce, `${v}/${reduce}`, [`${v}/window`], `${v}/${mode}`, attrs));
    }
    return g.op('Concat', `${id}/${tag}`, parts, dst, [attrInt('axis', axis)]);
  };
  const [h, w] = inHW;
  const [oh, ow] = out;
  // An axis already at its output size passes through; Identity keeps the value named by the id.
  const rows = h === oh ? x : pass(x, 2, h, oh, 'rows', w === ow ? id : `${id}/rows`);
  if (w === ow) return rows === x ? g.op('Identity', id, [x], id) : id;
  return pass(rows, 3, w, ow, 'cols', id);
}
