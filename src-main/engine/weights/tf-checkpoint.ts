/**
 * TensorFlow checkpoints (the V2 "tensor bundle" that tf.compat.v1.train.Saver and
 * tf.train.Checkpoint write): `<prefix>.index` is an SSTable mapping each variable name to a
 * BundleEntryProto (dtype, shape, shard_id, offset, size, crc32c), and the bytes live in
 * `<prefix>.data-<shard>-of-<shards>`.
 *
 * Specs: the SSTable is LevelDB's table format as TensorFlow keeps it — footer, block handles,
 * prefix-compressed keys with restart points, a 5-byte block trailer with a masked CRC-32C
 * (tensorflow/tsl/lib/io/format.cc, block.cc, table.cc; https://github.com/google/leveldb/blob/main/doc/table_format.md).
 * The values: tensorflow/core/protobuf/tensor_bundle.proto; dtypes: tensorflow/core/framework/types.proto;
 * the file naming and the masked CRC of each tensor: tensorflow/core/util/tensor_bundle/tensor_bundle.cc.
 */
import { basename, dirname } from 'node:path';
import protobuf from 'protobufjs';
import { maskedCrc32c } from '../curves/crc32c.js';
import { FileAccessError, openRegularFile, readRegularFile, resolveInside } from '../fs/safe-file.js';
import { half } from './safetensors.js';
import { MAX_ELEMENTS } from './torch-zip.js';
import { WeightsError, fmtShape, numel, type FileTensors } from './types.js';

/** kTableMagicNumber, little-endian in the last 8 bytes of the file. */
const MAGIC = [0x57, 0xfb, 0x80, 0x8b, 0x24, 0x75, 0x47, 0xdb];
const FOOTER = 48;

export const isTfCheckpointIndex = (tail: Uint8Array): boolean =>
  tail.length >= FOOTER && MAGIC.every((b, i) => tail[tail.length - 8 + i] === b);

/** DataType enum values (types.proto) the reader converts, with their element size. */
const DTYPES: Record<number, { name: string; bytes: number; float: boolean }> = {
  1: { name: 'float32', bytes: 4, float: true },
  2: { name: 'float64', bytes: 8, float: true },
  3: { name: 'int32', bytes: 4, float: false },
  4: { name: 'uint8', bytes: 1, float: false },
  5: { name: 'int16', bytes: 2, float: false },
  6: { name: 'int8', bytes: 1, float: false },
  7: { name: 'string', bytes: 0, float: false },
  9: { name: 'int64', bytes: 8, float: false },
  10: { name: 'bool', bytes: 1, float: false },
  14: { name: 'bfloat16', bytes: 2, float: true },
  19: { name: 'float16', bytes: 2, float: true },
};

interface BundleEntry {
  dtype: number;
  shape: number[];
  shardId: number;
  offset: number;
  size: number;
  crc32c: number;
  sliced: boolean;
}

export interface TfCheckpointContent {
  tensors: FileTensors;
  other: Map<string, { dtype: string; shape: number[] }>;
  notes: string[];
}

const damaged = (file: string, why: string) =>
  new WeightsError(
    'format',
    `${file} is a damaged TensorFlow checkpoint index (${why}). Save the checkpoint again.`,
    [],
    {
      kind: 'tf_checkpoint',
      file,
      why,
    },
  );

/** Little-endian varint (≤ 64 bits, kept to safe integers) at `at`; returns [value, next offset]. */
function varint(b: Uint8Array, at: number, file: string): [number, number] {
  let v = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (at >= b.length) throw damaged(file, 'a number runs past the end');
    const x = b[at++]!;
    v += (x & 0x7f) * scale;
    if (!(x & 0x80)) {
      if (!Number.isSafeInteger(v)) throw damaged(file, 'a number is too large');
      return [v, at];
    }
    scale *= 128;
  }
  throw damaged(file, 'a number is malformed');
}

/** A block's contents after checking its trailer (compression type 0, masked CRC-32C of data + type). */
function block(b: Uint8Array, offset: number, size: number, file: string): Uint8Array {
  if (offset + size + 5 > b.length) throw damaged(file, 'a block runs past the end');
  const type = b[offset + size]!;
  const crc = new DataView(b.buffer, b.byteOffset + offset + size + 1, 4).getUint32(0, true);
  if (maskedCrc32c(b, offset, offset + size + 1) !== crc)
    throw damaged(file, 'a block checksum does not match');
  if (type !== 0)
    throw new WeightsError(
      'format',
      `${file} is a TensorFlow checkpoint index with compressed blocks (type ${type}), which TensorFlow's own writer does not produce; the app does not read it.`,
    );
  return b.subarray(offset, offset + size);
}

/** Every key/value of a block, in order (prefix-compressed keys: shared, non-shared, value lengths). */
function* entries(blk: Uint8Array, file: string): Generator<[Uint8Array, Uint8Array]> {
  if (blk.length < 4) throw damaged(file, 'a block is too short');
  const restarts = new DataView(blk.buffer, blk.byteOffset + blk.length - 4, 4).getUint32(0, true);
  const end = blk.length - 4 * (restarts + 1);
  if (end < 0) throw damaged(file, 'a block has too many restart points');
  let at = 0;
  let key = new Uint8Array(0);
  while (at < end) {
    let shared: number, nonShared: number, valueLen: number;
    [shared, at] = varint(blk, at, file);
    [nonShared, at] = varint(blk, at, file);
    [valueLen, at] = varint(blk, at, file);
    if (shared > key.length || at + nonShared + valueLen > end)
      throw damaged(file, 'an entry runs past its block');
    const next = new Uint8Array(shared + nonShared);
    next.set(key.subarray(0, shared));
    next.set(blk.subarray(at, at + nonShared), shared);
    key = next;
    at += nonShared;
    yield [key, blk.subarray(at, at + valueLen)];
    at += valueLen;
  }
}

const toNumber = (v: number | { toString(): string }): number =>
  typeof v === 'number' ? v : Number(v.toString());

/** BundleEntryProto: 1 dtype, 2 shape (TensorShapeProto: 2 dim { 1 size }), 3 shard_id, 4 offset, 5 size, 6 crc32c (fixed32), 7 slices. */
function bundleEntry(value: Uint8Array): BundleEntry {
  const r = protobuf.Reader.create(value);
  const e: BundleEntry = { dtype: 0, shape: [], shardId: 0, offset: 0, size: 0, crc32c: 0, sliced: false };
  while (r.pos < r.len) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 1:
        e.dtype = r.int32();
        break;
      case 2: {
        const end = r.uint32() + r.pos;
        while (r.pos < end) {
          const t = r.uint32();
          if (t >>> 3 === 2) {
            const dimEnd = r.uint32() + r.pos;
            let size = 0;
            while (r.pos < dimEnd) {
              const d = r.uint32();
              if (d >>> 3 === 1) size = toNumber(r.int64());
              else r.skipType(d & 7);
            }
            e.shape.push(size);
          } else r.skipType(t & 7);
        }
        break;
      }
      case 3:
        e.shardId = r.int32();
        break;
      case 4:
        e.offset = toNumber(r.int64());
        break;
      case 5:
        e.size = toNumber(r.int64());
        break;
      case 6:
        e.crc32c = r.fixed32();
        break;
      case 7:
        e.sliced = true;
        r.skipType(tag & 7);
        break;
      default:
        r.skipType(tag & 7);
    }
  }
  return e;
}

/** BundleHeaderProto: 1 num_shards, 2 endianness (0 little, 1 big). */
function bundleHeader(value: Uint8Array): { shards: number; bigEndian: boolean } {
  const r = protobuf.Reader.create(value);
  let shards = 1;
  let bigEndian = false;
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (tag >>> 3 === 1) shards = r.int32();
    else if (tag >>> 3 === 2) bigEndian = r.int32() === 1;
    else r.skipType(tag & 7);
  }
  return { shards, bigEndian };
}

/** Name → entry from the .index bytes. */
export function readBundleIndex(
  b: Uint8Array,
  file: string,
): { shards: number; bigEndian: boolean; entries: Map<string, BundleEntry> } {
  if (!isTfCheckpointIndex(b)) throw damaged(file, 'the footer magic is missing');
  const footer = b.length - FOOTER;
  let at = footer;
  [, at] = varint(b, at, file); // metaindex handle: unused by TensorFlow's bundles
  [, at] = varint(b, at, file);
  const [indexOffset, afterOffset] = varint(b, at, file);
  const [indexSize] = varint(b, afterOffset, file);
  const text = new TextDecoder('utf-8');
  const out = new Map<string, BundleEntry>();
  let header = { shards: 1, bigEndian: false };
  try {
    for (const [, handle] of entries(block(b, indexOffset, indexSize, file), file)) {
      const [off, next] = varint(handle, 0, file);
      const [size] = varint(handle, next, file);
      for (const [k, v] of entries(block(b, off, size, file), file)) {
        if (k.length === 0) header = bundleHeader(v);
        else out.set(text.decode(k), bundleEntry(v));
      }
    }
  } catch (e) {
    if (e instanceof WeightsError) throw e;
    throw damaged(file, 'an entry is not a valid BundleEntryProto');
  }
  if (!Number.isInteger(header.shards) || header.shards < 1 || header.shards > 99999)
    throw damaged(file, 'the shard count is invalid');
  return { ...header, entries: out };
}

const pad5 = (n: number) => String(n).padStart(5, '0');

/** Reads `<prefix>.index` and the tensors of its data shards, which must sit beside it. */
export async function readTfCheckpoint(indexPath: string): Promise<TfCheckpointContent> {
  const file = basename(indexPath);
  const index = await readRegularFile(indexPath, { maxBytes: 1 << 30, label: file });
  const { shards, bigEndian, entries: all } = readBundleIndex(index, file);
  const prefix = file.replace(/\.index$/, '');
  const folder = dirname(indexPath);
  const tensors: FileTensors = new Map();
  const other = new Map<string, { dtype: string; shape: number[] }>();
  const notes: string[] = [];
  const converted = new Set<string>();
  let total = 0;
  const handles = new Map<number, Awaited<ReturnType<typeof openRegularFile>>>();
  try {
    for (const [name, e] of all) {
      const dt = DTYPES[e.dtype];
      if (e.sliced)
        throw new WeightsError(
          'format',
          `${file}: variable '${name}' is saved in slices (a partitioned variable), which the app does not read. Save the checkpoint from unpartitioned variables.`,
        );
      if (!dt || !dt.float) {
        other.set(name, { dtype: dt?.name ?? `dtype ${e.dtype}`, shape: e.shape });
        continue;
      }
      const n = numel(e.shape);
      if (e.size !== n * dt.bytes)
        throw damaged(
          file,
          `'${name}' ${dt.name}${fmtShape(e.shape)} should take ${n * dt.bytes} bytes, its entry says ${e.size}`,
        );
      // Entries may point at the same bytes, so the data file's size does not bound the total: cap it.
      total += n;
      if (total > MAX_ELEMENTS)
        throw new WeightsError(
          'format',
          `${file} lists more than ${MAX_ELEMENTS} weights, far more than any Inception network; it is not loaded.`,
        );
      if (e.shardId < 0 || e.shardId >= shards)
        throw damaged(file, `'${name}' is in shard ${e.shardId} of ${shards}`);
      let h = handles.get(e.shardId);
      const shardName = `${prefix}.data-${pad5(e.shardId)}-of-${pad5(shards)}`;
      if (!h) {
        try {
          h = await openRegularFile(await resolveInside(folder, shardName), {
            maxBytes: Number.MAX_SAFE_INTEGER,
            label: shardName,
          });
        } catch (x) {
          if (x instanceof FileAccessError && x.code === 'not_found')
            throw new WeightsError(
              'not_found',
              `${file} is a TensorFlow checkpoint index; its data file ${shardName} must sit beside it, and it is not there. Copy the checkpoint's .data file into the same folder.`,
              [],
              { kind: 'tf_data', file, data: shardName },
            );
          throw x instanceof FileAccessError ? new WeightsError('format', x.message) : x;
        }
        handles.set(e.shardId, h);
      }
      if (e.offset + e.size > h.size)
        throw new WeightsError(
          'truncated',
          `${shardName} is truncated: variable '${name}' needs bytes up to ${e.offset + e.size}, the file has ${h.size}. Copy the checkpoint again.`,
          [],
          { kind: 'file', file: shardName },
        );
      const bytes = Buffer.alloc(e.size);
      await h.handle.read(bytes, 0, e.size, e.offset);
      if (maskedCrc32c(bytes) !== e.crc32c)
        throw new WeightsError(
          'format',
          `${shardName} is damaged: the checksum of variable '${name}' does not match its index entry. Copy the checkpoint again.`,
        );
      tensors.set(name, { name, shape: e.shape, data: toFloat32(bytes, dt.name, n, bigEndian) });
      if (dt.name !== 'float32') converted.add(dt.name);
    }
  } finally {
    for (const h of handles.values()) await h.handle.close();
  }
  if (converted.size)
    notes.push(
      `${[...converted].join(' and ')} variables were converted to float32, which the app computes in`,
    );
  return { tensors, other, notes };
}

function toFloat32(bytes: Buffer, dtype: string, n: number, bigEndian: boolean): Float32Array {
  const out = new Float32Array(n);
  const le = !bigEndian;
  if (dtype === 'float32' && le) {
    new Uint8Array(out.buffer).set(bytes);
    return out;
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dtype === 'float32') for (let i = 0; i < n; i++) out[i] = v.getFloat32(i * 4, le);
  else if (dtype === 'float64') for (let i = 0; i < n; i++) out[i] = v.getFloat64(i * 8, le);
  else if (dtype === 'float16') for (let i = 0; i < n; i++) out[i] = half(v.getUint16(i * 2, le));
  else {
    const f = new Float32Array(1);
    const u = new Uint32Array(f.buffer);
    for (let i = 0; i < n; i++) {
      u[0] = v.getUint16(i * 2, le) << 16;
      out[i] = f[0]!;
    }
  }
  return out;
}
