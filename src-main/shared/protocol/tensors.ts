/**
 * Tensors as binary payloads (a whole transferable ArrayBuffer, never JSON arrays), and debug.tensor's
 * pattern, which both ends compute to check the binary path. Part of shared/protocol, which re-exports it.
 */
import { ProtocolError } from './errors.js';

export type TensorDType = 'float32' | 'int32' | 'uint8' | 'int8';

/** A tensor whose data travels as binary. `data` is a whole, unshared ArrayBuffer (transferable). */
export interface TensorPayload {
  dtype: TensorDType;
  shape: number[];
  data: ArrayBuffer;
}

type TypedFor = {
  float32: Float32Array;
  int32: Int32Array;
  uint8: Uint8Array;
  int8: Int8Array;
};

/** Wraps typed-array data as a payload; copies only when the array is a view into a larger buffer. */
export function tensorPayload<D extends TensorDType>(
  dtype: D,
  shape: number[],
  values: TypedFor[D],
): TensorPayload {
  const n = shape.reduce((a, b) => a * b, 1);
  if (values.length !== n)
    throw new ProtocolError(
      'bad_request',
      `Tensor of shape [${shape}] needs ${n} values, got ${values.length}.`,
    );
  const whole =
    values.byteOffset === 0 &&
    values.byteLength === values.buffer.byteLength &&
    values.buffer instanceof ArrayBuffer;
  const data = whole ? (values.buffer as ArrayBuffer) : (values.slice().buffer as ArrayBuffer);
  return { dtype, shape: [...shape], data };
}

/** A typed-array view of a payload's data (no copy). */
export function tensorValues<D extends TensorDType>(t: TensorPayload & { dtype: D }): TypedFor[D] {
  switch (t.dtype) {
    case 'float32':
      return new Float32Array(t.data) as TypedFor[D];
    case 'int32':
      return new Int32Array(t.data) as TypedFor[D];
    case 'uint8':
      return new Uint8Array(t.data) as TypedFor[D];
    case 'int8':
      return new Int8Array(t.data) as TypedFor[D];
  }
  throw new ProtocolError('bad_request', `Unknown dtype ${String(t.dtype)}.`);
}

// debug.tensor's pattern, shared so both ends can check it

/** Exactly representable in float32: multiples of 1/256 in [-128, 128). */
export function debugTensorValue(i: number, seed: number): number {
  return ((i * 7919 + seed * 104729) % 65536) / 256 - 128;
}

/** 32-bit FNV-1a over bytes. */
export function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
