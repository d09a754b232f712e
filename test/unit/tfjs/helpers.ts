/** Shared helpers for the tfjs tests: deterministic data and an independent conv reference. */
import * as tf from '@tensorflow/tfjs-core';

/** Deterministic values in [-1, 1) from a small LCG (independent of tfjs' RNG). */
export function lcg(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

export const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** TensorFlow's output size and leading pad for one spatial axis. */
export function tfPadding(
  inSize: number,
  k: number,
  s: number,
  padding: 'same' | 'valid',
): { out: number; before: number } {
  if (padding === 'valid') return { out: Math.floor((inSize - k) / s) + 1, before: 0 };
  const out = Math.ceil(inSize / s);
  const total = Math.max((out - 1) * s + k - inSize, 0);
  return { out, before: Math.floor(total / 2) };
}

/**
 * dL/dW for L = Σ conv2d(x, W) · dy, from the definition, in float64:
 * dW[kh,kw,ci,co] = Σ_{b,oh,ow} x[b, oh·s + kh − padTop, ow·s + kw − padLeft, ci] · dy[b,oh,ow,co].
 */
export function naiveFilterGrad(
  x: Float32Array,
  xShape: number[],
  dy: Float32Array,
  fShape: number[],
  stride: number,
  padding: 'same' | 'valid',
): Float64Array {
  const [B, H, W, CI] = xShape;
  const [KH, KW, , CO] = fShape;
  const ph = tfPadding(H, KH, stride, padding);
  const pw = tfPadding(W, KW, stride, padding);
  const dW = new Float64Array(KH * KW * CI * CO);
  for (let b = 0; b < B; b++)
    for (let oh = 0; oh < ph.out; oh++)
      for (let ow = 0; ow < pw.out; ow++)
        for (let kh = 0; kh < KH; kh++)
          for (let kw = 0; kw < KW; kw++) {
            const ih = oh * stride + kh - ph.before;
            const iw = ow * stride + kw - pw.before;
            if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
            for (let ci = 0; ci < CI; ci++) {
              const xv = x[((b * H + ih) * W + iw) * CI + ci];
              for (let co = 0; co < CO; co++) {
                dW[((kh * KW + kw) * CI + ci) * CO + co] +=
                  xv * dy[((b * ph.out + oh) * pw.out + ow) * CO + co];
              }
            }
          }
  return dW;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} ≠ ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Runs f on a backend and returns plain arrays, leaving the previous backend active. */
export async function onBackend<T>(name: string, f: () => T): Promise<T> {
  const prev = tf.getBackend();
  if (!(await tf.setBackend(name))) throw new Error(`backend ${name} failed to initialise`);
  try {
    return f();
  } finally {
    await tf.setBackend(prev);
  }
}
