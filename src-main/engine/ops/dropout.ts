/**
 * Dropout. Inference: the identity (kept as a node so the graph reads like the spec). Training
 * (ONNX): x · mask, the mask fed per step (0 or 1/(1 − rate), see OnnxEmitter.stepInput) so a run is
 * reproducible and equal across backends. tfjs: Keras Dropout.
 *
 * Saved for the VJP: `mask` (training, rate > 0; a rate-0 dropout is the identity and has no mask).
 */
import type { OpLowering, TfjsValue } from './types.js';
import { layerOf, nchwDims, record } from './util.js';

export const dropout: OpLowering = {
  onnx(e, node, [x]) {
    if (e.mode === 'inference' || layerOf(node, 'dropout').layer.rate === 0)
      return record(node, [x!], e.node('Identity', [x!], [], { name: node.id }));
    const mask = e.stepInput(node, 'dropoutMask', nchwDims(node.inShapes[0]!));
    return record(node, [x!], e.node('Mul', [x!, mask], [], { name: node.id }), { mask });
  },
  tfjs(ctx, node, [x]) {
    const { layer } = layerOf(node, 'dropout');
    return ctx.tfl.layers.dropout({ rate: layer.rate, name: ctx.name(ctx.main) }).apply(x!) as TfjsValue;
  },
};
