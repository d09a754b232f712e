/**
 * Local response normalisation across channels, as the spec states it (Caffe's form, which ONNX LRN
 * is: x / (k + α/size · Σ x²)^β, https://onnx.ai/onnx/operators/onnx__LRN.html). TensorFlow's α is per
 * element, so tfjs gets α/size and the depth radius (size − 1)/2.
 */
import { attrFloat, attrInt } from '../onnx/proto.js';
import type { OpLowering, TfjsValue } from './types.js';
import { layerOf, record } from './util.js';

export const lrn: OpLowering = {
  onnx(e, node, [x]) {
    const { layer } = layerOf(node, 'lrn');
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
