/**
 * Flatten in NHWC order, as tfjs (and Keras) do, so dense kernels need no row permutation: the ONNX
 * graph (NCHW inside) transposes first unless the map is 1×1.
 */
import { attrInt, attrInts } from '../onnx/proto.js';
import type { OpLowering, TfjsValue } from './types.js';
import { record } from './util.js';

export const flatten: OpLowering = {
  onnx(e, node, [x]) {
    const inShape = node.inShapes[0]!;
    if (inShape.length === 1) return record(node, [x!], e.node('Identity', [x!], [], { name: node.id }));
    const nhwc =
      inShape[0]! * inShape[1]! > 1 ? e.node('Transpose', [x!], [attrInts('perm', [0, 2, 3, 1])]) : x!;
    return record(node, [x!], e.node('Flatten', [nhwc], [attrInt('axis', 1)], { name: node.id }));
  },
  tfjs(ctx, _node, [x]) {
    return ctx.tfl.layers.flatten({ name: ctx.name(ctx.main) }).apply(x!) as TfjsValue;
  },
};
