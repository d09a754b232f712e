/** Checks the engine's debug tensor against the agreed pattern: proves the binary path end to end. */
import { debugTensorValue, fnv1a, type DebugTensorResult } from '../../../src-main/shared/protocol/index.js';

export interface TensorCheck {
  ok: boolean;
  length: number;
  bytes: number;
  hashMatches: boolean;
  /** Index of the first wrong value, if any. */
  firstMismatch?: number;
}

export function checkDebugTensor(r: DebugTensorResult, length: number, seed: number): TensorCheck {
  const bytes = r.tensor.data instanceof ArrayBuffer ? new Uint8Array(r.tensor.data) : new Uint8Array(0);
  const values = new Float32Array(bytes.buffer, 0, Math.floor(bytes.byteLength / 4));
  let firstMismatch: number | undefined;
  if (values.length !== length) firstMismatch = Math.min(values.length, length);
  else
    for (let i = 0; i < length; i++)
      if (values[i] !== debugTensorValue(i, seed)) {
        firstMismatch = i;
        break;
      }
  const hashMatches = fnv1a(bytes) === r.fnv1a;
  return {
    ok: firstMismatch === undefined && hashMatches,
    length: values.length,
    bytes: bytes.byteLength,
    hashMatches,
    firstMismatch,
  };
}
