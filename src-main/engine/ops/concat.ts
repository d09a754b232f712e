/** Channel concatenation of an Inception module's branches (NCHW axis 1; NHWC axis −1 in tfjs). */
import { attrInt } from '../onnx/proto.js';
import type { OpLowering, TfjsValue } from './types.js';
import { record } from './util.js';

export const concat: OpLowering = {
  onnx(e, node, xs) {
    return record(node, xs, e.node('Concat', xs, [attrInt('axis', 1)], { name: node.id }));
  },
  tfjs(ctx, _node, xs) {
    return ctx.tfl.layers.concatenate({ axis: -1, name: ctx.name(ctx.main) }).apply(xs) as TfjsValue;
  },
};
