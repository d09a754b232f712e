/**
 * VJPs of the pools.
 *
 * Max pool: the forward's MaxPool Indices (flat over N·C·H·W, ONNX MaxPool) say where each output
 * came from; an accumulating ScatterElements (reduction 'add', opset 16+) sums the output
 * gradients there, so overlapping windows (3×3/2) that pick the same pixel add up, as in PyTorch.
 *
 * Average pool: the forward is a windowed sum S(x) divided by a per-output count D that depends on
 * pads, ceil mode and count_include_pad. D is computed in the graph from the forward's own op
 * (1/D = AveragePool(1)/S(1), constant-folded by the runtime), so whatever convention the forward
 * follows, the gradient is its exact transpose: dx = Sᵀ(dy / D), Sᵀ a ConvTranspose with a ones
 * kernel and group = C.
 *
 * Adaptive average pooling with uneven windows is y = A_h · x · A_wᵀ; its VJP is A_hᵀ · dy · A_w.
 */
import type { AnalysedNode } from '../../../shared/analysis-types.js';
import type { Layer } from '../../../shared/spec.js';
import { attrInt, attrInts } from '../../onnx/proto.js';
import { adaptiveWindow } from '../adaptive-pool.js';
import type { ForwardRecord, OnnxEmitter, VjpResult } from '../types.js';
import { convInputGrad } from './conv-grads.js';
import { inHW, mul, outHW, padsOf, reshape, scale } from './util.js';

type PoolLayer = Layer & { op: 'maxpool' | 'avgpool' };

function resolvedPool(node: AnalysedNode) {
  const r = node.resolved;
  if (!r || (r.op !== 'maxpool' && r.op !== 'avgpool')) throw new Error(`${node.id} is not a resolved pool`);
  return r;
}

/** Row i of PyTorch's adaptive average: 1/|window| over input rows [start, end). */
export function adaptiveMatrix(inSize: number, outSize: number): Float32Array {
  const m = new Float32Array(outSize * inSize);
  for (let i = 0; i < outSize; i++) {
    const [s, t] = adaptiveWindow(i, inSize, outSize);
    for (let j = s; j < t; j++) m[i * inSize + j] = 1 / (t - s);
  }
  return m;
}

function transposed(m: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(m.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = m[i * cols + j]!;
  return t;
}

/** Kernel, strides and [t, l, b, r] pads of a fixed-window pool (adaptive ones that divide evenly included). */
export function poolWindow(
  node: AnalysedNode,
  layer: PoolLayer,
): { kernel: [number, number]; strides: [number, number]; pads: [number, number, number, number] } {
  const adaptive = resolvedPool(node).adaptive;
  if (adaptive) {
    const [h, w] = inHW(node);
    const k: [number, number] = [h / adaptive[0], w / adaptive[1]];
    return { kernel: k, strides: k, pads: [0, 0, 0, 0] };
  }
  return { kernel: layer.pool, strides: layer.strides, pads: padsOf(node) };
}

function windowAttrs(win: ReturnType<typeof poolWindow>, ceil: boolean) {
  const attrs = [
    attrInts('kernel_shape', win.kernel),
    attrInts('strides', win.strides),
    attrInts('pads', win.pads),
  ];
  if (ceil) attrs.push(attrInt('ceil_mode', 1));
  return attrs;
}

/** Global pooling: every input pixel gets dy/(H·W) (average) or dy where it is the maximum. */
function globalVjp(e: OnnxEmitter, fwd: ForwardRecord, gy: string, isAvg: boolean): VjpResult {
  const x = fwd.inputs[0]!;
  const [h, w] = inHW(fwd.node);
  if (isAvg)
    return { inputs: [e.node('Expand', [scale(e, gy, 1 / (h * w)), e.node('Shape', [x])])], params: {} };
  const argmax = e.node('Cast', [e.node('Equal', [x, fwd.output])], [attrInt('to', 1)]);
  return { inputs: [mul(e, argmax, gy)], params: {} };
}

export function poolVjp(e: OnnxEmitter, fwd: ForwardRecord, gy: string): VjpResult {
  const node = fwd.node;
  const layer = node.layer as PoolLayer;
  const isAvg = layer.op === 'avgpool';
  const x = fwd.inputs[0]!;
  const [h, w] = inHW(node);
  const [oh, ow] = outHW(node);
  const c = node.inShapes[0]![2]!;
  const resolved = resolvedPool(node);
  if (resolved.adaptive) {
    if (oh === 1 && ow === 1) return globalVjp(e, fwd, gy, isAvg);
    if (h % oh !== 0 || w % ow !== 0) {
      if (!isAvg) throw new Error(`${node.id}: adaptive max pooling with uneven windows has no VJP`);
      const ahT = e.constFloat(transposed(adaptiveMatrix(h, oh), oh, h), [h, oh]);
      const aw = e.constFloat(adaptiveMatrix(w, ow), [ow, w]);
      return { inputs: [e.node('MatMul', [ahT, e.node('MatMul', [gy, aw])])], params: {} };
    }
  }
  const win = poolWindow(node, layer);
  if (!isAvg) {
    // A forward that did not save them (a plain emitter): the VJP takes them from a MaxPool of its own.
    const indices = fwd.saved.indices ?? e.nodeN('MaxPool', [x], 2, windowAttrs(win, resolved.ceil))[1]!;
    const zeros = e.node('ConstantOfShape', [e.node('Shape', [e.node('Reshape', [x, e.constInt64([-1])])])]);
    const flat = e.node(
      'ScatterElements',
      [zeros, reshape(e, indices, [-1]), reshape(e, gy, [-1])],
      [attrInt('axis', 0), { name: 'reduction', type: 3, s: new TextEncoder().encode('add') }],
    );
    return { inputs: [e.node('Reshape', [flat, e.node('Shape', [x])])], params: {} };
  }
  // 1/D on the output grid: the forward's AveragePool of ones over the window sum of ones.
  const one = e.constFloat(new Float32Array(h * w).fill(1), [1, 1, h, w]);
  const attrs = windowAttrs(win, resolved.ceil);
  const include = resolved.countIncludePad;
  const avgOfOnes = e.node('AveragePool', [one], [...attrs, attrInt('count_include_pad', include ? 1 : 0)]);
  // The window sum of ones is the count-including-pads average times the window area, but pads past
  // the padded input (ceil mode) are not counted by either convention: a Conv with a ones kernel and
  // extra end padding gives the sum of real pixels exactly.
  const [kh, kw] = win.kernel;
  const [sh, sw] = win.strides;
  const [t, l, b, r] = win.pads;
  const extraH = Math.max(0, sh * (oh - 1) + kh - (h + t + b));
  const extraW = Math.max(0, sw * (ow - 1) + kw - (w + l + r));
  const sumOfOnes = e.node(
    'Conv',
    [one, e.constFloat(new Float32Array(kh * kw).fill(1), [1, 1, kh, kw])],
    [
      attrInts('kernel_shape', win.kernel),
      attrInts('strides', win.strides),
      attrInts('pads', [t, l, b + extraH, r + extraW]),
    ],
  );
  const invCount = e.node('Div', [avgOfOnes, sumOfOnes]);
  const ones = e.constFloat(new Float32Array(c * kh * kw).fill(1), [c, 1, kh, kw]);
  const geom = { inHW: [h, w] as [number, number], outHW: [oh, ow] as [number, number], ...win };
  return { inputs: [convInputGrad(e, mul(e, gy, invCount), ones, geom, c)], params: {} };
}
