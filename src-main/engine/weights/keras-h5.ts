/**
 * Keras HDF5 files, read with h5wasm: the reference HDF5 C library compiled to WebAssembly, so every
 * layout and filter h5py writes (contiguous, chunked, gzip; superblock v0 to v3) reads exactly as
 * Python reads it. jsfive, the pure-JS alternative, re-implements the format and covers less of it.
 *
 * The file is read into memory and handed to h5wasm's in-memory file system (MEMFS) under a private
 * name; the real file system is never mounted. So HDF5 features that point outside the file find
 * nothing: external storage (a dataset whose bytes live in another file, e.g. /etc/passwd) and
 * external links. Both are also detected and refused: an external link by its type, external storage
 * because libhdf5 has to open another path to read it, which the FS hook below sees and stops.
 * Spec: https://support.hdfgroup.org/documentation/hdf5/latest/_f_m_t3.html (External Data Files
 * message, IV.A.2.g; external links, IV.A.2.q).
 *
 * This module reads the legacy Keras layout (Keras 2 and Keras 3 `model.save('x.h5')` /
 * `save_weights('x.h5')`, the keras.applications files): the root (or its 'model_weights' group) has
 * attribute `layer_names`; each layer group has `weight_names` (e.g. 'conv2d_1/kernel:0') and holds
 * those datasets at <layer>/<weight name>. Keras writes `weight_names` of a layer without weights as
 * an empty float64 array, not an empty string array. keras-zip.ts reads the Keras 3 layout.
 * Keras' writer: keras/src/legacy/saving/legacy_h5_format.py (save_weights_to_hdf5_group).
 */
import { basename } from 'node:path';
import { FileAccessError, readRegularFile } from '../fs/safe-file.js';
import { WeightsError, fmtShape, numel, type FileTensors } from './types.js';

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

export const isHdf5 = (b: Uint8Array): boolean => SIGNATURE.every((x, i) => b[i] === x);

/** The largest weights file read into memory (Inception-ResNet-v2 in Keras is 215 MB). */
export const MAX_WEIGHTS_BYTES = 2 ** 31 - 1;

export interface KerasH5Content {
  /** Layer name → its weights as 'kernel' / 'bias' / 'gamma' / ... (the part after the last '/', without ':0'). */
  layers: Map<string, FileTensors>;
  /** Layer names in the file's order (for reports). */
  order: string[];
  kerasVersion?: string;
  /** Which Keras container the weights came from, for the label; absent for TF.js. */
  container?: 'keras-h5' | 'keras-weights-h5' | 'keras';
  /** Things the user should know that did not stop the read (e.g. float64 converted). */
  notes?: string[];
}

/**
 * HDF5 stores the file's end address in its superblock. Checking it first turns a cut-short download
 * into a plain message instead of a libhdf5 error stack.
 */
export function checkHdf5Complete(buf: Uint8Array, label: string): void {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const size = b.length;
  // The superblock sits at 0, 512, 1024, 2048, ... (a user block may precede it).
  for (let at = 0; at + 64 <= size && at < 1 << 20; at = at === 0 ? 512 : at * 2) {
    if (!isHdf5(b.subarray(at, at + 8))) continue;
    const version = b[at + 8]!;
    let o: number;
    let so: number;
    if (version === 0 || version === 1) {
      so = b[at + 13]!;
      o = at + (version === 0 ? 24 : 28);
    } else {
      so = b[at + 9]!;
      o = at + 12;
    }
    if (so !== 4 && so !== 8) break;
    const read = (k: number) =>
      so === 8 ? Number(b.readBigUInt64LE(o + k * so)) : b.readUInt32LE(o + k * so);
    const undefinedAddr = so === 8 ? b.readBigUInt64LE(o + 2 * so) === 0xffffffffffffffffn : false;
    // v0/1: base, free-space, end-of-file, driver; v2/3: base, extension, end-of-file, root.
    const base = read(0);
    const eof = read(2);
    if (!undefinedAddr && base + eof > size) {
      throw new WeightsError(
        'truncated',
        `${label} is truncated: the HDF5 header says the file ends at byte ${base + eof}, but it has ${size} bytes. Download it again.`,
      );
    }
    return;
  }
  throw new WeightsError('format', `${label} is not an HDF5 file (no HDF5 superblock).`);
}

type H5 = typeof import('h5wasm');
export type H5File = InstanceType<H5['File']>;
export type H5Group = InstanceType<H5['Group']>;
export type H5Dataset = InstanceType<H5['Dataset']>;

/** Paths libhdf5 may open in MEMFS: only the files this module wrote there. */
const allowed = new Set<string>();
/** A path outside `allowed` that libhdf5 tried to open during the current read. */
let escaped: string | null = null;
let h5: Promise<H5> | null = null;

/** h5wasm's browser build: its FS is MEMFS only (the Node build reads the real disk). */
export async function h5wasm(): Promise<H5> {
  h5 ??= import('h5wasm').then(async (m) => {
    await m.ready;
    const fs = m.FS as unknown as {
      open: (path: string, ...rest: unknown[]) => unknown;
      mkdir: (p: string) => void;
      ErrnoError: new (errno: number) => Error;
    };
    const open = fs.open.bind(fs);
    // libhdf5 looks for filter plugins (an unknown compression) in these folders; MEMFS has none.
    const plugins = m.Module.get_plugin_search_paths();
    fs.open = (path: string, ...rest: unknown[]) => {
      const p = String(path);
      if (!allowed.has(p) && !plugins.some((dir) => p === dir || p.startsWith(`${dir}/`))) {
        escaped ??= p;
        // ENOENT for libhdf5: nothing outside the file is ever opened.
        throw new fs.ErrnoError(44);
      }
      return open(path, ...rest);
    };
    fs.mkdir('/weights');
    return m;
  });
  return h5;
}

let counter = 0;

/** An open in-memory HDF5 file and what the read found outside it. */
export interface Hdf5Handle {
  m: H5;
  file: H5File;
  label: string;
  /** Throws the refusal if libhdf5 tried to open another file since the last call. */
  checkEscape(what: string): void;
}

/**
 * Opens HDF5 bytes in MEMFS and runs `fn`; the in-memory copy is always removed. `label` is the
 * file name the user chose, used in messages.
 */
export async function withHdf5<T>(
  bytes: Uint8Array,
  label: string,
  fn: (h: Hdf5Handle) => T | Promise<T>,
): Promise<T> {
  checkHdf5Complete(bytes, label);
  const m = await h5wasm();
  const fs = m.FS as unknown as { writeFile(p: string, d: Uint8Array): void; unlink(p: string): void };
  const path = `/weights/${process.pid}-${++counter}-${Math.random().toString(36).slice(2)}.h5`;
  allowed.add(path);
  fs.writeFile(path, bytes);
  escaped = null;
  let file: H5File | undefined;
  try {
    try {
      file = new m.File(path, 'r');
    } catch (e) {
      throw new WeightsError(
        'format',
        `${label} could not be opened as HDF5 (${firstLine(e)}); the file is damaged.`,
        [],
        { kind: 'hdf5_damaged', file: label },
      );
    }
    const handle: Hdf5Handle = {
      m,
      file,
      label,
      checkEscape(what) {
        if (escaped === null) return;
        escaped = null;
        throw externalStorage(label, what);
      },
    };
    return await fn(handle);
  } catch (e) {
    if (e instanceof WeightsError) throw e;
    // libhdf5 failed in a way it has no message for (an abort): the caller discards this reader.
    throw new WeightsError(
      'format',
      `${label} could not be read as HDF5 (${firstLine(e)}); the file is damaged.`,
      [],
      {
        kind: 'hdf5_damaged',
        file: label,
      },
    );
  } finally {
    try {
      file?.close();
    } catch {
      // A file that failed mid-read may refuse to close; its memory goes with the unlink.
    }
    allowed.delete(path);
    fs.unlink(path);
  }
}

const firstLine = (e: unknown): string =>
  (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 200);

const externalStorage = (label: string, what: string) =>
  new WeightsError(
    'format',
    `${label}: dataset '${what}' keeps its values in another file (HDF5 external storage). Weights files must hold their own data, so it is not read; save the weights again with Keras or h5py without external storage.`,
    [],
    { kind: 'hdf5_external', file: label, dataset: what },
  );

/** An object of the file, refusing external links (they name another file, which is never opened). */
export function getObject(h: Hdf5Handle, parent: H5Group | H5File, name: string, where: string): unknown {
  const o = parent.get(name);
  if (o instanceof h.m.ExternalLink) {
    throw new WeightsError(
      'format',
      `${h.label}: '${where}' is an HDF5 external link to another file. Weights files must be self-contained, so it is not followed; save the weights again without external links.`,
      [],
      { kind: 'hdf5_external_link', file: h.label, object: where },
    );
  }
  return o;
}

/** Attribute values h5py writes as strings (bytes or str arrays); an empty numeric array is no names. */
export function stringList(v: unknown, what: string, label: string): string[] {
  if (v === null || v === undefined) return [];
  if (typeof v === 'string') return [v];
  if (v instanceof Uint8Array) return [new TextDecoder().decode(v)];
  if (ArrayBuffer.isView(v)) {
    // Keras writes `weight_names` of a weightless layer as np.array([]) (float64, length 0).
    if ((v as unknown as ArrayLike<unknown>).length === 0) return [];
    throw new WeightsError(
      'format',
      `${label}: attribute ${what} holds numbers, not names; the file is damaged.`,
    );
  }
  if (Array.isArray(v)) {
    return v.map((x) => {
      if (typeof x === 'string') return x;
      if (x instanceof Uint8Array) return new TextDecoder().decode(x);
      throw new WeightsError(
        'format',
        `${label}: attribute ${what} holds a non-string entry; the file is damaged.`,
      );
    });
  }
  throw new WeightsError(
    'format',
    `${label}: attribute ${what} is not a list of names; the file is damaged.`,
  );
}

/** bfloat16 bits → float32 (the upper half of a float32). */
const bf16 = (bits: Uint16Array): Float32Array => {
  const out = new Uint32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = bits[i]! << 16;
  return new Float32Array(out.buffer);
};

/**
 * A dataset's values as float32. Keras weights are float32; float64 is converted with a note (it
 * rounds), Keras' bfloat16 (stored as uint16 with attribute dtype='bfloat16') is expanded exactly.
 * Integer, boolean, string and compound datasets are refused: they are not weights, and converting
 * them silently would load nonsense.
 */
export function readFloats(h: Hdf5Handle, d: H5Dataset, where: string, notes: Set<string>): Float32Array {
  const shape = d.shape ?? [];
  const meta = d.metadata as { type: number; size: number; signed?: boolean };
  const H5T_INTEGER = 0;
  const H5T_FLOAT = 1;
  const policy = d.attrs?.dtype?.value;
  const isBf16 = meta.type === H5T_INTEGER && meta.size === 2 && !meta.signed && policy === 'bfloat16';
  if (meta.type !== H5T_FLOAT && !isBf16) {
    const kind =
      meta.type === H5T_INTEGER ? `${meta.signed ? 'int' : 'uint'}${meta.size * 8}` : describeType(meta.type);
    throw new WeightsError(
      'format',
      `${h.label}: dataset '${where}' holds ${kind} values, not floating-point weights (Keras weights are float32), so the file is not loaded.`,
      [],
      { kind: 'hdf5_dtype', file: h.label, dataset: where, dtype: kind },
    );
  }
  if (meta.type === H5T_FLOAT && meta.size !== 4 && meta.size !== 8) {
    throw new WeightsError(
      'format',
      `${h.label}: dataset '${where}' holds float${meta.size * 8} values; this app reads float32 and float64 weights. Convert the model to float32 in Keras (model.set_dtype_policy('float32')) and save it again.`,
      [],
      { kind: 'hdf5_dtype', file: h.label, dataset: where, dtype: `float${meta.size * 8}` },
    );
  }
  const raw = d.value;
  h.checkEscape(where);
  if (!ArrayBuffer.isView(raw) || raw instanceof BigInt64Array || raw instanceof BigUint64Array) {
    throw new WeightsError(
      'format',
      `${h.label}: dataset '${where}' could not be read as numbers; the file is damaged.`,
    );
  }
  const arr = raw as unknown as ArrayLike<number>;
  if (arr.length !== numel(shape)) {
    throw new WeightsError(
      'truncated',
      `${h.label}: dataset '${where}' ${fmtShape(shape)} returned ${arr.length} values; the file is damaged.`,
    );
  }
  if (isBf16) {
    notes.add('bfloat16 weights expanded to float32 (exact)');
    return bf16(raw as Uint16Array);
  }
  if (arr instanceof Float32Array) return arr;
  notes.add('float64 weights converted to float32 (rounded to the nearest float32)');
  return Float32Array.from(arr);
}

const describeType = (t: number): string =>
  ({
    2: 'time',
    3: 'string',
    4: 'bitfield',
    5: 'opaque',
    6: 'compound',
    7: 'reference',
    8: 'enum (e.g. boolean)',
    9: 'variable-length',
    10: 'array',
  })[t] ?? 'non-numeric';

/** 'conv2d_1/kernel:0' → 'kernel'; 'batch_normalization_1/moving_mean:0' → 'moving_mean'. */
export const weightKey = (weightName: string): string => weightName.split('/').pop()!.replace(/:\d+$/, '');

const isGroup = (h: Hdf5Handle, o: unknown): o is H5Group => o instanceof h.m.Group;

/** The group holding `layer_names` in the legacy layout (root for save_weights, 'model_weights' for save), or null. */
export function legacyRoot(h: Hdf5Handle): H5Group | H5File | null {
  if (h.file.attrs.layer_names) return h.file;
  const mw = h.file.keys().includes('model_weights')
    ? getObject(h, h.file, 'model_weights', 'model_weights')
    : null;
  return mw && isGroup(h, mw) && mw.attrs.layer_names ? mw : null;
}

/** The legacy layout's layers (see the file comment). */
export function readLegacyLayout(h: Hdf5Handle, root: H5Group | H5File): KerasH5Content {
  const label = h.label;
  const order = stringList(root.attrs.layer_names!.value, "'layer_names'", label);
  const kv = h.file.attrs.keras_version?.value ?? root.attrs.keras_version?.value;
  const layers = new Map<string, FileTensors>();
  const notes = new Set<string>();
  for (const layer of order) {
    const g = getObject(h, root, layer, layer);
    if (!isGroup(h, g))
      throw new WeightsError(
        'format',
        `${label}: layer '${layer}' is listed in layer_names but has no group.`,
      );
    const names = stringList(g.attrs.weight_names?.value, `'weight_names' of layer '${layer}'`, label);
    if (names.length === 0) continue;
    const t: FileTensors = new Map();
    for (const wn of names) {
      const where = `${layer}/${wn}`;
      const d = getObject(h, g, wn, where);
      if (!(d instanceof h.m.Dataset))
        throw new WeightsError('format', `${label}: dataset '${where}' is listed but missing.`);
      const data = readFloats(h, d, where, notes);
      t.set(weightKey(wn), { name: where, shape: [...(d.shape ?? [])], data });
    }
    layers.set(layer, t);
  }
  const kerasVersion = kv === undefined ? undefined : stringList(kv, "'keras_version'", label)[0];
  return {
    layers,
    order,
    container: 'keras-h5',
    notes: [...notes],
    ...(kerasVersion ? { kerasVersion } : {}),
  };
}

/** A weights file from disk, read whole (regular files only, at most MAX_WEIGHTS_BYTES). */
export async function readWeightsBytes(path: string): Promise<Buffer> {
  const label = basename(path);
  try {
    return await readRegularFile(path, { maxBytes: MAX_WEIGHTS_BYTES, label });
  } catch (e) {
    if (e instanceof FileAccessError) {
      throw new WeightsError(
        e.code === 'not_found' ? 'not_found' : 'format',
        e.code === 'too_large'
          ? `${label} is over 2 GiB; weights files that large are not supported.`
          : e.message,
      );
    }
    throw e;
  }
}
