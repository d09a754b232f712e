/**
 * A node's activation as the renderer holds it: 8-bit codes per channel (CHW planes) with the
 * channel's scale and offset, so value = offset[c] + scale[c] · code. Built from the protocol's
 * binary payloads without copying; full-precision tensors never reach the renderer.
 */
import type {
  ActivationsTensorResult,
  NodeActivation,
  TensorPayload,
} from '../../../src-main/shared/protocol/index';

export interface QTensor {
  nodeId: string;
  /** Channels, and the plane each channel holds (1×1 for vectors). */
  C: number;
  H: number;
  W: number;
  /** C planes of H·W codes. */
  codes: Uint8Array;
  scale: Float32Array;
  offset: Float32Array;
  /** Each channel's fraction of exact zeros (counted engine-side when the node is coded). */
  zeros: Float32Array;
}

/** Exact per-channel statistics, computed engine-side from the full-precision values. */
export interface ChannelStats {
  min: Float32Array;
  max: Float32Array;
  mean: Float32Array;
  /** Fraction of exact zeros (ReLU's dead units); NaN while not yet counted (see withZeros). */
  zeros: Float32Array;
}

const f32 = (p: TensorPayload): Float32Array => new Float32Array(p.data);

/** H, W and C of a [H, W, C] or [C] shape. */
export function dims(shape: readonly number[]): { C: number; H: number; W: number } {
  if (shape.length === 3) return { H: shape[0]!, W: shape[1]!, C: shape[2]! };
  if (shape.length === 1) return { H: 1, W: 1, C: shape[0]! };
  throw new Error(`unexpected activation shape [${shape.join(', ')}]`);
}

export function fromTensorResult(r: ActivationsTensorResult): QTensor {
  const { C, H, W } = dims(r.shape);
  const codes = new Uint8Array(r.data.data);
  if (codes.length !== C * H * W)
    throw new Error(`${r.nodeId}: ${codes.length} codes for shape [${r.shape.join(', ')}]`);
  return {
    nodeId: r.nodeId,
    C,
    H,
    W,
    codes,
    scale: f32(r.scale),
    offset: f32(r.offset),
    zeros: f32(r.zeros),
  };
}

/** Rows min, max, mean, zeros of a node's [4, C] stats payload. */
export function statsOf(n: NodeActivation): ChannelStats {
  const all = f32(n.stats);
  const C = all.length / 4;
  return {
    min: all.subarray(0, C),
    max: all.subarray(C, 2 * C),
    mean: all.subarray(2 * C, 3 * C),
    zeros: all.subarray(3 * C),
  };
}

/**
 * A node's stats with the zero fractions its fetched tensor brought: on ONNX Runtime the run's
 * summary measures min, max and mean only, and zeros are counted when a node is first coded.
 */
export function withZeros(s: ChannelStats, t: QTensor | undefined): ChannelStats {
  return t && Number.isNaN(s.zeros[0]) ? { ...s, zeros: t.zeros } : s;
}

/** The value code `i` of channel c stands for (its error is at most scale[c] / 2). */
export function valueAt(t: QTensor, c: number, i: number): number {
  return t.offset[c]! + t.scale[c]! * t.codes[c * t.H * t.W + i]!;
}

/** One channel's plane, dequantised. */
export function channelValues(t: QTensor, c: number): Float32Array {
  const n = t.H * t.W;
  const out = new Float32Array(n);
  const s = t.scale[c]!;
  const o = t.offset[c]!;
  for (let i = 0; i < n; i++) out[i] = o + s * t.codes[c * n + i]!;
  return out;
}

/** The tensor times a constant (the residual scale): only the per-channel scale and offset change. */
export function scaled(t: QTensor, k: number, nodeId = `${t.nodeId}×${k}`): QTensor {
  return { ...t, nodeId, scale: t.scale.map((s) => s * k), offset: t.offset.map((o) => o * k) };
}

/** Statistics of k·x from those of x (min and max swap when k < 0). */
export function scaledStats(s: ChannelStats, k: number): ChannelStats {
  const a = s.min.map((v) => v * k);
  const b = s.max.map((v) => v * k);
  return {
    min: k >= 0 ? a : b,
    max: k >= 0 ? b : a,
    mean: s.mean.map((v) => v * k),
    zeros: k === 0 ? s.zeros.map(() => 1) : s.zeros.slice(),
  };
}

/** Whole-node summary: extreme min and max, mean of the channel means (equal-sized channels), mean zero fraction. */
export function layerSummary(s: ChannelStats): { min: number; max: number; mean: number; zeros: number } {
  const C = s.min.length;
  let min = Infinity;
  let max = -Infinity;
  let mean = 0;
  let zeros = 0;
  for (let c = 0; c < C; c++) {
    min = Math.min(min, s.min[c]!);
    max = Math.max(max, s.max[c]!);
    mean += s.mean[c]!;
    zeros += s.zeros[c]!;
  }
  return { min, max, mean: C ? mean / C : 0, zeros: C ? zeros / C : 0 };
}

/** Bytes a fetched tensor holds in the renderer. */
export const qBytes = (t: QTensor): number => t.codes.byteLength + t.scale.byteLength + t.offset.byteLength;

/** Channels [from, from + n) of a tensor, as a tensor of their own (views, no copies). */
export function channelWindow(t: QTensor, from: number, n: number): QTensor {
  const a = Math.max(0, Math.min(from, t.C));
  const b = Math.min(t.C, a + Math.max(0, n));
  const plane = t.H * t.W;
  return {
    ...t,
    C: b - a,
    codes: t.codes.subarray(a * plane, b * plane),
    scale: t.scale.subarray(a, b),
    offset: t.offset.subarray(a, b),
    zeros: t.zeros.subarray(a, b),
  };
}

/** The statistics of channels [from, from + n), matching channelWindow. */
export function statsWindow(s: ChannelStats, from: number, n: number): ChannelStats {
  const a = Math.max(0, Math.min(from, s.min.length));
  const b = Math.min(s.min.length, a + Math.max(0, n));
  return {
    min: s.min.subarray(a, b),
    max: s.max.subarray(a, b),
    mean: s.mean.subarray(a, b),
    zeros: s.zeros.subarray(a, b),
  };
}
