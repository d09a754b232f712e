/**
 * Uploads weights files to the engine (weights.upload): a small set in one message, a larger one in
 * chunks, because the web server caps a WebSocket message (64 MB) and a published Inception weights
 * file is up to ~230 MB. Files are read one chunk at a time, so the page never holds a whole file.
 */
import type { WeightsUploadResult } from '../../../src-main/shared/protocol/index.js';
import type { Api } from './types.js';

/** One call below this total; chunks of this size above it (well under the server's 64 MB cap). */
export const WHOLE_UPLOAD_MAX = 32 * 1024 * 1024;
export const UPLOAD_CHUNK_BYTES = 16 * 1024 * 1024;

/** What a File gives us (a Blob with a name); tests pass their own. */
export interface UploadFile {
  name: string;
  size: number;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface UploadOptions {
  signal?: AbortSignal;
  /** Bytes sent so far, of the total. */
  onProgress?: (done: number, total: number) => void;
  chunkBytes?: number;
  wholeMax?: number;
}

export async function uploadWeightsFiles(
  api: Pick<Api, 'request'>,
  files: UploadFile[],
  opts: UploadOptions = {},
): Promise<WeightsUploadResult> {
  const total = files.reduce((a, f) => a + f.size, 0);
  const signal = opts.signal;
  if (total <= (opts.wholeMax ?? WHOLE_UPLOAD_MAX)) {
    const data = await Promise.all(files.map(async (f) => ({ name: f.name, data: await f.arrayBuffer() })));
    const r = await api.request('weights.upload', { files: data }, { signal });
    opts.onProgress?.(total, total);
    return r;
  }
  const step = opts.chunkBytes ?? UPLOAD_CHUNK_BYTES;
  let r = await api.request(
    'weights.upload',
    { manifest: files.map((f) => ({ name: f.name, size: f.size })) },
    { signal },
  );
  const upload = r.upload;
  let done = 0;
  for (const f of files) {
    for (let offset = 0; offset < f.size; offset += step) {
      signal?.throwIfAborted();
      const data = await f.slice(offset, Math.min(offset + step, f.size)).arrayBuffer();
      r = await api.request('weights.upload', { upload, chunk: { name: f.name, offset, data } }, { signal });
      done += data.byteLength;
      opts.onProgress?.(done, total);
    }
  }
  if (!r.complete) throw new Error('The upload ended before the engine had every byte; try again.');
  return r;
}
