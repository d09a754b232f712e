/**
 * A seeded, bounded mutator for the fuzz suite: byte-level mutations (bit flips, byte insert/delete,
 * truncation, chunk duplication, length/offset fields overwritten with boundary values) and JSON-aware
 * ones (a value replaced by another type or a boundary number, a key deleted, duplicated or renamed),
 * for manifests and headers. Every mutation is a pure function of the Rng, so a case is replayed from
 * its seed. Outputs stay bounded: at most a few KB are ever inserted.
 */
import { Rng } from '../../src-main/engine/data/rng.js';

export { Rng };

export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r.next() * xs.length)]!;
export const int = (r: Rng, n: number): number => Math.floor(r.next() * n);

/** A position in [0, len): half uniform, half biased toward the head, where the headers are. */
export function position(r: Rng, len: number): number {
  if (len <= 0) return 0;
  const u = r.next();
  return Math.min(len - 1, Math.floor(len * (r.next() < 0.5 ? u : u * u * u)));
}

const BOUNDARY_U32 = [
  0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0xffff, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff,
];

export type ByteMutation = 'flip' | 'set' | 'insert' | 'delete' | 'truncate' | 'duplicate' | 'u32' | 'u64';

export const BYTE_MUTATIONS: readonly ByteMutation[] = [
  'flip',
  'set',
  'insert',
  'delete',
  'truncate',
  'duplicate',
  'u32',
  'u64',
];

/** One byte-level mutation; returns a new buffer and what was done (for reports). */
export function mutateBytes(r: Rng, src: Uint8Array, kind = pick(r, BYTE_MUTATIONS)): [Uint8Array, string] {
  const len = src.length;
  const at = position(r, len);
  switch (kind) {
    case 'flip': {
      const out = src.slice();
      const n = 1 + int(r, 8);
      for (let i = 0; i < n; i++) {
        const p = i === 0 ? at : position(r, len);
        out[p]! ^= 1 << int(r, 8);
      }
      return [out, `flip ${n} bits from ${at}`];
    }
    case 'set': {
      const out = src.slice();
      const n = 1 + int(r, 16);
      const v = pick(r, [0x00, 0xff, 0x7f, 0x80, 0x20, 0x22, 0x7b, 0x5b, int(r, 256)]);
      out.fill(v, at, Math.min(len, at + n));
      return [out, `set ${n} bytes at ${at} to ${v}`];
    }
    case 'insert': {
      const n = 1 + int(r, r.next() < 0.8 ? 16 : 4096);
      const ins = new Uint8Array(n);
      const fill = int(r, 3);
      for (let i = 0; i < n; i++) ins[i] = fill === 0 ? int(r, 256) : fill === 1 ? 0 : 0xff;
      const out = new Uint8Array(len + n);
      out.set(src.subarray(0, at));
      out.set(ins, at);
      out.set(src.subarray(at), at + n);
      return [out, `insert ${n} bytes at ${at}`];
    }
    case 'delete': {
      const n = 1 + int(r, r.next() < 0.8 ? 16 : 4096);
      const end = Math.min(len, at + n);
      const out = new Uint8Array(len - (end - at));
      out.set(src.subarray(0, at));
      out.set(src.subarray(end), at);
      return [out, `delete ${end - at} bytes at ${at}`];
    }
    case 'truncate': {
      const cut = r.next() < 0.3 ? int(r, Math.min(len, 64)) : int(r, len);
      return [src.slice(0, cut), `truncate to ${cut}`];
    }
    case 'duplicate': {
      const n = 1 + int(r, Math.min(4096, len));
      const from = position(r, len);
      const chunk = src.subarray(from, from + n);
      const out = new Uint8Array(len + chunk.length);
      out.set(src.subarray(0, at));
      out.set(chunk, at);
      out.set(src.subarray(at), at + chunk.length);
      return [out, `duplicate ${chunk.length} bytes from ${from} at ${at}`];
    }
    case 'u32':
    case 'u64': {
      const out = src.slice();
      const w = kind === 'u32' ? 4 : 8;
      const p = Math.max(0, Math.min(at, len - w));
      if (len < w) return [out, 'noop'];
      const v = pick(r, [...BOUNDARY_U32, len, len + 1, len - 1, int(r, 0xffffffff)]);
      const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
      if (w === 4) dv.setUint32(p, v >>> 0, r.next() < 0.8);
      else dv.setBigUint64(p, r.next() < 0.2 ? 0xffffffffffffffffn : BigInt(v), r.next() < 0.8);
      return [out, `${kind} ${v} at ${p}`];
    }
  }
}

/** 1–3 stacked byte mutations. */
export function mutateBytesN(r: Rng, src: Uint8Array): [Uint8Array, string] {
  let out = src;
  const done: string[] = [];
  const n = 1 + (r.next() < 0.7 ? 0 : int(r, 3));
  for (let i = 0; i < n; i++) {
    const [b, what] = mutateBytes(r, out);
    out = b;
    done.push(what);
  }
  return [out, done.join('; ')];
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path into a JSON value (arrays and objects), up to `max` of them, with `prefer` ones weighted up. */
function paths(v: Json, max = 5000): (string | number)[][] {
  const out: (string | number)[][] = [];
  const walk = (x: Json, p: (string | number)[]) => {
    if (out.length >= max) return;
    out.push(p);
    if (Array.isArray(x)) x.forEach((y, i) => walk(y, [...p, i]));
    else if (x && typeof x === 'object') for (const k of Object.keys(x)) walk(x[k]!, [...p, k]);
  };
  walk(v, []);
  return out;
}

function weird(r: Rng, old: Json): Json {
  const n = typeof old === 'number' ? old : 1;
  return pick<() => Json>(r, [
    () => null,
    () => true,
    () => 0,
    () => -1,
    () => -n,
    () => n + 1,
    () => n * 2 + 1,
    () => 0.5,
    () => 1e308,
    () => -1e308,
    () => 2 ** 53 + 1,
    () => 4294967296,
    () => '',
    () => String(old),
    () => '../../../../etc/passwd',
    () => '%2e%2e%2f%2e%2e%2fx',
    () => '/dev/zero',
    () => 'a'.repeat(10_000),
    () => [],
    () => [old],
    () => ({}),
    () => ({ value: old }),
    () => JSON.parse('['.repeat(64) + '1' + ']'.repeat(64)) as Json,
  ])();
}

/** One JSON-aware mutation of a JSON text; `focus` prefers paths that start with that key. */
export function mutateJson(r: Rng, text: string, focus?: string): [string, string] {
  let v: Json;
  try {
    v = JSON.parse(text) as Json;
  } catch {
    const [b, what] = mutateBytes(r, new TextEncoder().encode(text));
    return [new TextDecoder().decode(b), what];
  }
  let all = paths(v).filter((p) => p.length > 0);
  if (focus && r.next() < 0.85) {
    const f = all.filter((p) => p[0] === focus);
    if (f.length) all = f;
  }
  if (all.length === 0) return [text + ' ', 'append space'];
  const p = pick(r, all);
  const parent = p.slice(0, -1).reduce<Json>((x, k) => (x as Record<string, Json>)[k as string]!, v) as
    Json[] | Record<string, Json>;
  const key = p[p.length - 1]!;
  const old = (parent as Record<string, Json>)[key as string]!;
  const op = pick(r, ['replace', 'replace', 'replace', 'delete', 'duplicate', 'rename', 'swap']);
  const where = p.join('.');
  if (op === 'replace') {
    (parent as Record<string, Json>)[key as string] = weird(r, old);
  } else if (op === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  } else if (op === 'rename' && !Array.isArray(parent)) {
    delete parent[key as string];
    parent[`${String(key)}${pick(r, ['_', ' ', '/', '..', '\u0000'])}`] = old;
  } else if (op === 'swap' && Array.isArray(parent) && parent.length > 1) {
    const j = int(r, parent.length);
    [parent[key as number], parent[j]] = [parent[j]!, parent[key as number]!];
  } else if (op === 'duplicate') {
    // A duplicate key cannot be built as an object: splice it into the text after serialising.
    if (!Array.isArray(parent)) {
      const s = JSON.stringify(v);
      const needle = `${JSON.stringify(String(key))}:`;
      const i = s.indexOf(needle);
      if (i >= 0) {
        const dup = `${needle}${JSON.stringify(weird(r, old))},`;
        return [s.slice(0, i) + dup + s.slice(i), `duplicate key ${where}`];
      }
    } else parent.splice(key as number, 0, old);
  }
  return [JSON.stringify(v), `${op} ${where}`];
}

/** CRC-32 (PNG chunks; ISO 3309 / ITU-T V.42, as in the PNG spec https://www.w3.org/TR/png-3/#5CRC-algorithm). */
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < b.length; i++) c = CRC_TABLE[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Recomputes every PNG chunk CRC, so a mutated header reaches the decoder instead of failing the CRC. */
export function fixPngCrcs(b: Uint8Array): Uint8Array {
  const out = b.slice();
  const dv = new DataView(out.buffer);
  let at = 8;
  while (at + 12 <= out.length) {
    const n = dv.getUint32(at);
    if (at + 12 + n > out.length) break;
    dv.setUint32(at + 8 + n, crc32(out.subarray(at + 4, at + 8 + n)));
    at += 12 + n;
  }
  return out;
}
