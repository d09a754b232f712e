/** Softmax over the classes ([N, C], axis 1). */
import { attrInt } from '../onnx/proto.js';
import type { OpLowering, TfjsValue } from './types.js';
import { record } from './util.js';

export const softmax: OpLowering = {
  onnx(e, node, [x]) {
    return record(node, [x!], e.node('Softmax', [x!], [attrInt('axis', 1)], { name: node.id }));
  },
  tfjs(ctx, _node, [x]) {
    return ctx.tfl.layers
      .activation({ activation: 'softmax', name: ctx.name(ctx.main) })
      .apply(x!) as TfjsValue;
  },
};
