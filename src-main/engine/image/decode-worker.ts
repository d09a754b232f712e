/**
 * The decode worker thread: receives { id, bytes, maxPixels }, answers { id, image } or { id, error }.
 * It runs decodeInThread, so the engine's event loop stays free while a large image decodes; the pool
 * (decode-pool.ts) bounds its time and memory and replaces it after any failure.
 */
import { parentPort } from 'node:worker_threads';
import { decodeInThread, type DecodedImage } from './decode.js';
import { ImageError } from './errors.js';

export interface DecodeRequest {
  id: number;
  bytes: Uint8Array;
  maxPixels: number;
}

export type DecodeReply =
  | { id: number; image: DecodedImage }
  | {
      id: number;
      error: { code: ImageError['code']; message: string; params: Record<string, string | number> };
    };

const port = parentPort;
if (port) {
  port.on('message', (req: DecodeRequest) => {
    decodeInThread(req.bytes, { maxPixels: req.maxPixels }).then(
      (image) =>
        port.postMessage({ id: req.id, image } satisfies DecodeReply, [image.data.buffer as ArrayBuffer]),
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
