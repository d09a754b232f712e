/**
 * Worker thread that reads Keras HDF5 bytes (keras-zip.ts readKerasHdf5), so a file that sends
 * libhdf5 into an endless loop (a damaged B-tree or object header: h5py hangs on the same bytes)
 * costs a terminated worker instead of a frozen engine. The caller (keras-h5-isolated.ts) owns the
 * time limit. Replies carry the tensors' buffers as transferables, so nothing large is copied.
 */
import { parentPort } from 'node:worker_threads';
import type { KerasLayerConfig } from './keras-zip.js';
import { readKerasHdf5 } from './keras-zip.js';
import { WeightsError, type FileTensor } from './types.js';
import type { KerasH5Content } from './keras-h5.js';

export interface Hdf5Request {
  id: number;
  bytes: Uint8Array;
  label: string;
  config: KerasLayerConfig[] | null;
}

/** KerasH5Content with its Maps as arrays (structured clone keeps Maps, but arrays keep the order explicit). */
export type Hdf5Reply = { id: number } & (
  | {
      ok: true;
      content: Omit<KerasH5Content, 'layers'> & { layers: [string, [string, FileTensor][]][] };
    }
  | {
      ok: false;
      error: { code: WeightsError['code']; message: string; params?: Record<string, string | number> };
    }
);

// One request at a time (the caller waits for each reply), many per worker.
parentPort?.on('message', (req: Hdf5Request) => {
  readKerasHdf5(req.bytes, req.label, req.config).then(
    (c) => {
      const layers = [...c.layers].map(([k, t]) => [k, [...t]] as [string, [string, FileTensor][]]);
      const buffers = new Set<ArrayBuffer>();
      for (const [, t] of layers) for (const [, x] of t) buffers.add(x.data.buffer as ArrayBuffer);
      const reply: Hdf5Reply = { id: req.id, ok: true, content: { ...c, layers } };
      parentPort!.postMessage(reply, [...buffers]);
    },
    (e: unknown) => {
      const reply: Hdf5Reply =
        e instanceof WeightsError
          ? {
              id: req.id,
              ok: false,
              error: { code: e.code, message: e.message, ...(e.params ? { params: e.params } : {}) },
            }
          : {
              id: req.id,
              ok: false,
              error: {
                code: 'format',
                message: `${req.label} could not be read as HDF5 (${e instanceof Error ? e.message.split('\n')[0] : String(e)}).`,
              },
            };
      parentPort!.postMessage(reply);
    },
  );
});
