/**
 * Engine-neutral weights: a plain map keyed by analysis node id, every tensor a Float32Array with its
 * shape in TensorFlow layout (conv kernels HWIO, dense kernels [in, out]). The ONNX exporter reads it;
 * the tfjs extractor and the seeded initialiser write it. Nothing here imports an engine.
 */
import type { AnalysedNode, Analysis } from '../../shared/analysis-types.js';
import { Rng, deriveSeed } from '../data/rng.js';

export interface WeightTensor {
  shape: number[];
  data: Float32Array;
}

export type WeightKind = 'kernel' | 'bias' | 'gamma' | 'beta' | 'movingMean' | 'movingVariance';
export const WEIGHT_KINDS: readonly WeightKind[] = [
  'kernel',
  'bias',
  'gamma',
  'beta',
  'movingMean',
  'movingVariance',
];

export type NodeWeights = Partial<Record<WeightKind, WeightTensor>>;

/** node id → that node's tensors. Plain object so it can cross a worker or protocol boundary. */
export type WeightMap = Record<string, NodeWeights>;

/** Which nodes the exporter includes: the inference graph, or also the training-only aux heads. */
export const inGraph = (n: AnalysedNode, includeAux: boolean): boolean => includeAux || n.aux === undefined;

/**
 * The tensors a node must carry, with their shapes. BN without γ (Keras scale:false) has no gamma:
 * the exporter uses γ = 1 there, as Keras does.
 */
export function expectedWeights(node: AnalysedNode): Partial<Record<WeightKind, number[]>> {
  const layer = node.layer;
  if (node.kind !== 'layer' || !layer) return {};
  const out: Partial<Record<WeightKind, number[]>> = {};
  let channels: number;
  if (layer.op === 'conv') {
    const cin = node.inShapes[0]![2]!;
    channels = layer.filters as number;
    out.kernel = [layer.kernel[0], layer.kernel[1], cin, channels];
  } else if (layer.op === 'dense') {
    channels = layer.units as number;
    out.kernel = [node.inShapes[0]![0]!, channels];
  } else {
    return out;
  }
  if (layer.bias) out.bias = [channels];
  if (layer.bn) {
    if (layer.bn.scale) out.gamma = [channels];
    out.beta = [channels];
    out.movingMean = [channels];
    out.movingVariance = [channels];
  }
  return out;
}

const sameShape = (a: number[], b: number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** Every missing or mis-shaped tensor, as readable lines ("node/kind: expected [..], found [..]"). */
export function checkWeights(analysis: Analysis, weights: WeightMap, includeAux = false): string[] {
  const problems: string[] = [];
  for (const node of analysis.nodes) {
    if (!inGraph(node, includeAux)) continue;
    const want = expectedWeights(node);
    for (const kind of WEIGHT_KINDS) {
      const shape = want[kind];
      const got = weights[node.id]?.[kind];
      if (!shape) continue;
      if (!got) {
        problems.push(`${node.id}/${kind}: missing (expected [${shape.join(', ')}])`);
      } else if (!sameShape(shape, got.shape) || got.data.length !== shape.reduce((a, b) => a * b, 1)) {
        problems.push(`${node.id}/${kind}: expected [${shape.join(', ')}], found [${got.shape.join(', ')}]`);
      }
    }
  }
  return problems;
}

export function assertWeights(analysis: Analysis, weights: WeightMap, includeAux = false): void {
  const problems = checkWeights(analysis, weights, includeAux);
  if (problems.length > 0) {
    const shown = problems.slice(0, 8).join('\n  ');
    const more = problems.length > 8 ? `\n  … and ${problems.length - 8} more` : '';
    throw new Error(`weights do not match ${analysis.spec.id}:\n  ${shown}${more}`);
  }
}

/**
 * Deterministic "random weights" so a network runs (and exports) before any weights exist.
 * Kernels are He-uniform (fan-in), which keeps activations of order one through ~200 ReLU layers;
 * BN statistics get small perturbations rather than the identity, so a γ/β/mean/var mix-up anywhere
 * downstream changes the numbers and tests can see it.
 */
export function randomWeights(analysis: Analysis, seed = 1, includeAux = true): WeightMap {
  const map: WeightMap = {};
  for (const node of analysis.nodes) {
    if (!inGraph(node, includeAux)) continue;
    const want = expectedWeights(node);
    if (!want.kernel) continue;
    const rng = new Rng(deriveSeed(seed, node.id));
    const fanIn = want.kernel.slice(0, -1).reduce((a, b) => a * b, 1);
    const limit = Math.sqrt(6 / fanIn);
    const w: NodeWeights = {};
    for (const kind of WEIGHT_KINDS) {
      const shape = want[kind];
      if (!shape) continue;
      const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
      const [lo, hi] = RANGES[kind] ?? [-limit, limit];
      for (let i = 0; i < data.length; i++) data[i] = rng.range(lo, hi);
      w[kind] = { shape, data };
    }
    map[node.id] = w;
  }
  return map;
}

const RANGES: Partial<Record<WeightKind, [number, number]>> = {
  bias: [-0.05, 0.05],
  gamma: [0.8, 1.2],
  beta: [-0.1, 0.1],
  movingMean: [-0.1, 0.1],
  movingVariance: [0.6, 1.4],
};

/** HWIO → OIHW (TensorFlow conv kernel to ONNX Conv weight). */
export function hwioToOihw(t: WeightTensor): WeightTensor {
  const [kh, kw, ci, co] = t.shape as [number, number, number, number];
  const out = new Float32Array(t.data.length);
  const src = t.data;
  for (let h = 0; h < kh; h++) {
    for (let w = 0; w < kw; w++) {
      for (let i = 0; i < ci; i++) {
        const base = ((h * kw + w) * ci + i) * co;
        for (let o = 0; o < co; o++) out[((o * ci + i) * kh + h) * kw + w] = src[base + o]!;
      }
    }
  }
  return { shape: [co, ci, kh, kw], data: out };
}

/** A short, stable fingerprint of a weight map (FNV-1a over a sample of values), for cache keys. */
export function weightsFingerprint(weights: WeightMap): string {
  let h = 0x811c9dc5;
  const mixIn = (x: number) => {
    h ^= x;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  for (const id of Object.keys(weights).sort()) {
    for (const c of id) mixIn(c.charCodeAt(0));
    for (const kind of WEIGHT_KINDS) {
      const t = weights[id]![kind];
      if (!t) continue;
      const bits = new Uint32Array(t.data.buffer, t.data.byteOffset, t.data.length);
      const step = Math.max(1, Math.floor(bits.length / 64));
      for (let i = 0; i < bits.length; i += step) mixIn(bits[i]!);
      mixIn(bits.length);
    }
  }
  return h.toString(16).padStart(8, '0');
}
