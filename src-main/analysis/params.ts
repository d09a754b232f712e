/**
 * Parameters (PyTorch and Keras conventions) and MACs of single layers.
 * MACs count only conv and dense multiply-accumulates, as the reference files do:
 * conv = outH·outW·outC·kh·kw·inC, dense = in·out.
 */
import type { BatchNormSpec, Layer } from '../shared/spec.js';
import type { ParamCount, Shape } from '../shared/analysis-types.js';

export const zeroParams = (): ParamCount => ({ pytorch: 0, kerasTrainable: 0, kerasNonTrainable: 0 });

export function addParams(a: ParamCount, b: ParamCount): ParamCount {
  return {
    pytorch: a.pytorch + b.pytorch,
    kerasTrainable: a.kerasTrainable + b.kerasTrainable,
    kerasNonTrainable: a.kerasNonTrainable + b.kerasNonTrainable,
  };
}

export const kerasTotal = (p: ParamCount): number => p.kerasTrainable + p.kerasNonTrainable;

/** Weights that both conventions count as trainable (kernel + bias). */
const plain = (n: number): ParamCount => ({ pytorch: n, kerasTrainable: n, kerasNonTrainable: 0 });

/** PyTorch: γ+β. Keras: β (+γ when scale) trainable, moving mean+variance non-trainable. */
export function bnParams(channels: number, bn: BatchNormSpec): ParamCount {
  return {
    pytorch: 2 * channels,
    kerasTrainable: bn.scale ? 2 * channels : channels,
    kerasNonTrainable: 2 * channels,
  };
}

/** `layer` must have its filters/units resolved. */
export function layerParams(layer: Layer, inShape: Shape): ParamCount {
  if (layer.op === 'conv') {
    const inC = inShape[inShape.length - 1]!;
    const f = layer.filters as number;
    let p = plain(layer.kernel[0] * layer.kernel[1] * inC * f + (layer.bias ? f : 0));
    if (layer.bn) p = addParams(p, bnParams(f, layer.bn));
    return p;
  }
  if (layer.op === 'dense') {
    const u = layer.units as number;
    let p = plain(inShape[0]! * u + (layer.bias ? u : 0));
    if (layer.bn) p = addParams(p, bnParams(u, layer.bn));
    return p;
  }
  return zeroParams();
}

export function layerMacs(layer: Layer, inShape: Shape, outShape: Shape): number {
  if (layer.op === 'conv') {
    const inC = inShape[inShape.length - 1]!;
    return outShape[0]! * outShape[1]! * outShape[2]! * layer.kernel[0] * layer.kernel[1] * inC;
  }
  if (layer.op === 'dense') return inShape[0]! * outShape[0]!;
  return 0;
}
