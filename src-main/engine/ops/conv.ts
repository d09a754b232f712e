/**
 * 2-D convolution (+ optional BN and ReLU), the spec's `conv` layer. ONNX: Conv with the resolved
 * pads; tfjs: Conv2D, after a ZeroPadding2D ('<main>.pad') for explicit pads (TF's own 'same' is the
 * same four sides, so a 'same' conv stays one layer, as Keras writes it).
 *
 * Saved for the VJP: `linear` (the Conv output), batch-norm.ts's values when there is BN, and
 * `preAct` (the value before the activation, = the output when linear).
 */
import { attrInt, attrInts } from '../onnx/proto.js';
import { onnxBatchNorm, tfjsBatchNorm, tfjsRelu } from './batch-norm.js';
import type { OpLowering, TfjsContext, TfjsValue } from './types.js';
import { anyPad, layerOf, onnxPadsOf, record } from './util.js';
import type { Pads } from '../../shared/analysis-types.js';

export const conv: OpLowering = {
  onnx(e, node, [x]) {
    const { layer, resolved } = layerOf(node, 'conv');
    const relu = layer.activation === 'relu';
    const saved: Record<string, string> = {};
    const inputs = [x!, e.param(node, 'kernel')];
    if (layer.bias) inputs.push(e.param(node, 'bias'));
    const attrs = [
      attrInts('kernel_shape', layer.kernel),
      attrInts('strides', layer.strides),
      attrInts('pads', onnxPadsOf(resolved.pads)),
      attrInts('dilations', [1, 1]),
      attrInt('group', 1),
    ];
    const last = !resolved.bn && !relu;
    let y = e.node('Conv', inputs, attrs, last ? { name: node.id } : {});
    saved.linear = y;
    if (resolved.bn) {
      y = onnxBatchNorm(e, node, y, resolved.bn, layer.filters as number, saved, relu ? undefined : node.id);
    }
    saved.preAct = y;
    if (relu) y = e.node('Relu', [y], [], { name: node.id });
    return record(node, [x!], y, saved);
  },

  tfjs(ctx, node, [x]) {
    const { layer, resolved } = layerOf(node, 'conv');
    let v = x!;
    const padding: 'same' | 'valid' = layer.padding === 'same' ? 'same' : 'valid';
    if (padding === 'valid' && anyPad(resolved.pads)) v = zeroPad(ctx, v, resolved.pads);
    // Without BN the activation fuses into the conv, as Keras writes Conv2D(activation='relu').
    const fused = !resolved.bn && layer.activation === 'relu';
    v = ctx.tfl.layers
      .conv2d({
        filters: layer.filters as number,
        kernelSize: layer.kernel,
        strides: layer.strides,
        padding,
        useBias: layer.bias,
        activation: fused ? 'relu' : 'linear',
        kernelInitializer: ctx.kernelInit(),
        name: ctx.name(ctx.main),
      })
      .apply(v) as TfjsValue;
    if (resolved.bn) v = tfjsBatchNorm(ctx, v, resolved.bn);
    if (layer.activation === 'relu' && !fused) v = tfjsRelu(ctx, v);
    return v;
  },
};

/** Explicit padding as its own ZeroPadding2D layer, '<main>.pad'. */
export function zeroPad(ctx: TfjsContext, x: TfjsValue, p: Pads): TfjsValue {
  ctx.layers.pad = ctx.name(`${ctx.main}.pad`);
  const padding: [[number, number], [number, number]] = [
    [p.top, p.bottom],
    [p.left, p.right],
  ];
  return ctx.tfl.layers.zeroPadding2d({ padding, name: ctx.layers.pad }).apply(x) as TfjsValue;
}
