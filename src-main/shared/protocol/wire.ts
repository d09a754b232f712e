/**
 * WebSocket framing for protocol messages. A message without binary data is one JSON text frame.
 * A message with binary data is one binary frame:
 *
 *   [u32 LE: header length n][n bytes UTF-8 JSON header][zero padding to 8][segment 0][pad]…
 *
 * The header is {"m": message, "b": [byteLength, …]}; in `m`, each ArrayBuffer became
 * {"$bin": k} and each typed array {"$bin": k, "$view": "Float32Array"} pointing at segment k.
 * Segments start on 8-byte boundaries so a receiver could view them in place.
 * Shared by the Node server and the browser client: no Node or DOM APIs here.
 */

const VIEWS = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
} as const;
type ViewName = keyof typeof VIEWS;

const BIN = '$bin';
const VIEW = '$view';

function viewName(v: ArrayBufferView): ViewName {
  // Node's Buffer is a Uint8Array subclass; it arrives as a plain Uint8Array.
  for (const name of Object.keys(VIEWS) as ViewName[]) if (v instanceof VIEWS[name]) return name;
  return 'Uint8Array';
}

function isPlainRecord(x: object): x is Record<string, unknown> {
  return !Array.isArray(x);
}

/** Replaces binary values with placeholders and returns the byte segments. */
function extract(value: unknown, segments: Uint8Array[]): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof ArrayBuffer) {
    segments.push(new Uint8Array(value));
    return { [BIN]: segments.length - 1 };
  }
  if (ArrayBuffer.isView(value)) {
    segments.push(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    return { [BIN]: segments.length - 1, [VIEW]: viewName(value) };
  }
  if (Array.isArray(value)) return value.map((v) => extract(v, segments));
  if (isPlainRecord(value)) {
    if (BIN in value) throw new Error(`Cannot encode an object with a "${BIN}" key.`);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = extract(v, segments);
    return out;
  }
  return value;
}

function restore(value: unknown, buffers: ArrayBuffer[]): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => restore(v, buffers));
  const rec = value as Record<string, unknown>;
  if (typeof rec[BIN] === 'number') {
    const buf = buffers[rec[BIN] as number];
    if (!buf) throw new Error(`Frame refers to missing segment ${String(rec[BIN])}.`);
    const view = rec[VIEW];
    if (view === undefined) return buf;
    if (typeof view !== 'string' || !(view in VIEWS)) throw new Error(`Unknown view type ${String(view)}.`);
    return new VIEWS[view as ViewName](buf);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rec)) out[k] = restore(v, buffers);
  return out;
}

const pad8 = (n: number) => (n + 7) & ~7;

/** Deepest nesting a client message may have; the protocol's own params stay under 10. */
export const MAX_CLIENT_DEPTH = 64;

/** A frame the receiver refuses; `id` is the request's id when it could still be read, to answer it. */
export class FrameError extends Error {
  constructor(
    readonly reason: 'too_deep' | 'malformed',
    message: string,
    readonly id?: number,
  ) {
    super(message);
    this.name = 'FrameError';
  }
}

/**
 * Whether JSON text nests deeper than `max`, found in one pass over the characters (brackets inside
 * strings do not count). A message nested 100,000 deep parses, but serialising it for the engine
 * overflows the stack and the request would never be answered.
 */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** The same for a decoded value (Electron IPC hands the main side objects, not text); no recursion. */
export function valueDepthExceeds(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  let seen = 0;
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object' || v instanceof ArrayBuffer || ArrayBuffer.isView(v)) continue;
    if (d + 1 > max) return true;
    // A wide message is bounded by its size; this only stops a pathological one from taking long.
    if (++seen > 1_000_000) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return false;
}

/** The top-level `id` of JSON text that is already known to be refused, so the refusal can name it. */
function idOf(text: string): number | undefined {
  try {
    const m = JSON.parse(text) as unknown;
    const id =
      m !== null && typeof m === 'object' ? (m as { id?: unknown; m?: { id?: unknown } }) : undefined;
    const v = id?.id ?? id?.m?.id;
    return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined;
  } catch {
    return undefined;
  }
}

function parseLimited(text: string, maxDepth: number | undefined): unknown {
  if (maxDepth !== undefined && jsonDepthExceeds(text, maxDepth)) {
    throw new FrameError('too_deep', `The message nests deeper than ${maxDepth} levels.`, idOf(text));
  }
  return JSON.parse(text);
}

export interface DecodeOptions {
  /** Refuse JSON nested deeper than this (the server sets it for what clients send). */
  maxDepth?: number;
}

/** Encodes a message as a text frame (no binaries) or a binary frame. */
export function encodeFrame(message: unknown): string | Uint8Array {
  const segments: Uint8Array[] = [];
  const m = extract(message, segments);
  if (segments.length === 0) return JSON.stringify(m);
  const header = new TextEncoder().encode(JSON.stringify({ m, b: segments.map((s) => s.byteLength) }));
  let at = pad8(4 + header.length);
  const offsets = segments.map((s) => {
    const off = at;
    at = pad8(at + s.byteLength);
    return off;
  });
  const out = new Uint8Array(offsets[offsets.length - 1] + segments[segments.length - 1].byteLength);
  new DataView(out.buffer).setUint32(0, header.length, true);
  out.set(header, 4);
  segments.forEach((s, k) => out.set(s, offsets[k]));
  return out;
}

/** Decodes a text or binary frame. Each binary value becomes its own ArrayBuffer (a copy). */
export function decodeFrame(frame: string | ArrayBuffer | Uint8Array, opts: DecodeOptions = {}): unknown {
  if (typeof frame === 'string') return parseLimited(frame, opts.maxDepth);
  // A plain Uint8Array over the same memory: Node's Buffer#slice would not copy.
  const bytes =
    frame instanceof Uint8Array
      ? new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength)
      : new Uint8Array(frame);
  if (bytes.byteLength < 4) throw new Error('Binary frame too short.');
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  if (4 + n > bytes.byteLength) throw new Error('Binary frame header overruns the frame.');
  const header = parseLimited(new TextDecoder().decode(bytes.subarray(4, 4 + n)), opts.maxDepth) as {
    m: unknown;
    b: unknown;
  };
  if (!Array.isArray(header.b)) throw new Error('Binary frame header has no segment table.');
  let at = pad8(4 + n);
  const buffers = header.b.map((len: unknown) => {
    if (!Number.isSafeInteger(len) || (len as number) < 0 || at + (len as number) > bytes.byteLength) {
      throw new Error('Segment out of range.');
    }
    const buf = bytes.slice(at, at + (len as number)).buffer as ArrayBuffer;
    at = pad8(at + (len as number));
    return buf;
  });
  return restore(header.m, buffers);
}

/** Whole ArrayBuffers in a message, for a postMessage transfer list (views into larger buffers are left out). */
export function transferables(message: unknown, out: ArrayBuffer[] = []): ArrayBuffer[] {
  if (message === null || typeof message !== 'object') return out;
  if (message instanceof ArrayBuffer) {
    if (!out.includes(message)) out.push(message);
  } else if (ArrayBuffer.isView(message)) {
    const b = message.buffer;
    if (
      b instanceof ArrayBuffer &&
      message.byteOffset === 0 &&
      message.byteLength === b.byteLength &&
      !out.includes(b)
    )
      out.push(b);
  } else if (Array.isArray(message)) {
    for (const v of message) transferables(v, out);
  } else {
    for (const v of Object.values(message)) transferables(v, out);
  }
  return out;
}
