/**
 * Fully connected layer (+ optional BN and ReLU). ONNX: Gemm with the [in, out] kernel (a bias-free
 * dense gets a zero C, a constant ORT folds away); tfjs: Dense.
 *
 * Saved for the VJP: `linear` (the Gemm output), batch-norm.ts's values, `preAct` (before the activation).
 */
import { attrFloat } from '../onnx/proto.js';
import { onnxBatchNorm, tfjsBatchNorm, tfjsRelu } from './batch-norm.js';
import type { OpLowering, TfjsValue } from './types.js';
import { layerOf, record } from './util.js';

export const dense: OpLowering = {
  onnx(e, node, [x]) {
    const { layer, resolved } = layerOf(node, 'dense');
    const units = layer.units as number;
    const relu = layer.activation === 'relu';
    const saved: Record<string, string> = {};
    const kernel = e.param(node, 'kernel');
    const bias = e.param(node, 'bias', layer.bias ? undefined : new Float32Array(units));
    const last = !resolved.bn && !relu;
    let y = e.node(
      'Gemm',
      [x!, kernel, bias],
      [attrFloat('alpha', 1), attrFloat('beta', 1)],
      last ? { name: node.id } : {},
    );
    saved.linear = y;
    if (resolved.bn) y = onnxBatchNorm(e, node, y, resolved.bn, units, saved, relu ? undefined : node.id);
    saved.preAct = y;
    if (relu) y = e.node('Relu', [y], [], { name: node.id });
    return record(node, [x!], y, saved);
  },

  tfjs(ctx, node, [x]) {
    const { layer, resolved } = layerOf(node, 'dense');
    const fused = !resolved.bn && layer.activation === 'relu';
    let v = ctx.tfl.layers
      .dense({
        units: layer.units as number,
        useBias: layer.bias,
        activation: fused ? 'relu' : 'linear',
        kernelInitializer: ctx.kernelInit(),
        name: ctx.name(ctx.main),
      })
      .apply(x!) as TfjsValue;
    if (resolved.bn) v = tfjsBatchNorm(ctx, v, resolved.bn);
    if (layer.activation === 'relu' && !fused) v = tfjsRelu(ctx, v);
    return v;
  },
};
