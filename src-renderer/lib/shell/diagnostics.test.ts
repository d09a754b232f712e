import { describe, expect, it } from 'vitest';
import { checkDebugTensor } from './diagnostics.js';

/** The pattern the engine promises, written out by hand: ((i·7919 + seed·104729) mod 65536)/256 − 128. */
function expected(n: number, seed: number): Float32Array<ArrayBuffer> {
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = ((i * 7919 + seed * 104729) % 65536) / 256 - 128;
  return v;
}

function fnv(bytes: Uint8Array): number {
  let h = 2166136261;
  for (const b of bytes) h = Math.imul(h ^ b, 16777619) >>> 0;
  return h;
}

describe('debug tensor check', () => {
  it('accepts the agreed pattern with its hash', () => {
    const v = expected(1000, 5);
    const c = checkDebugTensor(
      { tensor: { dtype: 'float32', shape: [1000], data: v.buffer }, fnv1a: fnv(new Uint8Array(v.buffer)) },
      1000,
      5,
    );
    expect(c).toEqual({ ok: true, length: 1000, bytes: 4000, hashMatches: true, firstMismatch: undefined });
  });

  it('finds the first wrong value, a short tensor and a wrong hash', () => {
    const v = expected(100, 1);
    const hash = fnv(new Uint8Array(v.buffer));
    v[42] += 1;
    expect(
      checkDebugTensor({ tensor: { dtype: 'float32', shape: [100], data: v.buffer }, fnv1a: hash }, 100, 1),
    ).toMatchObject({
      ok: false,
      firstMismatch: 42,
      hashMatches: false,
    });
    const short = expected(99, 1);
    expect(
      checkDebugTensor({ tensor: { dtype: 'float32', shape: [99], data: short.buffer }, fnv1a: 0 }, 100, 1),
    ).toMatchObject({
      ok: false,
      firstMismatch: 99,
    });
  });

  it('the hash of "a" is FNV-1a’s published 0xe40c292c', () => {
    const bytes = new Uint8Array([0x61, 0, 0, 0]).subarray(0, 1);
    expect(fnv(bytes)).toBe(0xe40c292c);
  });
});
