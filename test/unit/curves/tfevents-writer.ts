/**
 * A tiny, independent TensorBoard event-file writer for the tests: protobuf bytes encoded by hand
 * (field numbers from tensorflow's event.proto, summary.proto and tensor.proto) and TFRecord framing
 * with a bitwise CRC-32C (not the table-driven one under test).
 */

function crc32cBitwise(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

const mask = (c: number) => ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;

function varint(n: number): number[] {
  const out: number[] = [];
  let v = BigInt(n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return out;
}

const key = (field: number, wire: number) => varint((field << 3) | wire);
const bytesField = (field: number, b: number[] | Uint8Array) => [...key(field, 2), ...varint(b.length), ...b];
const str = (field: number, s: string) => bytesField(field, [...new TextEncoder().encode(s)]);
const f32 = (x: number) => [...new Uint8Array(new Float32Array([x]).buffer)];
const f64 = (x: number) => [...new Uint8Array(new Float64Array([x]).buffer)];

export type TestValue =
  | { tag: string; simple: number }
  /** TF2 style: a float tensor, optionally with the 'scalars' plugin metadata. */
  | { tag: string; tensor: number; plugin?: string; asFloatVal?: boolean };

export interface TestEvent {
  wallTime: number;
  step: number;
  fileVersion?: string;
  values?: TestValue[];
  sessionStart?: boolean;
}

function encodeValue(v: TestValue): number[] {
  const out = [...str(1, v.tag)];
  if ('simple' in v) out.push(...key(2, 5), ...f32(v.simple));
  else {
    const tensor = v.asFloatVal
      ? [...key(1, 0), 1, ...bytesField(5, f32(v.tensor))]
      : [...key(1, 0), 1, ...bytesField(4, f32(v.tensor))];
    out.push(...bytesField(8, tensor));
    if (v.plugin) out.push(...bytesField(9, bytesField(1, str(1, v.plugin))));
  }
  return out;
}

export function encodeEvent(e: TestEvent): Uint8Array {
  const out = [...key(1, 1), ...f64(e.wallTime), ...key(2, 0), ...varint(e.step)];
  if (e.fileVersion) out.push(...str(3, e.fileVersion));
  if (e.values)
    out.push(
      ...bytesField(
        5,
        e.values.flatMap((v) => bytesField(1, encodeValue(v))),
      ),
    );
  if (e.sessionStart) out.push(...bytesField(7, [...key(1, 0), 1]));
  return new Uint8Array(out);
}

export function frame(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(16 + data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, data.length, true);
  v.setUint32(4, 0, true);
  v.setUint32(8, mask(crc32cBitwise(out.subarray(0, 8))), true);
  out.set(data, 12);
  v.setUint32(12 + data.length, mask(crc32cBitwise(data)), true);
  return out;
}

export function eventFile(events: TestEvent[]): Uint8Array {
  const parts = events.map((e) => frame(encodeEvent(e)));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
