/**
 * Theoretical receptive field: r' = r + (k − 1)·j and j' = j·s per axis, for a layer of kernel k and
 * stride s fed by a field (r, j). Merges take the largest field of their inputs.
 */
import type { Layer } from '../shared/spec.js';
import type { ReceptiveField, Shape } from '../shared/analysis-types.js';

export const inputField = (): ReceptiveField => ({ size: [1, 1], jump: [1, 1] });

function through(rf: ReceptiveField, k: [number, number], s: [number, number]): ReceptiveField {
  return {
    size: [rf.size[0] + (k[0] - 1) * rf.jump[0], rf.size[1] + (k[1] - 1) * rf.jump[1]],
    jump: [rf.jump[0] * s[0], rf.jump[1] * s[1]],
  };
}

/** Largest bin of PyTorch's adaptive pooling from n to m: max over i of ceil((i+1)n/m) − floor(in/m). */
function adaptiveBin(n: number, m: number): number {
  let k = 0;
  for (let i = 0; i < m; i++) k = Math.max(k, Math.ceil(((i + 1) * n) / m) - Math.floor((i * n) / m));
  return k;
}

export function layerField(layer: Layer, rf: ReceptiveField, inShape: Shape): ReceptiveField {
  switch (layer.op) {
    case 'conv':
      return through(rf, layer.kernel, layer.strides);
    case 'maxpool':
    case 'avgpool': {
      if (layer.adaptive) {
        const [h, w] = inShape as [number, number];
        const [oh, ow] = layer.adaptive;
        return through(
          rf,
          [adaptiveBin(h, oh), adaptiveBin(w, ow)],
          [Math.max(1, Math.floor(h / oh)), Math.max(1, Math.floor(w / ow))],
        );
      }
      return through(rf, layer.pool, layer.strides);
    }
    case 'globalavgpool':
    case 'flatten': {
      // Both see the whole map: a kernel as large as the input.
      if (inShape.length !== 3) return rf;
      const [h, w] = inShape as [number, number];
      return through(rf, [h, w], [h, w]);
    }
    default:
      return rf;
  }
}

export function mergeFields(fields: ReceptiveField[]): ReceptiveField {
  return {
    size: [Math.max(...fields.map((f) => f.size[0])), Math.max(...fields.map((f) => f.size[1]))],
    jump: [Math.max(...fields.map((f) => f.jump[0])), Math.max(...fields.map((f) => f.jump[1]))],
  };
}
