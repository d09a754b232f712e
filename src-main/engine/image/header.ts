/**
 * An image's format and size from its first bytes, before anything is decoded, so a file that declares
 * a billion pixels in a kilobyte (a decompression bomb) is refused in microseconds instead of filling
 * memory for minutes. Only the headers are parsed here; the decoders check the rest.
 *
 * Formats, each from its spec:
 *  - PNG: signature, then the IHDR chunk (width, height: 4-byte big-endian) — https://www.w3.org/TR/png-3/#11IHDR
 *  - JPEG: markers up to the first SOFn segment (P, Y, X, Nf) — ITU-T T.81 Annex B.1.1.3 and B.2.2,
 *    https://www.w3.org/Graphics/JPEG/itu-t81.pdf
 *  - WebP: the RIFF container's chunks (VP8X canvas, ANMF frames) —
 *    https://developers.google.com/speed/webp/docs/riff_container ; lossy 'VP8 ' frame header —
 *    RFC 6386 §9.1 (https://datatracker.ietf.org/doc/html/rfc6386#section-9.1) ; lossless 'VP8L' header —
 *    https://developers.google.com/speed/webp/docs/webp_lossless_bitstream_specification#3_riff_header
 *  - GIF: the logical screen descriptor — https://www.w3.org/Graphics/GIF/spec-gif89a.txt (§18); GIF is
 *    recognised only so that it is refused by name.
 */
import { ImageError } from './errors.js';

export type HeaderFormat = 'png' | 'jpeg' | 'webp' | 'gif';

export interface ImageHeader {
  format: HeaderFormat;
  width: number;
  height: number;
  /** The most pixels any one picture of the file declares (a WebP frame may claim more than the canvas). */
  pixels: number;
  /** WebP only: an animation (VP8X animation flag), with its number of ANMF frames. */
  animated?: boolean;
  frames?: number;
}

/** About 50 megapixels unless INCEPTION_MAX_PIXELS says otherwise (a 7,000 × 7,000 photo fits). */
export const DEFAULT_MAX_PIXELS = 50_000_000;

export function maxPixels(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.INCEPTION_MAX_PIXELS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_MAX_PIXELS;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new ImageError(
      'too_large',
      `INCEPTION_MAX_PIXELS must be a positive whole number of pixels, not '${raw}'.`,
    );
  return n;
}

const be16 = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const be32 = (b: Uint8Array, i: number) =>
  ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;
const le16 = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
export const le24 = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
export const le32 = (b: Uint8Array, i: number) => (le24(b, i) + (b[i + 3]! << 24)) >>> 0;
export const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

const damaged = (format: string, why: string) =>
  new ImageError('damaged', `the ${format} data is damaged: ${why}`, { format, why });

export const isPngSignature = (b: Uint8Array): boolean =>
  b.length >= 8 && be32(b, 0) === 0x89504e47 && be32(b, 4) === 0x0d0a1a0a;
export const isJpegSignature = (b: Uint8Array): boolean =>
  b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
export const isWebpSignature = (b: Uint8Array): boolean =>
  b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP';
export const isGifSignature = (b: Uint8Array): boolean =>
  b.length >= 6 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a');

export function sniffFormat(b: Uint8Array): HeaderFormat | null {
  if (isPngSignature(b)) return 'png';
  if (isJpegSignature(b)) return 'jpeg';
  if (isWebpSignature(b)) return 'webp';
  if (isGifSignature(b)) return 'gif';
  return null;
}

function pngHeader(b: Uint8Array): ImageHeader {
  // IHDR must be the first chunk: length 13, type 'IHDR', then width and height.
  if (b.length < 8 + 8 + 8) throw damaged('PNG', 'the file ends inside its IHDR header');
  if (ascii(b, 12, 4) !== 'IHDR') throw damaged('PNG', 'the first chunk is not IHDR');
  const width = be32(b, 16);
  const height = be32(b, 20);
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff)
    throw damaged('PNG', `IHDR declares an invalid size ${width}×${height}`);
  return { format: 'png', width, height, pixels: width * height };
}

/** Start-of-frame markers: C0–CF except DHT (C4), JPG (C8) and DAC (CC). */
const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

function jpegHeader(b: Uint8Array): ImageHeader {
  let i = 2;
  for (;;) {
    while (i < b.length && b[i] !== 0xff) i++; // garbage between segments: libjpeg skips it too
    while (i < b.length && b[i] === 0xff) i++; // fill bytes
    if (i >= b.length) throw damaged('JPEG', 'the file ends before its frame header (SOF)');
    const m = b[i++]!;
    if (m === 0x01 || (m >= 0xd0 && m <= 0xd7)) continue; // TEM, RSTn: no length
    if (m === 0xd9 || m === 0xda) throw damaged('JPEG', 'image data starts before its frame header (SOF)');
    if (i + 2 > b.length) throw damaged('JPEG', 'the file ends inside a marker segment');
    const len = be16(b, i);
    if (len < 2) throw damaged('JPEG', `a marker segment has length ${len}`);
    if (isSof(m)) {
      if (i + 7 > b.length) throw damaged('JPEG', 'the file ends inside its frame header');
      const height = be16(b, i + 3);
      const width = be16(b, i + 5);
      if (height === 0)
        throw damaged('JPEG', 'its height is given in a DNL marker, which libjpeg does not support');
      if (width === 0) throw damaged('JPEG', 'its frame header declares a width of 0');
      return { format: 'jpeg', width, height, pixels: width * height };
    }
    i += len;
  }
}

export interface WebpChunk {
  fourcc: string;
  /** Offset of the payload. */
  at: number;
  size: number;
}

/** The chunks of a RIFF payload between `from` and `end` (payloads are padded to even sizes). */
export function webpChunks(b: Uint8Array, from: number, end: number): WebpChunk[] {
  const out: WebpChunk[] = [];
  let i = from;
  while (i + 8 <= end) {
    const size = le32(b, i + 4);
    out.push({ fourcc: ascii(b, i, 4), at: i + 8, size });
    i += 8 + size + (size & 1);
  }
  return out;
}

/** Width and height a VP8 / VP8L bitstream chunk declares (what libwebp will allocate). */
function bitstreamSize(b: Uint8Array, c: WebpChunk): [number, number] | null {
  if (c.fourcc === 'VP8 ') {
    if (c.at + 10 > b.length) throw damaged('WebP', 'the file ends inside its VP8 frame header');
    if (b[c.at + 3] !== 0x9d || b[c.at + 4] !== 0x01 || b[c.at + 5] !== 0x2a)
      throw damaged('WebP', 'the VP8 start code is missing');
    return [le16(b, c.at + 6) & 0x3fff, le16(b, c.at + 8) & 0x3fff];
  }
  if (c.fourcc === 'VP8L') {
    if (c.at + 5 > b.length) throw damaged('WebP', 'the file ends inside its VP8L header');
    if (b[c.at] !== 0x2f) throw damaged('WebP', 'the VP8L signature is missing');
    const bits = le32(b, c.at + 1);
    return [(bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1];
  }
  return null;
}

function webpHeader(b: Uint8Array): ImageHeader {
  const end = Math.min(b.length, 8 + le32(b, 4));
  const chunks = webpChunks(b, 12, end);
  const first = chunks[0];
  if (!first) throw damaged('WebP', 'the RIFF container holds no chunk');
  let width: number;
  let height: number;
  let animated = false;
  let frames = 0;
  if (first.fourcc === 'VP8X') {
    if (first.at + 10 > b.length) throw damaged('WebP', 'the file ends inside its VP8X header');
    animated = (b[first.at]! & 0x02) !== 0;
    width = le24(b, first.at + 4) + 1;
    height = le24(b, first.at + 7) + 1;
  } else {
    const s = bitstreamSize(b, first);
    if (!s) throw damaged('WebP', `its first chunk is '${first.fourcc}', not VP8, VP8L or VP8X`);
    [width, height] = s;
  }
  // Every bitstream (and every animation frame) is checked too: the canvas size alone could lie.
  let largest = width * height;
  for (const c of chunks) {
    const inner = c.fourcc === 'ANMF' ? webpChunks(b, c.at + 16, Math.min(c.at + c.size, end)) : [c];
    if (c.fourcc === 'ANMF') {
      frames++;
      if (c.at + 12 <= b.length)
        largest = Math.max(largest, (le24(b, c.at + 6) + 1) * (le24(b, c.at + 9) + 1));
    }
    for (const s of inner.map((x) => bitstreamSize(b, x))) if (s) largest = Math.max(largest, s[0] * s[1]);
  }
  if (width === 0 || height === 0) throw damaged('WebP', `it declares an invalid size ${width}×${height}`);
  const h: ImageHeader = { format: 'webp', width, height, pixels: largest };
  if (animated) Object.assign(h, { animated, frames });
  return h;
}

/** Format and declared size. Throws ImageError ('format' for anything unrecognised, 'damaged'). */
export function readImageHeader(b: Uint8Array): ImageHeader {
  const format = sniffFormat(b);
  switch (format) {
    case 'png':
      return pngHeader(b);
    case 'jpeg':
      return jpegHeader(b);
    case 'webp':
      return webpHeader(b);
    case 'gif':
      return { format: 'gif', width: le16(b, 6), height: le16(b, 8), pixels: le16(b, 6) * le16(b, 8) };
    default:
      throw new ImageError(
        'format',
        'it is not a PNG, JPEG or WebP image (the first bytes match none of them)',
      );
  }
}

/** Throws 'too_large' when the header declares more than `limit` pixels. */
export function checkPixelLimit(h: ImageHeader, limit: number = maxPixels()): void {
  const px = h.pixels;
  if (px <= limit) return;
  const size = (n: number) =>
    n >= 1e7
      ? `${(n / 1e6).toFixed(0)} MP`
      : n >= 1e5
        ? `${Number((n / 1e6).toPrecision(2))} MP`
        : `${n} pixels`;
  const what =
    px === h.width * h.height
      ? `${h.width}×${h.height} pixels`
      : `a ${h.width}×${h.height} canvas holding a larger picture`;
  throw new ImageError(
    'too_large',
    `it declares ${what} (${size(px)}), more than the ${size(limit)} the app decodes; scale it down first, or raise the limit with INCEPTION_MAX_PIXELS`,
    { width: h.width, height: h.height, size: size(px), limit: size(limit) },
  );
}

/** The formats the app decodes. */
export type DecodableFormat = 'png' | 'jpeg' | 'webp';

export interface DecodeOptions {
  /** Refuse images whose header declares more pixels (default: maxPixels(), about 50 MP). */
  maxPixels?: number;
}

/** Header checks shared by the worker and the caller: format known and decodable, size within the limit. */
export function checkHeader(
  bytes: Uint8Array,
  o: DecodeOptions = {},
): ImageHeader & { format: DecodableFormat } {
  const h = readImageHeader(bytes);
  if (h.format === 'gif')
    throw new ImageError(
      'format',
      'GIF images are not supported (only PNG, JPEG and WebP); save it as a PNG first',
      { format: 'GIF' },
    );
  checkPixelLimit(h, o.maxPixels ?? maxPixels());
  return h as ImageHeader & { format: DecodableFormat };
}
