/**
 * Output shapes of single layers, [H, W, C] or [C]. Padding follows TensorFlow ('same', 'valid') or
 * PyTorch (explicit sides, ceil_mode with its "last window must start inside the input" rule).
 * Shared so the analysis and the zoo (which sizes pools and aux heads to the grid while it builds a
 * spec) use one formula and the zoo needs no analysis.
 */
import type { Layer, Padding } from './spec.js';
import type { Shape } from './analysis-types.js';

/** Thrown by the shape functions; the walker rethrows it as a SpecError naming the module. */
export class ShapeError extends Error {}

const sides = (p: Exclude<Padding, 'same' | 'valid'>, axis: 0 | 1): [number, number] =>
  axis === 0 ? [p.top, p.bottom] : [p.left, p.right];

/** One spatial dimension through a kernel k with stride s. */
export function outDim(
  size: number,
  k: number,
  s: number,
  padding: Padding,
  axis: 0 | 1,
  ceil = false,
): number {
  if (padding === 'same') return Math.ceil(size / s);
  const [p0, p1] = padding === 'valid' ? [0, 0] : sides(padding, axis);
  const span = size + p0 + p1 - k;
  if (span < 0) {
    throw new ShapeError(`kernel ${k} is larger than the padded input ${size + p0 + p1}`);
  }
  if (!ceil) return Math.floor(span / s) + 1;
  let out = Math.ceil(span / s) + 1;
  // PyTorch drops a last window that would start in the right padding.
  if ((out - 1) * s >= size + p0) out -= 1;
  return out;
}

function spatial(inShape: Shape, what: string): [number, number, number] {
  if (inShape.length !== 3) {
    throw new ShapeError(`${what} needs an H×W×C input, got [${inShape.join(', ')}]`);
  }
  return inShape as [number, number, number];
}

/** `layer` must already have 'classes' and 'match-input' resolved to numbers. */
export function layerOutShape(layer: Layer, inShape: Shape): Shape {
  switch (layer.op) {
    case 'conv': {
      const [h, w] = spatial(inShape, 'conv');
      const f = layer.filters as number;
      return [
        outDim(h, layer.kernel[0], layer.strides[0], layer.padding, 0),
        outDim(w, layer.kernel[1], layer.strides[1], layer.padding, 1),
        f,
      ];
    }
    case 'maxpool':
    case 'avgpool': {
      const [h, w, c] = spatial(inShape, layer.op);
      if (layer.adaptive) return [layer.adaptive[0], layer.adaptive[1], c];
      return [
        outDim(h, layer.pool[0], layer.strides[0], layer.padding, 0, layer.ceil),
        outDim(w, layer.pool[1], layer.strides[1], layer.padding, 1, layer.ceil),
        c,
      ];
    }
    case 'globalavgpool': {
      const [, , c] = spatial(inShape, 'global pool');
      return [c];
    }
    case 'flatten':
      return [inShape.reduce((a, b) => a * b, 1)];
    case 'dense':
      if (inShape.length !== 1) {
        throw new ShapeError(`dense needs a flat input (add a flatten), got [${inShape.join(', ')}]`);
      }
      return [layer.units as number];
    case 'lrn':
    case 'dropout':
    case 'softmax':
    case 'relu':
      return [...inShape];
  }
}

/** Concatenation along channels; every input must share H×W. */
export function concatShape(inShapes: Shape[], names: string[]): Shape {
  const first = inShapes[0];
  if (!first) throw new ShapeError('concat with no branches');
  const lead = (s: Shape) => s.slice(0, -1).join('×');
  for (let i = 1; i < inShapes.length; i++) {
    const s = inShapes[i]!;
    if (s.length !== first.length || lead(s) !== lead(first)) {
      const list = inShapes.map((x, j) => `${names[j]} ${x.join('×')}`).join(', ');
      throw new ShapeError(`concat of mismatched H×W: ${list}`);
    }
  }
  const channels = inShapes.reduce((a, s) => a + s[s.length - 1]!, 0);
  return [...first.slice(0, -1), channels];
}

/** The channels [from, to) that each input of a channel concat fills, in input order. */
export function concatChannelRanges(inShapes: readonly Shape[]): [number, number][] {
  let at = 0;
  return inShapes.map((s) => {
    const from = at;
    at += s[s.length - 1]!;
    return [from, at];
  });
}

/** Every dimension must be a positive integer. */
export function checkShape(s: Shape): void {
  for (const d of s) {
    if (!Number.isInteger(d) || d <= 0) throw new ShapeError(`non-positive size: [${s.join(', ')}]`);
  }
}
