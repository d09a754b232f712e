/**
 * One node's activation, batch item 0, reduced to what the renderer needs: 8-bit codes per channel
 * (value = offset[c] + scale[c] · q, so the error is at most scale[c] / 2) laid out channel by
 * channel (CHW), plus exact per-channel statistics computed from the full-precision values before
 * quantising: min, max, mean and the fraction of exact zeros (ReLU's dead units).
 */
import type { HostTensor } from '../onnx/backend.js';

export interface ChannelStats {
  min: Float32Array;
  max: Float32Array;
  mean: Float32Array;
  /** Fraction of the channel's values that are exactly 0. */
  zeros: Float32Array;
}

export interface QuantisedTensor {
  /** [H, W, C] for feature maps, [C] for vectors (the batch dimension dropped). */
  shape: number[];
  /** 'chw': data holds C planes of H·W codes; 'c': one code per channel. */
  layout: 'chw' | 'c';
  data: Uint8Array;
  scale: Float32Array;
  offset: Float32Array;
  stats: ChannelStats;
}

// Per-channel sums for channelStats, reused across calls (grown on need) so a pass over ~400 nodes
// allocates only the stats it returns.
let sumScratch = new Float64Array(0);

/** Statistics of a [1, ..., C] tensor's first batch item, per channel (channels last), in one pass. */
export function channelStats(t: HostTensor): ChannelStats {
  const C = t.shape[t.shape.length - 1]!;
  const n = t.shape.slice(1, -1).reduce((a, b) => a * b, 1);
  const min = new Float32Array(C).fill(Infinity);
  const max = new Float32Array(C).fill(-Infinity);
  if (sumScratch.length < C) sumScratch = new Float64Array(C);
  const sum = sumScratch.fill(0, 0, C);
  const zeros = new Float32Array(C);
  const d = t.data;
  for (let i = 0, base = 0; i < n; i++, base += C) {
    for (let c = 0; c < C; c++) {
      const v = d[base + c]!;
      if (v < min[c]!) min[c] = v;
      if (v > max[c]!) max[c] = v;
      sum[c] += v;
      if (v === 0) zeros[c] += 1;
    }
  }
  const mean = new Float32Array(C);
  for (let c = 0; c < C; c++) {
    mean[c] = sum[c]! / n;
    zeros[c] = zeros[c]! / n;
  }
  return { min, max, mean, zeros };
}

/** The per-channel code mapping the stats imply: value = offset + scale · q over [min, max]. */
export function quantParams(stats: ChannelStats): { scale: Float32Array; offset: Float32Array } {
  const C = stats.min.length;
  const scale = new Float32Array(C);
  const offset = new Float32Array(C);
  for (let c = 0; c < C; c++) {
    offset[c] = stats.min[c]!;
    const range = stats.max[c]! - stats.min[c]!;
    scale[c] = range > 0 ? range / 255 : 0;
  }
  return { scale, offset };
}

/** Codes a tensor; pass the stats when they are already known (the lazy path computes them first). */
export function quantise(t: HostTensor, stats: ChannelStats = channelStats(t)): QuantisedTensor {
  const shape = t.shape.slice(1);
  const C = shape[shape.length - 1]!;
  const n = shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const { scale, offset } = quantParams(stats);
  const inv = new Float32Array(C);
  for (let c = 0; c < C; c++) {
    const range = stats.max[c]! - stats.min[c]!;
    inv[c] = range > 0 ? 255 / range : 0;
  }
  const data = new Uint8Array(n * C);
  const d = t.data;
  for (let i = 0; i < n; i++) {
    const base = i * C;
    for (let c = 0; c < C; c++) data[c * n + i] = Math.round((d[base + c]! - offset[c]!) * inv[c]!);
  }
  return { shape, layout: shape.length === 1 ? 'c' : 'chw', data, scale, offset, stats };
}

/**
 * Codes a feature map that arrives as CHW planes (ONNX Runtime's layout) with its min/max/mean
 * already measured, and counts each channel's zeros into stats.zeros on the way.
 */
export function quantisePlanes(planes: Float32Array, shape: number[], stats: ChannelStats): QuantisedTensor {
  const C = shape[shape.length - 1]!;
  const n = planes.length / C;
  const { scale, offset } = quantParams(stats);
  const data = new Uint8Array(planes.length);
  // Clamped stores: a value a hair outside the measured range still codes to 0 or 255.
  const codes = new Uint8ClampedArray(data.buffer);
  for (let c = 0, base = 0; c < C; c++, base += n) {
    const range = stats.max[c]! - stats.min[c]!;
    const inv = range > 0 ? 255 / range : 0;
    const off = offset[c]!;
    let zeros = 0;
    for (let i = base; i < base + n; i++) {
      const v = planes[i]!;
      if (v === 0) zeros++;
      codes[i] = (v - off) * inv;
    }
    stats.zeros[c] = zeros / n;
  }
  return { shape, layout: 'chw', data, scale, offset, stats };
}

/** The value a code stands for, at channel c, position i within the channel. */
export function dequantise(q: QuantisedTensor, c: number, i: number): number {
  const n = q.data.length / q.scale.length;
  return q.offset[c]! + q.scale[c]! * q.data[c * n + i]!;
}
