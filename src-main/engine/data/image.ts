/**
 * Decoding and resampling for data sets. PNG and JPEG decode with pngjs and jpeg-js: both pure JS and
 * synchronous, so they run in the engine process, in worker threads and in Electron without a native addon
 * (training here reads small images, decoded once). The header is read first (engine/image/header.ts) and
 * an image over the pixel limit is refused before anything is allocated; `imageSize` gives a folder walk
 * every image's size without decoding it, and `decodeImageResized` keeps only the stored size, so a
 * folder never holds its images at full size all at once.
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { ImageError } from '../image/errors.js';
import { checkPixelLimit, maxPixels, readImageHeader } from '../image/header.js';

export interface RgbImage {
  width: number;
  height: number;
  /** width × height × 3, uint8. */
  data: Uint8Array;
}

/** Width and height from the header alone (PNG or JPEG); throws ImageError for anything else. */
export function imageSize(buf: Uint8Array): { width: number; height: number } {
  const h = readImageHeader(buf);
  if (h.format !== 'png' && h.format !== 'jpeg')
    throw new ImageError(
      'format',
      `${h.format.toUpperCase()} images are not used for training (only PNG and JPEG)`,
    );
  return { width: h.width, height: h.height };
}

/**
 * Decode a PNG or JPEG (by its magic bytes) to RGB. Throws ImageError with a short reason on anything
 * else, and 'too_large' when the header declares more than `limit` pixels (default: maxPixels()).
 */
export function decodeImage(buf: Buffer, limit: number = maxPixels()): RgbImage {
  const h = readImageHeader(buf);
  checkPixelLimit(h, limit);
  try {
    if (h.format === 'png') {
      const png = PNG.sync.read(buf);
      return { width: png.width, height: png.height, data: dropAlpha(png.data, png.width * png.height) };
    }
    if (h.format === 'jpeg') {
      const j = jpeg.decode(buf, {
        useTArray: true,
        formatAsRGBA: false,
        maxResolutionInMP: limit / 1e6,
        maxMemoryUsageInMB: 1024,
      });
      const n = j.width * j.height;
      // Greyscale JPEGs come back as one channel in some versions; normalise to three.
      if (j.data.length === n) return { width: j.width, height: j.height, data: grayToRgb(j.data) };
      return { width: j.width, height: j.height, data: j.data.subarray(0, n * 3) };
    }
  } catch (e) {
    throw new ImageError('damaged', `the ${h.format.toUpperCase()} data is damaged: ${(e as Error).message}`);
  }
  throw new ImageError(
    'format',
    `${h.format.toUpperCase()} images are not used for training (only PNG and JPEG)`,
  );
}

/** Decode and resample straight to the stored size, so only one full-size image is alive at a time. */
export function decodeImageResized(buf: Buffer, h: number, w: number, limit?: number): Uint8Array {
  return resizeRgb(decodeImage(buf, limit), h, w);
}

function dropAlpha(rgba: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    out[i * 3] = rgba[i * 4];
    out[i * 3 + 1] = rgba[i * 4 + 1];
    out[i * 3 + 2] = rgba[i * 4 + 2];
  }
  return out;
}

function grayToRgb(g: Uint8Array): Uint8Array {
  const out = new Uint8Array(g.length * 3);
  for (let i = 0; i < g.length; i++) out[i * 3] = out[i * 3 + 1] = out[i * 3 + 2] = g[i];
  return out;
}

export interface Crop {
  y: number;
  x: number;
  h: number;
  w: number;
}

/**
 * Bilinear resample of the crop of an HWC uint8 image to outH × outW, written as floats in [-1, 1]
 * (the Inception preprocessing) into `out` at `offset`, with `outC` channels (1 → 3 replicates grey).
 * Pixel centres are aligned (half-pixel convention, like tf.image.resize with half_pixel_centers).
 */
export function resampleToFloat(
  src: Uint8Array,
  srcOffset: number,
  srcH: number,
  srcW: number,
  srcC: number,
  crop: Crop,
  outH: number,
  outW: number,
  outC: number,
  flip: boolean,
  out: Float32Array,
  offset: number,
): void {
  const sy = crop.h / outH;
  const sx = crop.w / outW;
  // Per output column: its two source columns (as offsets within a row) and weight, flip applied.
  const c0 = new Int32Array(outW);
  const c1 = new Int32Array(outW);
  const cw = new Float64Array(outW);
  for (let ox = 0; ox < outW; ox++) {
    const tx = flip ? outW - 1 - ox : ox;
    const fx = Math.min(Math.max(crop.x + (tx + 0.5) * sx - 0.5, 0), srcW - 1);
    const x0 = Math.floor(fx);
    c0[ox] = x0 * srcC;
    c1[ox] = Math.min(x0 + 1, srcW - 1) * srcC;
    cw[ox] = fx - x0;
  }
  for (let oy = 0; oy < outH; oy++) {
    const fy = Math.min(Math.max(crop.y + (oy + 0.5) * sy - 0.5, 0), srcH - 1);
    const y0 = Math.floor(fy);
    const r0 = srcOffset + y0 * srcW * srcC;
    const r1 = srcOffset + Math.min(y0 + 1, srcH - 1) * srcW * srcC;
    const wy = fy - y0;
    for (let ox = 0; ox < outW; ox++) {
      const a = c0[ox]!;
      const b = c1[ox]!;
      const wx = cw[ox]!;
      const o = offset + (oy * outW + ox) * outC;
      for (let c = 0; c < outC; c++) {
        const sc = srcC === 1 ? 0 : c % srcC;
        const top = src[r0 + a + sc]! * (1 - wx) + src[r0 + b + sc]! * wx;
        const bot = src[r1 + a + sc]! * (1 - wx) + src[r1 + b + sc]! * wx;
        out[o + c] = (top * (1 - wy) + bot * wy) / 127.5 - 1;
      }
    }
  }
}

/** Bilinear resize of an RGB uint8 image (used when decoding folders to one storage size). */
export function resizeRgb(img: RgbImage, h: number, w: number): Uint8Array {
  if (img.height === h && img.width === w) return img.data;
  const f = new Float32Array(h * w * 3);
  resampleToFloat(
    img.data,
    0,
    img.height,
    img.width,
    3,
    { y: 0, x: 0, h: img.height, w: img.width },
    h,
    w,
    3,
    false,
    f,
    0,
  );
  const out = new Uint8Array(h * w * 3);
  for (let i = 0; i < f.length; i++) out[i] = Math.round((f[i] + 1) * 127.5);
  return out;
}
