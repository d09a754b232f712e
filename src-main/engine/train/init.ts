/**
 * The seeded initializer: every run that names the same seed and scheme starts from weights that
 * depend only on (seed, weight name), so runs started together are initialised alike, and a weight's
 * values do not shift when another layer is added. tfjs' own initializers draw unseeded.
 */
import * as tf from '@tensorflow/tfjs-core';
import { deriveSeed, Rng } from '../data/rng.js';

export type InitScheme = 'glorot-uniform' | 'he-normal' | 'variance-scaling';

export const INIT_SCHEMES: Record<InitScheme, string> = {
  'glorot-uniform': 'Glorot/Xavier uniform, limit √(6 / (fan_in + fan_out)) (the Keras default)',
  'he-normal': 'He normal, σ = √(2 / fan_in)',
  'variance-scaling':
    'truncated normal, σ = √(1.3 · 2 / fan_in) cut at 2σ (TF-slim variance_scaling, fan_in)',
};

export interface WeightLike {
  /** Stable name, e.g. 'Mixed_5b/branch1x1/conv/kernel'. */
  name: string;
  shape: number[];
}

function fans(shape: number[]): [number, number] {
  if (shape.length === 2) return [shape[0], shape[1]];
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return [receptive * shape[shape.length - 2], receptive * shape[shape.length - 1]];
}

/** The initial values of one weight (plain numbers, so tests and workers need no backend). */
export function initialValues(w: WeightLike, seed: number, scheme: InitScheme, logits = false): Float32Array {
  const n = w.shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  const leaf = w.name.split('/').pop() ?? '';
  if (/^(gamma|moving_variance)/.test(leaf)) return out.fill(1);
  if (!/^(kernel|depthwise_kernel|weights)/.test(leaf) || w.shape.length < 2) return out;
  const rng = new Rng(deriveSeed(seed, 'init', w.name));
  if (logits) {
    // Classifier layers start near zero (TF-slim's aux logits: truncated normal, σ 0.001), so every run
    // starts at loss ≈ ln K instead of with confident random predictions.
    for (let i = 0; i < n; i++) out[i] = 0.001 * rng.normal();
    return out;
  }
  const [fanIn, fanOut] = fans(w.shape);
  if (scheme === 'glorot-uniform') {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    for (let i = 0; i < n; i++) out[i] = rng.range(-limit, limit);
  } else if (scheme === 'he-normal') {
    const sd = Math.sqrt(2 / fanIn);
    for (let i = 0; i < n; i++) out[i] = sd * rng.normal();
  } else {
    // 0.8796 = std of a standard normal truncated at ±2, so the result has the intended variance.
    const sd = Math.sqrt(2 / fanIn) / 0.8796;
    for (let i = 0; i < n; i++) {
      let z = rng.normal();
      while (Math.abs(z) > 2) z = rng.normal();
      out[i] = sd * z;
    }
  }
  return out;
}

/** Writes initial values into tfjs variables (anything with a stable name, a shape and assign). */
export function initialiseWeights(
  weights: { name: string; shape: number[]; write(t: tf.Tensor): unknown }[],
  seed: number,
  scheme: InitScheme,
  /** Layer names whose kernels produce a head's logits. */
  logitLayers: string[] = [],
): void {
  for (const w of weights) {
    const layer = w.name.slice(0, w.name.lastIndexOf('/'));
    const values = initialValues(w, seed, scheme, logitLayers.includes(layer));
    tf.tidy(() => {
      w.write(tf.tensor(values, w.shape));
    });
  }
}
