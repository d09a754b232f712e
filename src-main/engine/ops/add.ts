/**
 * The residual sum of Inception-ResNet (https://arxiv.org/abs/1602.07261, Figure 20):
 * out = act(shortcut + scale · body); inputs[0] is the block input, inputs[1] the body's output.
 * tfjs: ScaleAdd ('<main>') then ReLU ('<main>.relu').
 *
 * Saved for the VJP: `sum` (before the ReLU, when there is one).
 */
import type { OpLowering, TfjsValue } from './types.js';
import { tfjsRelu } from './batch-norm.js';
import { record } from './util.js';

export const add: OpLowering = {
  onnx(e, node, ins) {
    if (ins.length !== 2) throw new Error(`residual add ${node.id} needs 2 inputs, has ${ins.length}`);
    const [shortcut, body] = ins as [string, string];
    const scale = node.scale ?? 1;
    const relu = (node.activation ?? 'linear') === 'relu';
    const scaled = scale === 1 ? body : e.node('Mul', [body, e.constFloat([scale], [])]);
    const sum = e.node('Add', [shortcut, scaled], [], relu ? {} : { name: node.id });
    if (!relu) return record(node, ins, sum);
    return record(node, ins, e.node('Relu', [sum], [], { name: node.id }), { sum });
  },
  tfjs(ctx, node, [x, up]) {
    const scale = node.scale ?? 1;
    let y = new ctx.custom.ScaleAdd({ scale, name: ctx.name(ctx.main) }).apply([x!, up!]) as TfjsValue;
    if (node.activation === 'relu') y = tfjsRelu(ctx, y);
    return y;
  },
};
