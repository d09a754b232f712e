/**
 * The image worker thread: decodes ({ kind: 'decode', bytes, maxPixels } → { image }) and preprocesses
 * ({ kind: 'preprocess', image, recipe } → { pre }), or answers { error }. Both are seconds of work on
 * a large photo, so the engine's event loop stays free; the pool (decode-pool.ts) bounds time and
 * memory and replaces the worker after any failure.
 */
import { parentPort } from 'node:worker_threads';
import { decodeInThread, type DecodedImage } from './decode.js';
import { applyRecipe, type Preprocessed } from './preprocess.js';
import type { Recipe } from '../../shared/recipes.js';
import type { RgbImage } from '../data/image.js';
import { ImageError } from './errors.js';

export type DecodeRequest =
  | { id: number; kind: 'decode'; bytes: Uint8Array; maxPixels: number }
  | { id: number; kind: 'preprocess'; image: RgbImage; recipe: Recipe };

export type DecodeReply =
  | { id: number; image: DecodedImage }
  | { id: number; pre: Preprocessed }
  | {
      id: number;
      error: { code: ImageError['code']; message: string; params: Record<string, string | number> };
    };

const port = parentPort;
if (port) {
  port.on('message', (req: DecodeRequest) => {
    const work: Promise<{ reply: DecodeReply; transfer: ArrayBuffer[] }> =
      req.kind === 'decode'
        ? decodeInThread(req.bytes, { maxPixels: req.maxPixels }).then((image) => ({
            reply: { id: req.id, image },
            transfer: [image.data.buffer as ArrayBuffer],
          }))
        : Promise.resolve(applyRecipe(req.image, req.recipe)).then((pre) => ({
            reply: { id: req.id, pre },
            transfer: [pre.tensor.data.buffer as ArrayBuffer, pre.pixels.data.buffer as ArrayBuffer],
          }));
    work.then(
      ({ reply, transfer }) => port.postMessage(reply, transfer),
      (e: unknown) => {
        const err =
          e instanceof ImageError
            ? { code: e.code, message: e.message, params: e.params }
            : {
                code: 'damaged' as const,
                message: `the image could not be decoded: ${(e as Error).message}`,
                params: {},
              };
        port.postMessage({ id: req.id, error: err } satisfies DecodeReply);
      },
    );
  });
}
