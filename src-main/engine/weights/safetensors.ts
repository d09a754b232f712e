/**
 * safetensors reader: 8-byte little-endian header length, a JSON header {name: {dtype, shape,
 * data_offsets}}, then the raw little-endian data. Small enough to read by hand, so no dependency.
 * Format: https://github.com/huggingface/safetensors#format and https://huggingface.co/docs/safetensors.
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

/** The reference reader's limit on the header (safetensors/src/tensor.rs, MAX_HEADER_SIZE). */
const MAX_HEADER = 100_000_000;

const formatError = (fileName: string, why: string) =>
  new WeightsError(
    'format',
    `${fileName} is not a valid safetensors file: ${why}. Save or download it again.`,
    [],
    {
      kind: 'safetensors',
      file: fileName,
      why,
    },
  );

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Reads a safetensors file with the rules of the reference reader (huggingface/safetensors,
 * safetensors/src/tensor.rs: SafeTensors::read_metadata and Metadata::validate): the header is
 * at most 100 MB of UTF-8 JSON; every entry has a known dtype, a shape and two offsets that are
 * non-negative integers; sorted by offset, the tensors start at 0 and each begins where the previous
 * ends (no overlap, no gap), each spans exactly dtype size × its element count, and the last ends at
 * the end of the file (no trailing bytes). Duplicate names are refused as well (the reference's JSON
 * map would keep one silently).
 */
export function readSafetensors(bytes: Uint8Array, fileName = 'the file'): SafetensorsContent {
  if (bytes.length < 8)
    throw new WeightsError(
      'truncated',
      `${fileName} is truncated: ${bytes.length} bytes, less than a safetensors header.`,
      [],
      { kind: 'file', file: fileName },
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen64 = view.getBigUint64(0, true);
  if (headerLen64 > BigInt(MAX_HEADER))
    throw new WeightsError(
      'format',
      `${fileName} is not a safetensors file (its header length ${headerLen64} is over 100 MB).`,
    );
  const headerLen = Number(headerLen64);
  if (8 + headerLen > bytes.length) {
    throw new WeightsError(
      'truncated',
      `${fileName} is truncated: its header needs ${8 + headerLen} bytes but the file has ${bytes.length}. Download it again.`,
      [],
      { kind: 'file', file: fileName },
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen));
  } catch {
    throw formatError(fileName, 'its header is not UTF-8 text');
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    throw formatError(fileName, `its header is not JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    throw formatError(fileName, 'its header is not a JSON object');
  const dup = duplicateKey(text);
  if (dup !== null) throw formatError(fileName, `the name '${dup}' appears twice in its header`);

  const dataStart = 8 + headerLen;
  const dataLen = bytes.length - dataStart;
  const tensors: FileTensors = new Map();
  const other = new Map<string, { dtype: string; shape: number[] }>();
  const rawMeta = (header as Record<string, unknown>).__metadata__;
  if (rawMeta !== undefined && (typeof rawMeta !== 'object' || rawMeta === null || Array.isArray(rawMeta)))
    throw formatError(fileName, '__metadata__ is not a map of strings');
  const metadata = (rawMeta ?? {}) as Record<string, string>;
  if (Object.values(metadata).some((v) => typeof v !== 'string'))
    throw formatError(fileName, '__metadata__ is not a map of strings');

  const entries: [string, HeaderEntry][] = [];
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') continue;
    const e = raw as Partial<HeaderEntry> | null;
    const shown = JSON.stringify(raw)?.slice(0, 80);
    if (typeof e !== 'object' || e === null || typeof e.dtype !== 'string')
      throw formatError(fileName, `tensor '${name}' has a malformed entry (${shown})`);
    if (!BYTES[e.dtype])
      throw formatError(fileName, `tensor '${name}' has dtype ${e.dtype}, which the app does not read`);
    if (!Array.isArray(e.shape) || !e.shape.every(isCount))
      throw formatError(fileName, `tensor '${name}' has a malformed shape (${shown})`);
    const o = e.data_offsets;
    if (!Array.isArray(o) || o.length !== 2 || !o.every(isCount))
      throw formatError(
        fileName,
        `tensor '${name}' has malformed data_offsets (${shown}); they must be two non-negative integers`,
      );
    entries.push([name, e as HeaderEntry]);
  }
  // File order = data order, which for PyTorch state dicts is the module registration order.
  entries.sort(
    (a, b) => a[1].data_offsets[0] - b[1].data_offsets[0] || a[1].data_offsets[1] - b[1].data_offsets[1],
  );
  let end = 0;
  for (const [name, e] of entries) {
    const [begin, stop] = e.data_offsets;
    if (begin !== end || stop < begin) {
      const why =
        begin < end
          ? `overlaps the tensor before it (it starts at byte ${begin}, the previous one ends at ${end})`
          : stop < begin
            ? `ends (${stop}) before it starts (${begin})`
            : `leaves a gap of ${begin - end} bytes before it (it starts at byte ${begin}, the previous one ends at ${end})`;
      throw formatError(fileName, `tensor '${name}' ${why}`);
    }
    const want = numel(e.shape) * BYTES[e.dtype]!;
    if (!Number.isSafeInteger(want) || stop - begin !== want)
      throw formatError(
        fileName,
        `tensor '${name}' ${e.dtype}${fmtShape(e.shape)} should take ${want} bytes, its offsets give ${stop - begin}`,
      );
    end = stop;
  }
  if (end > dataLen) {
    throw new WeightsError(
      'truncated',
      `${fileName} is truncated: its header describes ${end} bytes of tensor data but only ${dataLen} are present. Download it again.`,
      [],
      { kind: 'file', file: fileName },
    );
  }
  if (end < dataLen) throw formatError(fileName, `${dataLen - end} bytes follow the last tensor's data`);
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

/**
 * The first key that appears twice in one JSON object of `text` (already known to be valid JSON), or
 * null. JSON.parse keeps the last of duplicates silently, so this scan looks at the text itself.
 */
export function duplicateKey(text: string): string | null {
  const objects: (Set<string> | null)[] = []; // null marks an array level
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = objects[objects.length - 1];
      if (expectKey && top) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.has(key)) return key;
        top.add(key);
        expectKey = false;
      }
      i = j;
    } else if (c === '{') {
      objects.push(new Set());
      expectKey = true;
    } else if (c === '[') {
      objects.push(null);
    } else if (c === '}' || c === ']') {
      objects.pop();
    } else if (c === ',') {
      expectKey = objects[objects.length - 1] != null;
    }
  }
  return null;
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
