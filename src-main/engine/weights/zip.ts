/**
 * A small ZIP reader for the archives weights come in: PyTorch's `torch.save` files and Keras 3's
 * `.keras`. It reads the central directory (the authority on what an archive holds), then each entry's
 * local header, and inflates stored or deflated entries. Every offset and size is checked against the
 * buffer before use, so a corrupt archive ends in a WeightsError, never a RangeError.
 *
 * Spec: PKWARE APPNOTE.TXT 6.3.10, sections 4.3.7 (local header), 4.3.12 (central directory),
 * 4.3.14–4.3.16 (ZIP64 end records), 4.5.3 (ZIP64 extra field).
 * https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT
 */
import { inflateRawSync } from 'node:zlib';
import { WeightsError } from './types.js';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local file header. */
  headerOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_EOCD = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export const isZip = (head: Uint8Array): boolean =>
  head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;

const corrupt = (why: string) =>
  new WeightsError('format', `The file is a damaged ZIP archive (${why}); download or save it again.`, [], {
    kind: 'zip',
    why,
  });

/** Bounds-checked little-endian reads. */
function reader(buf: Buffer) {
  const need = (at: number, n: number) => {
    if (!Number.isSafeInteger(at) || at < 0 || at + n > buf.length)
      throw corrupt('a record runs past the end');
  };
  return {
    u16: (at: number) => (need(at, 2), buf.readUInt16LE(at)),
    u32: (at: number) => (need(at, 4), buf.readUInt32LE(at)),
    u64: (at: number) => {
      need(at, 8);
      const v = buf.readBigUInt64LE(at);
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt('a 64-bit size is too large');
      return Number(v);
    },
    need,
  };
}

/** Finds the end-of-central-directory record: the last 22+ bytes, behind a comment of up to 64 KiB. */
function findEocd(buf: Buffer): number {
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let at = buf.length - 22; at >= stop; at--) if (buf.readUInt32LE(at) === EOCD) return at;
  throw corrupt('no end-of-archive record');
}

export function readZipIndex(buf: Buffer): Map<string, ZipEntry> {
  if (buf.length < 22) throw corrupt('too short');
  const r = reader(buf);
  const eocd = findEocd(buf);
  let count = r.u16(eocd + 10);
  let dirSize = r.u32(eocd + 12);
  let dirOffset = r.u32(eocd + 16);
  if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || r.u32(loc) !== ZIP64_LOCATOR) throw corrupt('ZIP64 locator missing');
    const z = r.u64(loc + 8);
    if (r.u32(z) !== ZIP64_EOCD) throw corrupt('ZIP64 end record missing');
    count = r.u64(z + 32);
    dirSize = r.u64(z + 40);
    dirOffset = r.u64(z + 48);
  }
  r.need(dirOffset, dirSize);
  const entries = new Map<string, ZipEntry>();
  let at = dirOffset;
  for (let i = 0; i < count; i++) {
    if (r.u32(at) !== CENTRAL) throw corrupt('a directory entry is damaged');
    const flags = r.u16(at + 8);
    const method = r.u16(at + 10);
    let compressedSize = r.u32(at + 20);
    let size = r.u32(at + 24);
    const nameLen = r.u16(at + 28);
    const extraLen = r.u16(at + 30);
    const commentLen = r.u16(at + 32);
    let headerOffset = r.u32(at + 42);
    r.need(at + 46, nameLen + extraLen);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    // ZIP64 extra field (id 1): the 64-bit values, in order, of the fields that read 0xffffffff.
    let x = at + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = r.u16(x);
      const len = r.u16(x + 2);
      if (id === 1) {
        let p = x + 4;
        if (size === 0xffffffff) {
          size = r.u64(p);
          p += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = r.u64(p);
          p += 8;
        }
        if (headerOffset === 0xffffffff) headerOffset = r.u64(p);
      }
      x += 4 + len;
    }
    if (flags & 1) throw corrupt(`"${name}" is encrypted`);
    if (entries.has(name)) throw corrupt(`"${name}" appears twice`);
    entries.set(name, { name, method, compressedSize, size, headerOffset });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** An entry's bytes; refuses entries larger than `maxBytes` before inflating them. */
export function readZipEntry(buf: Buffer, e: ZipEntry, maxBytes: number): Buffer {
  if (e.size > maxBytes) throw corrupt(`"${e.name}" is larger than expected`);
  const r = reader(buf);
  if (r.u32(e.headerOffset) !== LOCAL) throw corrupt(`the header of "${e.name}" is damaged`);
  const start = e.headerOffset + 30 + r.u16(e.headerOffset + 26) + r.u16(e.headerOffset + 28);
  r.need(start, e.compressedSize);
  const raw = buf.subarray(start, start + e.compressedSize);
  if (e.method === 0) {
    if (e.compressedSize !== e.size) throw corrupt(`"${e.name}" has two different sizes`);
    return raw;
  }
  if (e.method !== 8) throw corrupt(`"${e.name}" uses compression method ${e.method}, which is not read`);
  let out: Buffer;
  try {
    out = inflateRawSync(raw, { maxOutputLength: Math.max(1, e.size) });
  } catch {
    throw corrupt(`"${e.name}" does not inflate`);
  }
  if (out.length !== e.size) throw corrupt(`"${e.name}" inflates to the wrong size`);
  return out;
}
