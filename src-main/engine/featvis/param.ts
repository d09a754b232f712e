/**
 * Lucid's decorrelated image parameterisation: per image, a half spectrum per colour channel scaled
 * by 1/f (so every frequency starts with the same energy as natural images have per octave), an
 * orthonormal inverse real FFT, a division by 4, colour decorrelation by the square root of
 * ImageNet's colour correlation, and a sigmoid to [0, 1]. `render` goes forward; `backward` is its
 * exact adjoint (the chain rule written out), so the optimiser steps the spectrum itself.
 *
 * Sources (read, not copied): tensorflow/lucid lucid/optvis/param/spatial.py (rfft2d_freqs,
 * fft_image: scale = 1 / max(f, 1/max(w, h))^decay_power, sd 0.01, "/ 4") and
 * lucid/optvis/param/color.py (color_correlation_svd_sqrt, max_norm_svd_sqrt, to_valid_rgb with
 * sigmoid); Olah et al., "Feature Visualization", Distill 2017, https://distill.pub/2017/feature-visualization/
 */
import { Rng } from '../data/rng.js';
import { halfWidth, irfft2, irfft2Adjoint } from './fft.js';

/** Lucid's color_correlation_svd_sqrt (the square root of ImageNet's RGB correlation by SVD). */
const COLOR_SVD_SQRT = [
  [0.26, 0.09, 0.02],
  [0.27, 0.0, -0.05],
  [0.27, -0.09, 0.03],
] as const;
const MAX_NORM = Math.max(
  ...[0, 1, 2].map((j) => Math.hypot(COLOR_SVD_SQRT[0][j], COLOR_SVD_SQRT[1][j], COLOR_SVD_SQRT[2][j])),
);
/** The matrix rgb = M · t, normalised by its largest column norm as Lucid does. */
export const COLOR_MATRIX: readonly (readonly number[])[] = COLOR_SVD_SQRT.map((r) =>
  r.map((v) => v / MAX_NORM),
);
/** Lucid's "magic" 4 that fft_image divides by (it keeps the first pictures from saturating). */
const FFT_DIVISOR = 4;

/** |f| of each half-spectrum bin, numpy.fft.fftfreq's frequencies (Lucid's rfft2d_freqs). */
export function spectrumFrequencies(h: number, w: number): Float64Array {
  const wf = halfWidth(w);
  const f = new Float64Array(h * wf);
  const freq = (k: number, n: number) => (k <= (n - 1) / 2 ? k / n : (k - n) / n);
  for (let y = 0; y < h; y++) for (let k = 0; k < wf; k++) f[y * wf + k] = Math.hypot(freq(y, h), freq(k, w));
  return f;
}

export interface FourierImage {
  readonly batch: number;
  readonly h: number;
  readonly w: number;
  /** The parameters: batch × 3 × h × halfWidth(w) × (re, im). */
  readonly params: Float32Array;
}

export interface Rendered {
  /** NHWC in [0, 1]. */
  rgb: Float32Array;
}

/** The smallest power of two ≥ n. */
const pow2 = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

/**
 * The spectrum lives on the next power-of-two grid (256 for 224, 512 for 299), whose FFT is radix-2
 * and several times faster than Bluestein's at 224; the picture is its top-left h × w crop, as
 * Lucid's fft_image crops its inverse transform to [:h, :w].
 */
export class FourierParam implements FourierImage {
  readonly params: Float32Array;
  /** Per-bin 1/f scale, times nothing else (the /4 is applied after the transform). */
  private readonly scale: Float64Array;
  private readonly wf: number;
  /** The transform's grid. */
  private readonly fh: number;
  private readonly fw: number;

  constructor(
    readonly batch: number,
    readonly h: number,
    readonly w: number,
    seed: number,
    opts: { sd?: number; decayPower?: number } = {},
  ) {
    this.fh = pow2(h);
    this.fw = pow2(w);
    this.wf = halfWidth(this.fw);
    const freqs = spectrumFrequencies(this.fh, this.fw);
    const floor = 1 / Math.max(this.fw, this.fh);
    const decay = opts.decayPower ?? 1;
    this.scale = freqs.map((f) => 1 / Math.max(f, floor) ** decay);
    const rng = new Rng(seed);
    const sd = opts.sd ?? 0.01;
    this.params = Float32Array.from({ length: batch * 3 * this.fh * this.wf * 2 }, () => rng.normal() * sd);
  }

  private get planeSize(): number {
    return this.fh * this.wf * 2;
  }

  /** Spectrum → decorrelated image t (planar per channel) → RGB = sigmoid(M t), NHWC. */
  render(): Rendered {
    const { h, w, batch } = this;
    const n = h * w;
    const rgb = new Float32Array(batch * n * 3);
    for (let b = 0; b < batch; b++) {
      const t = [0, 1, 2].map((c) => this.channelImage(b, c));
      for (let i = 0; i < n; i++) {
        for (let r = 0; r < 3; r++) {
          const m = COLOR_MATRIX[r]!;
          const z = m[0]! * t[0]![i]! + m[1]! * t[1]![i]! + m[2]! * t[2]![i]!;
          rgb[(b * n + i) * 3 + r] = 1 / (1 + Math.exp(-z));
        }
      }
    }
    return { rgb };
  }

  private channelImage(b: number, c: number): Float64Array {
    const ps = this.planeSize;
    const off = (b * 3 + c) * ps;
    const spec = new Float64Array(ps);
    for (let i = 0; i < ps; i++) spec[i] = this.params[off + i]! * this.scale[i >> 1]!;
    const full = irfft2(spec, this.fh, this.fw);
    const img = new Float64Array(this.h * this.w);
    for (let y = 0; y < this.h; y++)
      for (let x = 0; x < this.w; x++) img[y * this.w + x] = full[y * this.fw + x]! / FFT_DIVISOR;
    return img;
  }

  /**
   * d objective / d params from d objective / d rgb (NHWC), given the rgb `render` returned: the
   * sigmoid's s(1 − s), Mᵀ, the inverse FFT's adjoint, the 1/f scale.
   */
  backward(rgb: Float32Array, dRgb: Float32Array): Float32Array {
    const { h, w, batch } = this;
    const n = h * w;
    const ps = this.planeSize;
    const out = new Float32Array(this.params.length);
    for (let b = 0; b < batch; b++) {
      const dt = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
      for (let i = 0; i < n; i++) {
        for (let r = 0; r < 3; r++) {
          const k = (b * n + i) * 3 + r;
          const s = rgb[k]!;
          const dz = dRgb[k]! * s * (1 - s);
          const m = COLOR_MATRIX[r]!;
          for (let j = 0; j < 3; j++) dt[j]![i] = dt[j]![i]! + m[j]! * dz;
        }
      }
      for (let c = 0; c < 3; c++) {
        // The crop's adjoint: the gradient in the top-left h × w of the grid, zeros elsewhere.
        const g = new Float64Array(this.fh * this.fw);
        for (let y = 0; y < h; y++)
          for (let x = 0; x < w; x++) g[y * this.fw + x] = dt[c]![y * w + x]! / FFT_DIVISOR;
        const ds = irfft2Adjoint(g, this.fh, this.fw);
        const off = (b * 3 + c) * ps;
        for (let i = 0; i < ps; i++) out[off + i] = ds[i]! * this.scale[i >> 1]!;
      }
    }
    return out;
  }
}
