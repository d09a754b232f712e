/** Global average pooling to [N, C]: ONNX GlobalAveragePool + Flatten, tfjs GlobalAveragePooling2D. */
import { attrInt } from '../onnx/proto.js';
import type { OpLowering, TfjsValue } from './types.js';
import { record } from './util.js';

export const globalAvgPool: OpLowering = {
  onnx(e, node, [x]) {
    const pooled = e.node('GlobalAveragePool', [x!]);
    return record(node, [x!], e.node('Flatten', [pooled], [attrInt('axis', 1)], { name: node.id }));
  },
  tfjs(ctx, _node, [x]) {
    return ctx.tfl.layers.globalAveragePooling2d({ name: ctx.name(ctx.main) }).apply(x!) as TfjsValue;
  },
};
