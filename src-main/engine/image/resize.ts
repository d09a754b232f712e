/**
 * Resampling and cropping as Pillow does them, because torchvision's and Keras' preprocessing run on
 * PIL images: separable convolution with the filter stretched by the scale factor (antialiasing when
 * shrinking), horizontal pass first, 8-bit fixed-point coefficients (22 fractional bits) and rounding
 * to uint8 after each pass. This reproduces PIL's bytes, so the app feeds a network the same tensor
 * torchvision would.
 */
import type { RgbImage } from '../data/image.js';

export type ResampleFilter = 'bilinear' | 'bicubic' | 'nearest';
type ConvolutionFilter = Exclude<ResampleFilter, 'nearest'>;

const SUPPORT: Record<ConvolutionFilter, number> = { bilinear: 1, bicubic: 2 };

function kernel(f: ConvolutionFilter, x: number): number {
  x = Math.abs(x);
  if (f === 'bilinear') return x < 1 ? 1 - x : 0;
  const a = -0.5;
  if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
  if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
  return 0;
}

const PRECISION_BITS = 32 - 8 - 2;
const ONE = 2 ** PRECISION_BITS;

interface Coeffs {
  /** First input index of each output's window. */
  start: Int32Array;
  size: Int32Array;
  /** Fixed-point weights, `maxSize` per output. */
  k: Int32Array;
  maxSize: number;
}

/** Pillow's precompute_coeffs + normalize_coeffs_8bpc, for the full input range. */
function coeffs(inSize: number, outSize: number, f: ConvolutionFilter): Coeffs {
  const scale = inSize / outSize;
  const filterscale = Math.max(scale, 1);
  const support = SUPPORT[f] * filterscale;
  const maxSize = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const size = new Int32Array(outSize);
  const k = new Int32Array(outSize * maxSize);
  const w = new Float64Array(maxSize);
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const ss = 1 / filterscale;
    // C's (int) truncates toward zero; the operands here are > -1, so trunc matches.
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      const v = kernel(f, (x + xmin - center + 0.5) * ss);
      w[x] = v;
      ww += v;
    }
    for (let x = 0; x < xmax; x++) {
      const v = ww === 0 ? 0 : w[x]! / ww;
      k[xx * maxSize + x] = v < 0 ? Math.trunc(-0.5 + v * ONE) : Math.trunc(0.5 + v * ONE);
    }
    start[xx] = xmin;
    size[xx] = xmax;
  }
  return { start, size, k, maxSize };
}

const clip8 = (ss: number) => {
  const v = Math.floor(ss / ONE);
  return v < 0 ? 0 : v > 255 ? 255 : v;
};

function horizontal(img: RgbImage, outW: number, f: ConvolutionFilter): RgbImage {
  const { width: w, height: h, data } = img;
  const c = coeffs(w, outW, f);
  const out = new Uint8Array(outW * h * 3);
  for (let y = 0; y < h; y++) {
    for (let xx = 0; xx < outW; xx++) {
      const s0 = c.start[xx]!;
      const n = c.size[xx]!;
      const kb = xx * c.maxSize;
      for (let ch = 0; ch < 3; ch++) {
        let ss = ONE / 2;
        for (let x = 0; x < n; x++) ss += data[(y * w + s0 + x) * 3 + ch]! * c.k[kb + x]!;
        out[(y * outW + xx) * 3 + ch] = clip8(ss);
      }
    }
  }
  return { width: outW, height: h, data: out };
}

function vertical(img: RgbImage, outH: number, f: ConvolutionFilter): RgbImage {
  const { width: w, height: h, data } = img;
  const c = coeffs(h, outH, f);
  const out = new Uint8Array(w * outH * 3);
  for (let yy = 0; yy < outH; yy++) {
    const s0 = c.start[yy]!;
    const n = c.size[yy]!;
    const kb = yy * c.maxSize;
    for (let x = 0; x < w; x++) {
      for (let ch = 0; ch < 3; ch++) {
        let ss = ONE / 2;
        for (let y = 0; y < n; y++) ss += data[((s0 + y) * w + x) * 3 + ch]! * c.k[kb + y]!;
        out[(yy * w + x) * 3 + ch] = clip8(ss);
      }
    }
  }
  return { width: w, height: outH, data: out };
}

/**
 * PIL's NEAREST resize (Image.resize → ImagingTransform AFFINE → ImagingScaleAffine in
 * libImaging/Geometry.c): source positions start at half a step and accumulate the step in double
 * precision, truncated toward zero; reproduced operation for operation, so the picks are PIL's.
 */
function nearest(img: RgbImage, w: number, h: number): RgbImage {
  const sx = img.width / w;
  const sy = img.height / h;
  const xin = new Int32Array(w);
  let xo = sx * 0.5;
  for (let x = 0; x < w; x++, xo += sx) xin[x] = Math.min(Math.trunc(xo), img.width - 1);
  const out = new Uint8Array(w * h * 3);
  let yo = sy * 0.5;
  for (let y = 0; y < h; y++, yo += sy) {
    const row = Math.min(Math.trunc(yo), img.height - 1) * img.width;
    for (let x = 0; x < w; x++) {
      const s = (row + xin[x]!) * 3;
      const d = (y * w + x) * 3;
      out[d] = img.data[s]!;
      out[d + 1] = img.data[s + 1]!;
      out[d + 2] = img.data[s + 2]!;
    }
  }
  return { width: w, height: h, data: out };
}

/** PIL Image.resize((w, h), filter). */
export function resize(img: RgbImage, w: number, h: number, f: ResampleFilter = 'bilinear'): RgbImage {
  if (f === 'nearest')
    return w === img.width && h === img.height ? { ...img, data: img.data.slice() } : nearest(img, w, h);
  let out = img;
  if (w !== img.width) out = horizontal(out, w, f);
  if (h !== img.height) out = vertical(out, h, f);
  return out === img ? { ...img, data: img.data.slice() } : out;
}

/** torchvision Resize(int): the shorter side becomes `size`, the longer keeps the aspect (truncated). */
export function shorterSideSize(width: number, height: number, size: number): [number, number] {
  if (width <= height) return [size, Math.trunc((size * height) / width)];
  return [Math.trunc((size * width) / height), size];
}

/** Python's round(): halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** torchvision CenterCrop on a PIL image (pads with black when the image is smaller). */
export function centerCrop(img: RgbImage, w: number, h: number): RgbImage {
  const top = roundHalfEven((img.height - h) / 2);
  const left = roundHalfEven((img.width - w) / 2);
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    const sy = y + top;
    if (sy < 0 || sy >= img.height) continue;
    for (let x = 0; x < w; x++) {
      const sx = x + left;
      if (sx < 0 || sx >= img.width) continue;
      const d = (y * w + x) * 3;
      const s = (sy * img.width + sx) * 3;
      out[d] = img.data[s]!;
      out[d + 1] = img.data[s + 1]!;
      out[d + 2] = img.data[s + 2]!;
    }
  }
  return { width: w, height: h, data: out };
}
