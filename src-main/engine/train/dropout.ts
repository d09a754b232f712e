/**
 * Dropout keep-masks for training, drawn in one place for both engines: image i's mask for a dropout
 * layer comes from its own seed (deriveSeed(seed_i, layer key)) through the run's xoshiro generator,
 * so a run drops the same units on tfjs and on ONNX Runtime, however its batch is split.
 * Inverted dropout: kept units are scaled by 1/(1−rate) (Srivastava et al. 2014, as Keras does).
 */
import { deriveSeed, Rng } from '../data/rng.js';

/**
 * Masks for a batch: one seed per image, `perImage` units each (in the layer's NHWC element order),
 * values 0 or 1/(1−rate). A unit is kept when its uniform draw is ≥ rate.
 */
export function dropoutMasks(
  seeds: ArrayLike<number>,
  key: string,
  perImage: number,
  rate: number,
): Float32Array {
  const out = new Float32Array(seeds.length * perImage);
  if (rate <= 0) return out.fill(1);
  const keep = 1 / (1 - rate);
  for (let i = 0; i < seeds.length; i++) {
    const rng = new Rng(deriveSeed(seeds[i]!, key));
    const base = i * perImage;
    for (let j = 0; j < perImage; j++) out[base + j] = rng.next() >= rate ? keep : 0;
  }
  return out;
}

/** NHWC masks [N, H, W, C] → NCHW [N, C, H, W] (the ONNX graph's layout). */
export function masksToNchw(m: Float32Array, n: number, h: number, w: number, c: number): Float32Array {
  if (h * w === 1) return m;
  const out = new Float32Array(m.length);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let k = 0; k < c; k++) out[((b * c + k) * h + y) * w + x] = m[((b * h + y) * w + x) * c + k]!;
  return out;
}
