/**
 * PyTorch's `torch.save` files (the zip format, the default since PyTorch 1.6): a ZIP archive whose one
 * top folder (the archive name) holds `data.pkl` (the pickled object, tensors as persistent ids),
 * `data/<key>` (one raw storage per key), `byteorder` ('little' | 'big', since 1.13) and `version`.
 * See torch/serialization.py (_save, _load, the persistent_id / persistent_load pair) and
 * https://pytorch.org/docs/stable/notes/serialization.html.
 *
 * The pickle is read by the restricted unpickler (pickle.ts), so nothing in the file is ever run.
 * Tensors are rebuilt as torch does (storage, element offset, size, stride), so views and
 * non-contiguous tensors come out right.
 */
import type { FileTensors } from './types.js';
import { WeightsError, fmtShape, numel } from './types.js';
import { PyTuple, unpickle } from './pickle.js';
import { TorchTensorRef, isStorageClass, type TorchStorageRef } from './pickle-allowlist.js';
import { half } from './safetensors.js';
import { readZipEntry, readZipIndex, type ZipEntry } from './zip.js';

/** Bytes per element of each storage class (torch/storage.py). */
const ELEMENT: Record<string, { bytes: number; float: boolean; dtype: string }> = {
  FloatStorage: { bytes: 4, float: true, dtype: 'float32' },
  DoubleStorage: { bytes: 8, float: true, dtype: 'float64' },
  HalfStorage: { bytes: 2, float: true, dtype: 'float16' },
  BFloat16Storage: { bytes: 2, float: true, dtype: 'bfloat16' },
  LongStorage: { bytes: 8, float: false, dtype: 'int64' },
  IntStorage: { bytes: 4, float: false, dtype: 'int32' },
  ShortStorage: { bytes: 2, float: false, dtype: 'int16' },
  CharStorage: { bytes: 1, float: false, dtype: 'int8' },
  ByteStorage: { bytes: 1, float: false, dtype: 'uint8' },
  BoolStorage: { bytes: 1, float: false, dtype: 'bool' },
};

/** At most this many float values in all (1 GiB as float32; Inception-ResNet-v2 has 56 M). */
export const MAX_ELEMENTS = 2 ** 28;

/** The keys training scripts nest a state dict under (timm's train.py, torchvision's references). */
const NESTED_KEYS = ['state_dict', 'model', 'state_dict_ema', 'model_ema'];

export interface TorchContent {
  tensors: FileTensors;
  /** Integer/bool tensors (BN's num_batches_tracked): name → dtype and shape. */
  other: Map<string, { dtype: string; shape: number[] }>;
  notes: string[];
}

/** A zip whose entries include '<archive>/data.pkl' and no TorchScript code folder. */
export function torchArchivePrefix(index: Map<string, ZipEntry>): string | null {
  for (const name of index.keys()) {
    const m = /^([^/]+\/)?data\.pkl$/.exec(name);
    if (m) return m[1] ?? '';
  }
  return null;
}

/** Legacy (pre-1.6) torch.save files are a bare pickle stream: PROTO 2 then the magic number as LONG1. */
export const isLegacyTorch = (head: Uint8Array): boolean =>
  head.length >= 3 && head[0] === 0x80 && head[1]! >= 2 && head[1]! <= 5 && head[2] === 0x8a;

export function readTorchZip(buf: Buffer, fileName: string): TorchContent {
  const index = readZipIndex(buf);
  const prefix = torchArchivePrefix(index);
  if (prefix === null)
    throw new WeightsError(
      'format',
      `${fileName} is a ZIP archive but not a PyTorch file (it has no data.pkl). Open a file written by torch.save.`,
    );
  if (index.has(`${prefix}constants.pkl`) || [...index.keys()].some((n) => n.startsWith(`${prefix}code/`)))
    throw new WeightsError(
      'format',
      `${fileName} is a TorchScript archive (torch.jit.save), which holds code as well as weights. Save the weights with torch.save(model.state_dict(), path) and open that file.`,
    );
  const entry = (name: string) => index.get(prefix + name);
  const byteorderEntry = entry('byteorder');
  const bigEndian =
    byteorderEntry !== undefined && readZipEntry(buf, byteorderEntry, 16).toString('latin1').trim() === 'big';
  const pkl = entry('data.pkl')!;
  const storages = new Map<string, TorchStorageRef>();
  const root = unpickle(readZipEntry(buf, pkl, 1 << 30), {
    what: fileName,
    persistentLoad: (pid) => {
      // ('storage', storage_type, key, location, numel): torch/serialization.py persistent_id.
      if (!(pid instanceof PyTuple) || pid[0] !== 'storage' || !isStorageClass(pid[1]))
        throw new WeightsError(
          'format',
          `${fileName} refers to something other than a tensor storage in its pickle.`,
        );
      const dtype = pid[1].name;
      const key = String(pid[2]);
      const n = Number(pid[4]);
      if (!Number.isSafeInteger(n) || n < 0)
        throw new WeightsError('format', `${fileName}: storage ${key} has a malformed size.`);
      const ref: TorchStorageRef = { kind: 'storage', dtype, key, numel: n };
      storages.set(key, ref);
      return ref;
    },
  });

  const notes: string[] = [];
  let dict = root;
  if (!isTensorDict(dict)) {
    const nested =
      dict instanceof Map
        ? NESTED_KEYS.find((k) => isTensorDict((dict as Map<unknown, unknown>).get(k)))
        : undefined;
    if (!nested) {
      const keys = dict instanceof Map ? [...dict.keys()].map(String).slice(0, 8).join(', ') : '';
      throw new WeightsError(
        'format',
        `${fileName} is a PyTorch file without a state dict: ${keys ? `its top-level keys are ${keys}, none of them ${NESTED_KEYS.map((k) => `'${k}'`).join('/')} with tensors` : 'it holds a single value, not a dict of tensors'}. Save the weights with torch.save(model.state_dict(), path).`,
      );
    }
    notes.push(`the state dict is the checkpoint's '${nested}' entry`);
    dict = (dict as Map<unknown, unknown>).get(nested);
  }
  const entries = [...(dict as Map<unknown, unknown>)].filter(
    (e): e is [string, TorchTensorRef] => typeof e[0] === 'string' && e[1] instanceof TorchTensorRef,
  );
  let strip = '';
  if (entries.length && entries.every(([k]) => k.startsWith('module.'))) {
    strip = 'module.';
    notes.push(
      "the 'module.' prefix of a DataParallel/DistributedDataParallel model was removed from every name",
    );
  }

  const tensors: FileTensors = new Map();
  const other = new Map<string, { dtype: string; shape: number[] }>();
  const converted = new Set<string>();
  let total = 0;
  const records = new Map<string, Buffer>();
  for (const [fullName, t] of entries) {
    const name = fullName.slice(strip.length);
    const el = ELEMENT[t.storage.dtype];
    if (!el)
      throw new WeightsError(
        'format',
        `${fileName}: tensor '${name}' has storage type ${t.storage.dtype}, which is not read.`,
      );
    if (!el.float) {
      other.set(name, { dtype: el.dtype, shape: t.shape });
      continue;
    }
    let bytes = records.get(t.storage.key);
    if (!bytes) {
      const e = entry(`data/${t.storage.key}`);
      if (!e)
        throw new WeightsError(
          'truncated',
          `${fileName} is incomplete: the data of tensor '${name}' (record data/${t.storage.key}) is missing from the archive. Save or download it again.`,
          [],
          { kind: 'file', file: fileName },
        );
      bytes = readZipEntry(buf, e, t.storage.numel * el.bytes);
      if (bytes.length !== t.storage.numel * el.bytes)
        throw new WeightsError(
          'truncated',
          `${fileName}: the storage of tensor '${name}' has ${bytes.length} bytes, its description needs ${t.storage.numel * el.bytes}. Save or download it again.`,
          [],
          { kind: 'file', file: fileName },
        );
      records.set(t.storage.key, bytes);
    }
    // Views may share a storage, so the file size does not bound what they expand to: cap it.
    const n = numel(t.shape);
    if (n > Math.max(1, t.storage.numel))
      throw new WeightsError(
        'format',
        `${fileName}: tensor '${name}' ${fmtShape(t.shape)} has more elements than its storage (${t.storage.numel}), a broadcast view that no state dict holds.`,
      );
    total += n;
    if (total > MAX_ELEMENTS)
      throw new WeightsError(
        'format',
        `${fileName} holds more than ${MAX_ELEMENTS} weights, far more than any Inception network; it is not loaded.`,
      );
    tensors.set(name, { name, shape: t.shape, data: gather(t, bytes, el.dtype, bigEndian, fileName, name) });
    if (el.dtype !== 'float32') converted.add(el.dtype);
  }
  if (converted.size)
    notes.push(
      `${[...converted].join(' and ')} tensors were converted to float32, which the app computes in`,
    );
  return { tensors, other, notes };
}

function isTensorDict(v: unknown): v is Map<string, unknown> {
  if (!(v instanceof Map) || v.size === 0) return false;
  let any = false;
  for (const [k, x] of v) {
    if (typeof k !== 'string') return false;
    if (x instanceof TorchTensorRef) any = true;
  }
  return any;
}

/** The tensor's elements in C order, as torch.as_strided(storage, size, stride, offset) gives them. */
function gather(
  t: TorchTensorRef,
  bytes: Buffer,
  dtype: string,
  bigEndian: boolean,
  fileName: string,
  name: string,
): Float32Array {
  const n = numel(t.shape);
  const rank = t.shape.length;
  if (t.stride.length !== rank || t.shape.some((d) => d < 0) || t.stride.some((s) => s < 0))
    throw new WeightsError(
      'format',
      `${fileName}: tensor '${name}' has a malformed size ${fmtShape(t.shape)} or stride ${fmtShape(t.stride)}.`,
    );
  const out = new Float32Array(n);
  if (n === 0) return out;
  const last = t.offset + t.shape.reduce((s, d, i) => s + (d - 1) * t.stride[i]!, 0);
  if (t.offset < 0 || last >= t.storage.numel)
    throw new WeightsError(
      'format',
      `${fileName}: tensor '${name}' ${fmtShape(t.shape)} reaches element ${last} of a storage of ${t.storage.numel}.`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = !bigEndian;
  const read: (i: number) => number =
    dtype === 'float32'
      ? (i) => view.getFloat32(i * 4, le)
      : dtype === 'float64'
        ? (i) => view.getFloat64(i * 8, le)
        : dtype === 'float16'
          ? (i) => HALF()[view.getUint16(i * 2, le)]!
          : (i) => bf16(view.getUint16(i * 2, le));
  // Contiguous (the usual case): one run from the offset.
  let contiguous = true;
  for (let i = rank - 1, expect = 1; i >= 0; i--) {
    if (t.shape[i] !== 1 && t.stride[i] !== expect) contiguous = false;
    expect *= t.shape[i]!;
  }
  if (contiguous && dtype === 'float32' && le) {
    // The common case: one byte copy (the storage may be unaligned for a Float32Array view).
    new Uint8Array(out.buffer).set(bytes.subarray(t.offset * 4, (t.offset + n) * 4));
    return out;
  }
  if (contiguous) {
    for (let i = 0; i < n; i++) out[i] = read(t.offset + i);
    return out;
  }
  const idx = new Array<number>(rank).fill(0);
  let at = t.offset;
  for (let i = 0; i < n; i++) {
    out[i] = read(at);
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]! += 1;
      at += t.stride[d]!;
      if (idx[d]! < t.shape[d]!) break;
      at -= idx[d]! * t.stride[d]!;
      idx[d] = 0;
    }
  }
  return out;
}

/** Every float16 bit pattern as float32, made on first use (a 256 KiB table beats decoding each value). */
let halfTable: Float32Array | undefined;
function HALF(): Float32Array {
  if (!halfTable) {
    halfTable = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) halfTable[h] = half(h);
  }
  return halfTable;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
function bf16(h: number): number {
  u32[0] = h << 16;
  return f32[0]!;
}
