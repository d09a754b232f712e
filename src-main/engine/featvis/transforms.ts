/**
 * Lucid's standard robustness transforms, composed into one affine warp sampled bilinearly at the
 * network's input size, with its adjoint. Lucid (lucid/optvis/transform.py, standard_transforms):
 * pad 12 (constant 0.5), jitter 8, random_scale over [1 + (i − 5)/50 for i in 0..10], random_rotate
 * over −10…10° (with extra weight on 0: list(range(−10, 11)) + 5·[0]), jitter 4. There the network
 * takes the transformed canvas at whatever size it ends; the app's networks take S×S, so they see an
 * S×S window of it (see drawWarp). The steps' resamplings collapse into one bilinear lookup, and every
 * pixel outside the picture (padding and the corners rotation uncovers) is Lucid's pad grey 0.5.
 */
import type { Rng } from '../data/rng.js';

export interface TransformSettings {
  pad: number;
  jitter: number;
  scales: readonly number[];
  /** Degrees. */
  angles: readonly number[];
  jitter2: number;
}

export const STANDARD_TRANSFORMS: TransformSettings = {
  pad: 12,
  jitter: 8,
  scales: Array.from({ length: 11 }, (_, i) => 1 + (i - 5) / 50),
  angles: [...Array.from({ length: 21 }, (_, i) => i - 10), 0, 0, 0, 0, 0],
  jitter2: 4,
};

/**
 * Lucid's pixel amounts are tuned for InceptionV1's 224 px input; on other inputs the pad and
 * jitters scale with the side (a 12 px pad is 16 % of a reduced network's 75 px), the scale and
 * rotation ranges stay.
 */
export function transformsFor(size: number): TransformSettings {
  const k = size / 224;
  const t = STANDARD_TRANSFORMS;
  return {
    ...t,
    pad: Math.round(t.pad * k),
    jitter: Math.max(1, Math.round(t.jitter * k)),
    jitter2: Math.max(1, Math.round(t.jitter2 * k)),
  };
}

export const NO_TRANSFORMS: TransformSettings = { pad: 0, jitter: 1, scales: [1], angles: [0], jitter2: 1 };

export const FILL = 0.5;

/** One draw of the transforms: which source pixels (4 per output pixel, −1 outside) and their weights. */
export interface Warp {
  size: number;
  src: Int32Array;
  weight: Float32Array;
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)]!;

/**
 * Draws one transform for an image of side `size` (output side `size` too). Lucid's jitter d is a
 * random crop of d pixels, so an offset in 0…d; here the two jitters shift the S×S window the network
 * sees by whole pixels (no resampling: a pure shift copies pixels exactly), centred so the shift is
 * symmetric, and scale and rotation turn the picture about its centre (bilinear, as Lucid's resize
 * and rotate). Whatever the window sees outside the picture is the pad grey, which is what the pad
 * gives Lucid's network. The same draw applies to every image of the batch.
 */
export function drawWarp(size: number, t: TransformSettings, rng: Rng): Warp {
  const centreShift = Math.floor((t.jitter - 1 + t.jitter2 - 1) / 2);
  const dx = rng.int(t.jitter) + rng.int(t.jitter2) - centreShift;
  const dy = rng.int(t.jitter) + rng.int(t.jitter2) - centreShift;
  const scale = pick(rng, t.scales);
  const angle = (pick(rng, t.angles) * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const centre = (size - 1) / 2;
  const src = new Int32Array(size * size * 4).fill(-1);
  const weight = new Float32Array(size * size * 4);
  for (let v = 0; v < size; v++) {
    for (let u = 0; u < size; u++) {
      // Output pixel → shifted window → un-rotate and un-scale about the centre → picture.
      const fx = u + dx - centre;
      const fy = v + dy - centre;
      const cx = (cos * fx + sin * fy) / scale + centre;
      const cy = (-sin * fx + cos * fy) / scale + centre;
      // Snap to the pixel when within rounding of it, so a shift alone is an exact copy.
      const rx = Math.round(cx);
      const ry = Math.round(cy);
      const x0 = Math.abs(cx - rx) < 1e-9 ? rx : Math.floor(cx);
      const y0 = Math.abs(cy - ry) < 1e-9 ? ry : Math.floor(cy);
      const ax = Math.max(0, cx - x0);
      const ay = Math.max(0, cy - y0);
      const o = (v * size + u) * 4;
      // Corners (x0, y0), (x0+1, y0), (x0, y0+1), (x0+1, y0+1); outside the picture the weight
      // falls on the fill value (src stays −1).
      weight[o] = (1 - ax) * (1 - ay);
      weight[o + 1] = ax * (1 - ay);
      weight[o + 2] = (1 - ax) * ay;
      weight[o + 3] = ax * ay;
      const inX0 = x0 >= 0 && x0 < size;
      const inX1 = x0 + 1 >= 0 && x0 + 1 < size;
      if (y0 >= 0 && y0 < size) {
        if (inX0) src[o] = y0 * size + x0;
        if (inX1) src[o + 1] = y0 * size + x0 + 1;
      }
      if (y0 + 1 >= 0 && y0 + 1 < size) {
        if (inX0) src[o + 2] = (y0 + 1) * size + x0;
        if (inX1) src[o + 3] = (y0 + 1) * size + x0 + 1;
      }
    }
  }
  return { size, src, weight };
}

/** Applies a warp to `batch` NHWC RGB images of side warp.size. */
export function applyWarp(w: Warp, rgb: Float32Array, batch: number): Float32Array {
  const n = w.size * w.size;
  const out = new Float32Array(batch * n * 3);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < 3; c++) {
        let acc = 0;
        for (let k = 0; k < 4; k++) {
          const s = w.src[i * 4 + k]!;
          const wgt = w.weight[i * 4 + k]!;
          acc += wgt * (s < 0 ? FILL : rgb[(b * n + s) * 3 + c]!);
        }
        out[(b * n + i) * 3 + c] = acc;
      }
    }
  }
  return out;
}

/** The adjoint: scatters d/d(output) back onto the picture's pixels (the fill takes the rest). */
export function warpAdjoint(w: Warp, grad: Float32Array, batch: number): Float32Array {
  const n = w.size * w.size;
  const out = new Float32Array(batch * n * 3);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < 4; k++) {
        const s = w.src[i * 4 + k]!;
        if (s < 0) continue;
        const wgt = w.weight[i * 4 + k]!;
        for (let c = 0; c < 3; c++) out[(b * n + s) * 3 + c] += wgt * grad[(b * n + i) * 3 + c]!;
      }
    }
  }
  return out;
}
