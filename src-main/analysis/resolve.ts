/**
 * Resolves every default of a layer once, for the node's input size, so that no engine keeps its
 * own reading of the spec: pads as four explicit sides (TF 'same' included), ceil mode and
 * count_include_pad as booleans, BN's γ and momentum explicit.
 *
 * Semantics, checked against the frameworks in test/unit/ops/agreement.test.ts:
 * - TF 'same' (https://www.tensorflow.org/api_docs/python/tf/nn#notes_on_padding_2): out = ceil(in/s),
 *   total = max((out−1)·s + k − in, 0), floor(total/2) before, the rest after; its average pools
 *   divide by the number of valid pixels (padding excluded).
 * - Explicit sides follow PyTorch (https://pytorch.org/docs/stable/generated/torch.nn.AvgPool2d.html):
 *   count_include_pad defaults to True, so padded zeros count; ceil_mode's overhang past the padding
 *   never counts.
 */
import type { Layer, Padding } from '../shared/spec.js';
import type { Pads, ResolvedBatchNorm, ResolvedLayer, Shape } from '../shared/analysis-types.js';

/** Keras BatchNormalization's default momentum. */
export const KERAS_BN_MOMENTUM = 0.99;

/** TF 'same' on one axis: [before, after]. */
export function samePads(size: number, k: number, s: number): [number, number] {
  const out = Math.ceil(size / s);
  const total = Math.max((out - 1) * s + k - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/** The four sides a padding means for an [H, W, ...] input and a k×k window at stride s. */
export function resolvePads(
  padding: Padding,
  inHW: readonly number[],
  kernel: readonly number[],
  strides: readonly number[],
): Pads {
  if (padding === 'valid') return { top: 0, bottom: 0, left: 0, right: 0 };
  if (padding === 'same') {
    const [top, bottom] = samePads(inHW[0]!, kernel[0]!, strides[0]!);
    const [left, right] = samePads(inHW[1]!, kernel[1]!, strides[1]!);
    return { top, bottom, left, right };
  }
  return { top: padding.top, bottom: padding.bottom, left: padding.left, right: padding.right };
}

function resolveBn(bn: { eps: number; scale: boolean; momentum?: number } | undefined) {
  if (!bn) return {};
  const out: ResolvedBatchNorm = {
    eps: bn.eps,
    gamma: bn.scale,
    momentum: bn.momentum ?? KERAS_BN_MOMENTUM,
  };
  return { bn: out };
}

/** `layer` must have 'classes' and 'match-input' resolved; `inShape` is [H, W, C] or [C]. */
export function resolveLayer(layer: Layer, inShape: Shape): ResolvedLayer {
  switch (layer.op) {
    case 'conv':
      return {
        op: 'conv',
        pads: resolvePads(layer.padding, inShape, layer.kernel, layer.strides),
        ...resolveBn(layer.bn),
      };
    case 'dense':
      return { op: 'dense', ...resolveBn(layer.bn) };
    case 'maxpool':
    case 'avgpool': {
      const explicit = typeof layer.padding === 'object';
      if (layer.adaptive) {
        return {
          op: layer.op,
          pads: resolvePads('valid', inShape, layer.pool, layer.strides),
          ceil: false,
          countIncludePad: false,
          adaptive: [layer.adaptive[0], layer.adaptive[1]],
        };
      }
      return {
        op: layer.op,
        pads: resolvePads(layer.padding, inShape, layer.pool, layer.strides),
        ceil: layer.padding !== 'same' && layer.ceil === true,
        countIncludePad: layer.op === 'avgpool' && (layer.countIncludePad ?? explicit),
      };
    }
    default:
      return { op: layer.op };
  }
}
