/**
 * Keras HDF5 weight files (model.save_weights / model.save in the legacy .h5 format), read with
 * h5wasm: the reference HDF5 C library compiled to WebAssembly, so every layout and filter h5py
 * writes (contiguous, chunked, gzip; superblock v0 to v3) reads exactly as Python reads it, and in
 * Node it reads from disk, loading only the datasets asked for (the Inception-ResNet-v2 file is
 * 215 MB). jsfive, the pure-JS alternative, re-implements the format and covers less of it.
 *
 * Layout (e.g. inception_v3_weights_tf_dim_ordering_tf_kernels.h5): the root (or its
 * 'model_weights' group) has attribute `layer_names`; each layer group has `weight_names`
 * (e.g. 'conv2d_1/kernel:0') and holds those datasets at <layer>/<weight name>.
 */
import { open, stat } from 'node:fs/promises';
import { WeightsError, fmtShape, numel, type FileTensors } from './types.js';

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

export const isHdf5 = (b: Uint8Array): boolean => SIGNATURE.every((x, i) => b[i] === x);

export interface KerasH5Content {
  /** Layer name → its weights as 'kernel' / 'bias' / 'gamma' / ... (the part after the last '/', without ':0'). */
  layers: Map<string, FileTensors>;
  /** Layer names in the file's order (for reports). */
  order: string[];
  kerasVersion?: string;
}

/**
 * HDF5 stores the file's end address in its superblock. Checking it first turns a cut-short download
 * into a plain message instead of a libhdf5 error stack.
 */
export async function checkHdf5Complete(path: string): Promise<void> {
  const size = (await stat(path)).size;
  const fh = await open(path, 'r');
  try {
    // The superblock sits at 0, 512, 1024, 2048, ... (a user block may precede it).
    for (let at = 0; at < Math.min(size, 1 << 20); at = at === 0 ? 512 : at * 2) {
      const b = Buffer.alloc(64);
      await fh.read(b, 0, 64, at);
      if (!isHdf5(b)) continue;
      const version = b[8]!;
      let o: number;
      let so: number;
      if (version === 0 || version === 1) {
        so = b[13]!;
        o = version === 0 ? 24 : 28;
      } else {
        so = b[9]!;
        o = 12;
      }
      const read = (k: number) =>
        so === 8 ? Number(b.readBigUInt64LE(o + k * so)) : b.readUInt32LE(o + k * so);
      const undefinedAddr = so === 8 ? b.readBigUInt64LE(o + 2 * so) === 0xffffffffffffffffn : false;
      // v0/1: base, free-space, end-of-file, driver; v2/3: base, extension, end-of-file, root.
      const base = read(0);
      const eof = read(2);
      if (!undefinedAddr && base + eof > size) {
        throw new WeightsError(
          'truncated',
          `${path} is truncated: the HDF5 header says the file ends at byte ${base + eof}, but it has ${size} bytes. Download it again.`,
        );
      }
      return;
    }
    throw new WeightsError('format', `${path} is not an HDF5 file (no HDF5 signature).`);
  } finally {
    await fh.close();
  }
}

type H5 = typeof import('h5wasm/node');
let h5: Promise<H5> | null = null;

async function h5wasm(): Promise<H5> {
  h5 ??= import('h5wasm/node').then(async (m) => {
    await m.ready;
    return m;
  });
  return h5;
}

const strings = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === null || v === undefined ? [] : [v]).map((x) =>
    typeof x === 'string' ? x : x instanceof Uint8Array ? new TextDecoder().decode(x) : String(x),
  );

/** 'conv2d_1/kernel:0' → 'kernel'; 'batch_normalization_1/moving_mean:0' → 'moving_mean'. */
export const weightKey = (weightName: string): string => weightName.split('/').pop()!.replace(/:\d+$/, '');

export async function readKerasH5(path: string): Promise<KerasH5Content> {
  await checkHdf5Complete(path);
  const m = await h5wasm();
  let file: InstanceType<H5['File']>;
  try {
    file = new m.File(path, 'r');
  } catch (e) {
    throw new WeightsError('format', `${path} could not be opened as HDF5: ${(e as Error).message}`);
  }
  try {
    const rootAttr = file.attrs.layer_names
      ? file
      : (file.get('model_weights') as InstanceType<H5['Group']> | null);
    if (!rootAttr || !rootAttr.attrs.layer_names) {
      throw new WeightsError(
        'format',
        `${path} is HDF5 but not a Keras weights file: it has no 'layer_names' attribute (Keras 3 '.weights.h5' files are not supported; save with the legacy .h5 format).`,
      );
    }
    const order = strings(rootAttr.attrs.layer_names!.value);
    const kv = file.attrs.keras_version?.value;
    const layers = new Map<string, FileTensors>();
    for (const layer of order) {
      const g = rootAttr.get(layer) as InstanceType<H5['Group']> | null;
      if (!g)
        throw new WeightsError(
          'format',
          `${path}: layer '${layer}' is listed in layer_names but has no group.`,
        );
      const names = strings(g.attrs.weight_names?.value);
      if (names.length === 0) continue;
      const t: FileTensors = new Map();
      for (const wn of names) {
        const d = g.get(wn) as InstanceType<H5['Dataset']> | null;
        if (!d || !(d instanceof m.Dataset))
          throw new WeightsError('format', `${path}: dataset '${layer}/${wn}' is listed but missing.`);
        const shape = d.shape ?? [];
        const raw = d.value;
        if (!ArrayBuffer.isView(raw) || raw instanceof BigInt64Array || raw instanceof BigUint64Array) {
          throw new WeightsError(
            'format',
            `${path}: dataset '${layer}/${wn}' is not a float array (dtype ${JSON.stringify(d.dtype)}).`,
          );
        }
        const arr = raw as unknown as ArrayLike<number>;
        if (arr.length !== numel(shape)) {
          throw new WeightsError(
            'truncated',
            `${path}: dataset '${layer}/${wn}' ${fmtShape(shape)} returned ${arr.length} values; the file is damaged.`,
          );
        }
        const data = arr instanceof Float32Array ? arr : Float32Array.from(arr);
        const key = weightKey(wn);
        t.set(key, { name: `${layer}/${wn}`, shape: [...shape], data });
      }
      layers.set(layer, t);
    }
    return { layers, order, ...(kv ? { kerasVersion: strings(kv)[0] } : {}) };
  } catch (e) {
    if (e instanceof WeightsError) throw e;
    throw new WeightsError(
      'format',
      `${path} could not be read as a Keras weights file: ${(e as Error).message}`,
    );
  } finally {
    file.close();
  }
}
