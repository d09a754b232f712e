/**
 * Max and average pooling with the analysis' resolved pads, ceil mode and count_include_pad, and
 * PyTorch's adaptive pooling. ONNX: MaxPool / AveragePool (adaptive: see adaptive-pool.ts); tfjs:
 * the built-in pools where they mean the same, else PadPool2D (explicit sides excluded from the max
 * and the count) after a ZeroPadding2D when the padded zeros count.
 *
 * Saved for the VJP: `indices` (MaxPool's second output, when the emitter saves for VJPs).
 */
import type { AnalysedNode } from '../../shared/analysis-types.js';
import { attrInt, attrInts } from '../onnx/proto.js';
import { emitAdaptivePool } from './adaptive-pool.js';
import { zeroPad } from './conv.js';
import type { OpLowering, TfjsValue } from './types.js';
import { anyPad, hwOf, layerOf, onnxPadsOf, record } from './util.js';

const poolOf = (node: AnalysedNode) => layerOf(node, 'maxpool', 'avgpool');

export const pool: OpLowering = {
  onnx(e, node, [x]) {
    const { layer, resolved } = poolOf(node);
    const isAvg = layer.op === 'avgpool';
    let kernel = layer.pool;
    let strides = layer.strides;
    if (resolved.adaptive) {
      const [oh, ow] = resolved.adaptive;
      if (oh === 1 && ow === 1) {
        const y = e.node(isAvg ? 'GlobalAveragePool' : 'GlobalMaxPool', [x!], [], { name: node.id });
        return record(node, [x!], y);
      }
      // Adaptive pooling is a fixed window when the input divides evenly; else its uneven windows.
      const [h, w] = hwOf(node.inShapes[0]!);
      if (h % oh !== 0 || w % ow !== 0) {
        const y = emitAdaptivePool(e, node.id, x!, [h, w], [oh, ow], isAvg ? 'avg' : 'max');
        return record(node, [x!], y);
      }
      kernel = [h / oh, w / ow];
      strides = kernel;
    }
    const attrs = [
      attrInts('kernel_shape', kernel),
      attrInts('strides', strides),
      attrInts('pads', onnxPadsOf(resolved.pads)),
    ];
    if (resolved.ceil) attrs.push(attrInt('ceil_mode', 1));
    if (isAvg) {
      attrs.push(attrInt('count_include_pad', resolved.countIncludePad ? 1 : 0));
      return record(node, [x!], e.node('AveragePool', [x!], attrs, { name: node.id }));
    }
    if (e.saveForVjp) {
      // The second output (flat NCHW indices) is what the VJP scatters the gradient to; the training
      // emitter drops it again when no VJP reads it.
      const y = e.node('MaxPool', [x!], attrs, { name: node.id, outputs: 2 });
      return record(node, [x!], y, { indices: `${y}:1` });
    }
    return record(node, [x!], e.node('MaxPool', [x!], attrs, { name: node.id }));
  },

  tfjs(ctx, node, [x]) {
    const { layer, resolved } = poolOf(node);
    const out = node.outShape;
    if (resolved.adaptive) {
      const args = { outputSize: resolved.adaptive, name: ctx.name(ctx.main) };
      const l =
        layer.op === 'avgpool'
          ? new ctx.custom.AdaptiveAvgPool2D(args)
          : new ctx.custom.AdaptiveMaxPool2D(args);
      return l.apply(x!) as TfjsValue;
    }
    const name = ctx.name(ctx.main);
    const builtin = (v: TfjsValue, padding: 'same' | 'valid') => {
      const args = { poolSize: layer.pool, strides: layer.strides, padding, name };
      const l =
        layer.op === 'maxpool' ? ctx.tfl.layers.maxPooling2d(args) : ctx.tfl.layers.averagePooling2d(args);
      return l.apply(v) as TfjsValue;
    };
    // TF's own 'same' is the resolved four sides, padding excluded: the Keras layer, as Keras has it.
    if (layer.padding === 'same' && !resolved.countIncludePad) return builtin(x!, 'same');
    let v = x!;
    let pads = resolved.pads;
    let [h, w] = hwOf(node.inShapes[0]!);
    if (layer.op === 'avgpool' && resolved.countIncludePad && anyPad(pads)) {
      // The padded zeros are real inputs of the average; the ceil overhang still is not.
      v = zeroPad(ctx, v, pads);
      [h, w] = [h + pads.top + pads.bottom, w + pads.left + pads.right];
      pads = { top: 0, bottom: 0, left: 0, right: 0 };
    }
    // The ceil-mode overhang past the bottom/right, which no engine counts.
    const extraH = Math.max(
      0,
      (out[0]! - 1) * layer.strides[0] + layer.pool[0] - (h + pads.top + pads.bottom),
    );
    const extraW = Math.max(
      0,
      (out[1]! - 1) * layer.strides[1] + layer.pool[1] - (w + pads.left + pads.right),
    );
    const sides: [number, number, number, number] = [
      pads.top,
      pads.bottom + extraH,
      pads.left,
      pads.right + extraW,
    ];
    const oh = Math.floor((h + sides[0] + sides[1] - layer.pool[0]) / layer.strides[0]) + 1;
    const ow = Math.floor((w + sides[2] + sides[3] - layer.pool[1]) / layer.strides[1]) + 1;
    if (oh !== out[0] || ow !== out[1]) {
      throw new Error(`${node.id}: pooling gives ${oh}×${ow}, but the analysis says ${out[0]}×${out[1]}`);
    }
    if (sides.every((p) => p === 0)) return builtin(v, 'valid');
    const mode = layer.op === 'maxpool' ? 'max' : 'avg';
    return new ctx.custom.PadPool2D({
      mode,
      poolSize: layer.pool,
      strides: layer.strides,
      pads: sides,
      name,
    }).apply(v) as TfjsValue;
  },
};
