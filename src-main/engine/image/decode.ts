/**
 * PNG, JPEG and WebP → RGB, as PIL's `Image.open(f).convert('RGB')` gives it (alpha dropped, grey
 * replicated). The header is read first and the pixel limit checked before any decoder runs.
 *
 * `decodeAnyImage` is what the engine calls: it decodes in a worker thread (decode-pool.ts), so a
 * large image never blocks the engine's event loop. `decodeInThread` is the decoding itself (the worker
 * runs it; tests call it directly).
 *
 * PNG: pngjs (pure JS). JPEG and WebP: the WebAssembly codecs of codecs.ts (libjpeg-turbo's decoder as
 * MozJPEG ships it, and libwebp).
 */
import { PNG } from 'pngjs';
import { jpegDecoder, jpegWarnings, webpDecoder, type Rgba } from './codecs.js';
import { ImageError } from './errors.js';
import { checkHeader, sniffFormat, type DecodableFormat, type ImageHeader } from './header.js';
import { composeFirstFrame, firstFrame } from './webp-frame.js';
import type { RgbImage } from '../data/image.js';

export type { RgbImage };
export type ImageFormat = DecodableFormat;

export function sniffImage(b: Uint8Array): ImageFormat | null {
  const f = sniffFormat(b);
  return f === 'gif' ? null : f;
}

export interface DecodedImage extends RgbImage {
  format: ImageFormat;
  /** Animated WebP: how many frames the file has (the image is the first). */
  frames?: number;
}

export type { DecodeOptions } from './header.js';
function rgbaToRgb(src: Uint8Array | Uint8ClampedArray, n: number): Uint8Array {
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    out[i * 3] = src[i * 4]!;
    out[i * 3 + 1] = src[i * 4 + 1]!;
    out[i * 3 + 2] = src[i * 4 + 2]!;
  }
  return out;
}

const copyOut = (b: Uint8Array): ArrayBuffer =>
  b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

async function decodeJpeg(bytes: Uint8Array): Promise<Rgba> {
  const decode = await jpegDecoder();
  jpegWarnings.length = 0;
  let r: Rgba;
  try {
    r = await decode(copyOut(bytes));
  } catch {
    const why = jpegWarnings.at(-1) ?? 'libjpeg could not decode it';
    throw new ImageError('damaged', `the JPEG data is damaged: ${why}`, { format: 'JPEG', why });
  }
  // libjpeg fills a truncated scan with grey and warns; PIL refuses such a file, and so does the app.
  if (jpegWarnings.some((w) => /Premature end of JPEG file/i.test(w)))
    throw new ImageError('damaged', 'the JPEG data is damaged: the file is truncated', {
      format: 'JPEG',
      why: 'truncated',
    });
  return r;
}

/** An animated WebP's first frame on its canvas, as PIL's Image.open(f).convert('RGB') gives it. */
async function decodeAnimatedWebp(bytes: Uint8Array, h: ImageHeader): Promise<DecodedImage> {
  const f = firstFrame(bytes);
  if (f.x + f.width > h.width || f.y + f.height > h.height)
    throw new ImageError('damaged', 'the WebP data is damaged: its first frame lies outside the canvas', {
      format: 'WebP',
    });
  const frame = await decodeWebp(f.still);
  if (frame.width !== f.width || frame.height !== f.height)
    throw new ImageError('damaged', 'the WebP data is damaged: its first frame is not the size it declares', {
      format: 'WebP',
    });
  return {
    width: h.width,
    height: h.height,
    data: composeFirstFrame(frame, f, h),
    format: 'webp',
    frames: h.frames,
  };
}

async function decodeWebp(bytes: Uint8Array): Promise<Rgba> {
  const decode = await webpDecoder();
  try {
    return await decode(copyOut(bytes));
  } catch {
    throw new ImageError('damaged', 'the WebP data is damaged or uses a feature libwebp cannot decode', {
      format: 'WebP',
    });
  }
}

function decodePng(bytes: Uint8Array): { width: number; height: number; data: Uint8Array } {
  try {
    const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return png;
  } catch (e) {
    throw new ImageError('damaged', `the PNG data is damaged: ${(e as Error).message}`, {
      format: 'PNG',
      why: (e as Error).message,
    });
  }
}

/** Decode on the calling thread. Throws ImageError. */
export async function decodeInThread(
  bytes: Uint8Array,
  o: { maxPixels?: number } = {},
): Promise<DecodedImage> {
  const h = checkHeader(bytes, o);
  if (h.animated) return decodeAnimatedWebp(bytes, h);
  const rgba =
    h.format === 'png'
      ? decodePng(bytes)
      : h.format === 'jpeg'
        ? await decodeJpeg(bytes)
        : await decodeWebp(bytes);
  // The decoder's own size is what counts; it must agree with the header that was checked.
  if (rgba.width * rgba.height > h.pixels)
    throw new ImageError(
      'damaged',
      `the ${h.format.toUpperCase()} data is damaged: its size changed while decoding`,
    );
  return {
    width: rgba.width,
    height: rgba.height,
    data: rgbaToRgb(rgba.data, rgba.width * rgba.height),
    format: h.format,
  };
}

export { decodeAnyImage } from './decode-pool.js';
