/**
 * Padding in ONNX terms. ONNX wants explicit pads [top, left, bottom, right]; TensorFlow's 'same'
 * pads asymmetrically, with the odd pixel at the bottom/right, which ONNX's auto_pad SAME_UPPER also
 * does, but explicit pads keep the graph readable in Netron and independent of auto_pad quirks.
 */
import type { Padding, Pair } from '../../shared/spec.js';

/** TF 'same' on one axis: out = ceil(in / s), total = max((out − 1)·s + k − in, 0), half before. */
export function samePads(size: number, k: number, s: number): [number, number] {
  const out = Math.ceil(size / s);
  const total = Math.max((out - 1) * s + k - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/** ONNX `pads` attribute for a layer with the given padding on an [H, W, ...] input. */
export function onnxPads(
  padding: Padding,
  inHW: Pair,
  kernel: Pair,
  strides: Pair,
): [number, number, number, number] {
  if (padding === 'valid') return [0, 0, 0, 0];
  if (padding === 'same') {
    const [t, b] = samePads(inHW[0], kernel[0], strides[0]);
    const [l, r] = samePads(inHW[1], kernel[1], strides[1]);
    return [t, l, b, r];
  }
  return [padding.top, padding.left, padding.bottom, padding.right];
}
