/**
 * safetensors reader: 8-byte little-endian header length, a JSON header {name: {dtype, shape,
 * data_offsets}}, then the raw little-endian data. Small enough to read by hand, so no dependency.
 * Float tensors become float32; integer bookkeeping tensors (BN's num_batches_tracked) are listed
 * separately so the name mapping can ignore them on purpose.
 */
import { WeightsError, fmtShape, numel, type FileTensor, type FileTensors } from './types.js';

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

const BYTES: Record<string, number> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
};
const FLOATS = new Set(['F64', 'F32', 'F16', 'BF16']);

export const isSafetensors = (b: Uint8Array): boolean => {
  if (b.length < 10) return false;
  const n = Number(new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true));
  return n > 1 && n < 1e8 && b[8] === 0x7b; // '{'
};

export interface SafetensorsContent {
  tensors: FileTensors;
  /** Non-float tensors (e.g. num_batches_tracked): name → shape. */
  other: Map<string, { dtype: string; shape: number[] }>;
  metadata: Record<string, string>;
}

export function readSafetensors(bytes: Uint8Array, fileName = 'the file'): SafetensorsContent {
  if (bytes.length < 8)
    throw new WeightsError(
      'truncated',
      `${fileName} is truncated: ${bytes.length} bytes, less than a safetensors header.`,
      [],
      { kind: 'file', file: fileName },
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = Number(view.getBigUint64(0, true));
  if (headerLen > 1e8)
    throw new WeightsError('format', `${fileName} is not a safetensors file (header length ${headerLen}).`);
  if (8 + headerLen > bytes.length) {
    throw new WeightsError(
      'truncated',
      `${fileName} is truncated: its header needs ${8 + headerLen} bytes but the file has ${bytes.length}. Download it again.`,
      [],
      { kind: 'file', file: fileName },
    );
  }
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLen))) as Record<
      string,
      unknown
    >;
  } catch (e) {
    throw new WeightsError(
      'format',
      `${fileName} has a malformed safetensors header: ${(e as Error).message}`,
    );
  }
  const dataStart = 8 + headerLen;
  const dataLen = bytes.length - dataStart;
  const tensors: FileTensors = new Map();
  const other = new Map<string, { dtype: string; shape: number[] }>();
  const metadata = (header.__metadata__ ?? {}) as Record<string, string>;
  let needed = 0;
  const entries: [string, HeaderEntry][] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const e = raw as HeaderEntry;
    const size = BYTES[e?.dtype];
    if (!size || !Array.isArray(e.shape) || !Array.isArray(e.data_offsets)) {
      throw new WeightsError(
        'format',
        `${fileName}: tensor '${name}' has an unsupported or malformed entry (${JSON.stringify(raw).slice(0, 80)}).`,
      );
    }
    const [begin, end] = e.data_offsets;
    if (end - begin !== numel(e.shape) * size) {
      throw new WeightsError(
        'format',
        `${fileName}: tensor '${name}' ${e.dtype}${fmtShape(e.shape)} should take ${numel(e.shape) * size} bytes, its offsets give ${end - begin}.`,
      );
    }
    needed = Math.max(needed, end);
    entries.push([name, e]);
  }
  if (needed > dataLen) {
    throw new WeightsError(
      'truncated',
      `${fileName} is truncated: its header describes ${needed} bytes of tensor data but only ${dataLen} are present. Download it again.`,
      [],
      { kind: 'file', file: fileName },
    );
  }
  // File order = data order, which for PyTorch state dicts is the module registration order.
  entries.sort((a, b) => a[1].data_offsets[0] - b[1].data_offsets[0]);
  for (const [name, e] of entries) {
    if (!FLOATS.has(e.dtype)) {
      other.set(name, { dtype: e.dtype, shape: e.shape });
      continue;
    }
    const at = dataStart + e.data_offsets[0];
    tensors.set(name, { name, shape: e.shape, data: toFloat32(bytes, at, numel(e.shape), e.dtype) });
  }
  return { tensors, other, metadata };
}

function toFloat32(bytes: Uint8Array, at: number, n: number, dtype: string): Float32Array {
  const out = new Float32Array(n);
  if (dtype === 'F32') {
    // Copy: the data may be unaligned, and the caller may drop the file buffer.
    new Uint8Array(out.buffer).set(bytes.subarray(at, at + n * 4));
    return out;
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset + at, n * BYTES[dtype]!);
  if (dtype === 'F64') for (let i = 0; i < n; i++) out[i] = v.getFloat64(i * 8, true);
  else if (dtype === 'F16') for (let i = 0; i < n; i++) out[i] = half(v.getUint16(i * 2, true));
  else for (let i = 0; i < n; i++) out[i] = bf16(v.getUint16(i * 2, true));
  return out;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

function bf16(h: number): number {
  u32[0] = h << 16;
  return f32[0]!;
}

/** IEEE 754 half → number. */
export function half(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

/** Encoder, for tests and for exporting trained weights: F32 tensors in the given order. */
export function writeSafetensors(tensors: FileTensor[], metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  let off = 0;
  for (const t of tensors) {
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [off, off + t.data.length * 4] };
    off += t.data.length * 4;
  }
  let head = new TextEncoder().encode(JSON.stringify(header));
  // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
  const pad = (8 - ((8 + head.length) % 8)) % 8;
  if (pad) {
    const padded = new Uint8Array(head.length + pad).fill(0x20);
    padded.set(head);
    head = padded;
  }
  const out = new Uint8Array(8 + head.length + off);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const t of tensors) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    at += t.data.byteLength;
  }
  return out;
}

export type { FileTensor };
