/**
 * Local response normalisation across channels, as the spec states it (Caffe's form, which ONNX LRN
 * is: x / (k + α/size · Σ x²)^β, https://onnx.ai/onnx/operators/onnx__LRN.html). TensorFlow's α is per
 * element, so tfjs gets α/size and the depth radius (size − 1)/2.
 */
import type { Layer } from '../../shared/spec.js';
import { attrFloat, attrInt, attrInts } from '../onnx/proto.js';
import type { OnnxEmitter, OpLowering, TfjsValue } from './types.js';
import { layerOf, record } from './util.js';

type LrnLayer = Layer & { op: 'lrn' };

/**
 * Σ over each channel's window (a Conv over the channel axis: the map reshaped to [N, 1, C, H·W],
 * a ones kernel of height n), `top` channels before and `bottom` after.
 */
export function channelWindowSum(
  e: OnnxEmitter,
  v: string,
  like: string,
  n: number,
  c: number,
  top: number,
  bottom: number,
): string {
  const ones = e.constFloat(new Float32Array(n).fill(1), [1, 1, n, 1]);
  return e.node('Reshape', [
    e.node(
      'Conv',
      [e.node('Reshape', [v, e.constInt64([0, 1, c, -1])]), ones],
      [attrInts('kernel_shape', [n, 1]), attrInts('pads', [top, 0, bottom, 0])],
    ),
    e.node('Shape', [like]),
  ]);
}

/** d = k + α/n · Σ_window x² and d^(−β), the two values the VJP reads. */
export function lrnDenominator(e: OnnxEmitter, x: string, layer: LrnLayer, c: number) {
  const { size: n, alpha, beta, k } = layer;
  const sq = e.node('Mul', [x, x]);
  const sum = channelWindowSum(e, sq, x, n, c, Math.floor((n - 1) / 2), Math.ceil((n - 1) / 2));
  const d = e.node('Add', [e.node('Mul', [sum, e.constFloat([alpha / n], [])]), e.constFloat([k], [])]);
  return { d, dPowNegBeta: e.node('Pow', [d, e.constFloat([-beta], [])]) };
}

export const lrn: OpLowering = {
  onnx(e, node, [x]) {
    const { layer } = layerOf(node, 'lrn');
    if (e.saveForVjp) {
      // Spelled out, so the VJP reuses d and d^(−β) (and the runtime's LRN kernel, slow, is skipped).
      const { d, dPowNegBeta } = lrnDenominator(e, x!, layer, node.inShapes[0]![2]!);
      const y = e.node('Mul', [x!, dPowNegBeta], [], { name: node.id });
      return record(node, [x!], y, { d, dPowNegBeta });
    }
    const attrs = [
      attrInt('size', layer.size),
      attrFloat('alpha', layer.alpha),
      attrFloat('beta', layer.beta),
      attrFloat('bias', layer.k),
    ];
    return record(node, [x!], e.node('LRN', [x!], attrs, { name: node.id }));
  },

  tfjs(ctx, node, [x]) {
    const { layer } = layerOf(node, 'lrn');
    if (layer.size % 2 !== 1) throw new Error(`${node.id}: LRN size must be odd, got ${layer.size}`);
    return new ctx.custom.LocalResponseNorm({
      depthRadius: (layer.size - 1) / 2,
      bias: layer.k,
      alpha: layer.alpha / layer.size,
      beta: layer.beta,
      name: ctx.name(ctx.main),
    }).apply(x!) as TfjsValue;
  },
};
