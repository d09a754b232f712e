/**
 * The WebAssembly decoders, each loaded once per thread from the .wasm file inside its npm package
 * (in Node the Emscripten glue would otherwise fetch it by URL). Both are maintained Squoosh builds,
 * Apache-2.0, that install offline and need no native addon:
 *  - @jsquash/jpeg: MozJPEG's decoder, a libjpeg-turbo fork, with libjpeg's defaults (JDCT_ISLOW
 *    integer IDCT, fancy upsampling): the same bytes as PIL, torchvision and Keras get from libjpeg-turbo
 *    (test/integration/image/jpeg-exact.test.ts checks that against PIL);
 *  - @jsquash/webp: Google's libwebp.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface Rgba {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

type Decode = (buf: ArrayBuffer) => Promise<Rgba>;

interface Codec {
  init(module: WebAssembly.Module, overrides?: Record<string, unknown>): Promise<void>;
  default: Decode;
}

const wasmModule = (spec: string) =>
  new WebAssembly.Module(readFileSync(createRequire(import.meta.url).resolve(spec)));

/** What libjpeg printed during the last decode (its warnings, e.g. "Premature end of JPEG file"). */
export const jpegWarnings: string[] = [];

let jpeg: Promise<Decode> | null = null;
let webp: Promise<Decode> | null = null;

export function jpegDecoder(): Promise<Decode> {
  jpeg ??= (async () => {
    const mod = (await import('@jsquash/jpeg/decode.js')) as unknown as Codec;
    // libjpeg's emit_message goes to printErr; kept, so truncation can be refused as PIL does.
    const printErr = (s: string) => jpegWarnings.push(String(s));
    await mod.init(wasmModule('@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm'), { printErr, print: printErr });
    return mod.default;
  })();
  return jpeg;
}

export function webpDecoder(): Promise<Decode> {
  webp ??= (async () => {
    const mod = (await import('@jsquash/webp/decode.js')) as unknown as Codec;
    await mod.init(wasmModule('@jsquash/webp/codec/dec/webp_dec.wasm'));
    return mod.default;
  })();
  return webp;
}
