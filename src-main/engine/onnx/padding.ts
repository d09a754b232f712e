/**
 * Padding in ONNX terms, for callers that hold a spec layer rather than an analysed node (the
 * analysis resolves each node's pads once: src-main/analysis/resolve.ts, node.resolved.pads).
 * ONNX wants explicit pads [top, left, bottom, right]; TensorFlow's 'same' pads asymmetrically, with
 * the odd pixel at the bottom/right.
 */
import { resolvePads, samePads } from '../../analysis/resolve.js';
import type { Padding, Pair } from '../../shared/spec.js';
import { onnxPadsOf } from '../ops/util.js';

export { samePads };

/** ONNX `pads` attribute for a layer with the given padding on an [H, W, ...] input. */
export function onnxPads(
  padding: Padding,
  inHW: Pair,
  kernel: Pair,
  strides: Pair,
): [number, number, number, number] {
  return onnxPadsOf(resolvePads(padding, inHW, kernel, strides));
}
