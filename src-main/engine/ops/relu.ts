/** A stand-alone ReLU layer. */
import type { OpLowering, TfjsValue } from './types.js';
import { record } from './util.js';

export const relu: OpLowering = {
  onnx(e, node, [x]) {
    return record(node, [x!], e.node('Relu', [x!], [], { name: node.id }));
  },
  tfjs(ctx, _node, [x]) {
    return ctx.tfl.layers.activation({ activation: 'relu', name: ctx.name(ctx.main) }).apply(x!) as TfjsValue;
  },
};
