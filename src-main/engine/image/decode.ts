/**
 * PNG, JPEG and WebP → RGB. PNG and JPEG use the pure-JS decoders of engine/data/image.ts (pngjs,
 * jpeg-js). WebP uses @jsquash/webp: Google's libwebp (the Squoosh build) compiled to WebAssembly,
 * maintained, Apache-2.0, and its .wasm ships inside the npm package, so it installs offline and
 * needs no native addon; in Node the .wasm is read from disk and compiled here (it would otherwise
 * be fetched by URL). Alpha is dropped, as PIL's convert('RGB') does.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { decodeImage, type RgbImage } from '../data/image.js';

export type { RgbImage };
export type ImageFormat = 'png' | 'jpeg' | 'webp';

export const isWebp = (b: Uint8Array): boolean =>
  b.length > 12 &&
  b[0] === 0x52 &&
  b[1] === 0x49 &&
  b[2] === 0x46 &&
  b[3] === 0x46 &&
  b[8] === 0x57 &&
  b[9] === 0x45 &&
  b[10] === 0x42 &&
  b[11] === 0x50;

export function sniffImage(b: Uint8Array): ImageFormat | null {
  if (b.length > 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'png';
  if (b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (isWebp(b)) return 'webp';
  return null;
}

type WebpDecode = (buf: ArrayBuffer) => Promise<{ width: number; height: number; data: Uint8ClampedArray }>;
let webp: Promise<WebpDecode> | null = null;

function webpDecoder(): Promise<WebpDecode> {
  webp ??= (async () => {
    const mod = await import('@jsquash/webp/decode.js');
    const wasmPath = createRequire(import.meta.url).resolve('@jsquash/webp/codec/dec/webp_dec.wasm');
    await mod.init(new WebAssembly.Module(readFileSync(wasmPath)));
    return mod.default as unknown as WebpDecode;
  })();
  return webp;
}

export interface DecodedImage extends RgbImage {
  format: ImageFormat;
}

/** Decode by magic bytes. Throws a one-line reason for anything else. */
export async function decodeAnyImage(bytes: Uint8Array): Promise<DecodedImage> {
  const format = sniffImage(bytes);
  if (!format) throw new Error('not a PNG, JPEG or WebP image');
  if (format !== 'webp') {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    try {
      return { ...decodeImage(buf), format };
    } catch (e) {
      throw new Error(`the ${format.toUpperCase()} data is damaged: ${(e as Error).message}`);
    }
  }
  const decode = await webpDecoder();
  let rgba: { width: number; height: number; data: Uint8ClampedArray };
  try {
    rgba = await decode(bytes.slice().buffer);
  } catch {
    throw new Error('the WebP data is damaged or uses a feature libwebp cannot decode');
  }
  const n = rgba.width * rgba.height;
  const data = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    data[i * 3] = rgba.data[i * 4]!;
    data[i * 3 + 1] = rgba.data[i * 4 + 1]!;
    data[i * 3 + 2] = rgba.data[i * 4 + 2]!;
  }
  return { width: rgba.width, height: rgba.height, data, format };
}
