import { describe, expect, it } from 'vitest';
import type { ActivationsTensorResult, NodeActivation } from '../../../src-main/shared/protocol/index';
import {
  channelValues,
  dims,
  fromTensorResult,
  withZeros,
  layerSummary,
  qBytes,
  scaled,
  scaledStats,
  statsOf,
  valueAt,
} from './quant';

const payload = (dtype: 'uint8' | 'float32', shape: number[], v: number[]) => ({
  dtype,
  shape,
  data: (dtype === 'uint8' ? Uint8Array.from(v) : Float32Array.from(v)).buffer,
});

// Two channels of a 1×3 plane: channel 0 spans [−1, 126.5] in steps of 0.5, channel 1 [2, 27.5] in steps of 0.1.
const result: ActivationsTensorResult = {
  runId: 'r',
  nodeId: 'n',
  shape: [1, 3, 2],
  layout: 'chw',
  data: payload('uint8', [2, 1, 3], [0, 128, 255, 10, 20, 30]),
  scale: payload('float32', [2], [0.5, 0.25]),
  offset: payload('float32', [2], [-1, 2]),
  zeros: payload('float32', [2], [0, 0]),
};

describe('quantised tensors', () => {
  it('reads H, W, C from feature-map and vector shapes', () => {
    expect(dims([28, 28, 64])).toEqual({ H: 28, W: 28, C: 64 });
    expect(dims([1000])).toEqual({ H: 1, W: 1, C: 1000 });
    expect(() => dims([1, 2])).toThrow();
  });

  it('dequantises value = offset + scale · code', () => {
    const t = fromTensorResult(result);
    expect([t.C, t.H, t.W]).toEqual([2, 1, 3]);
    expect(valueAt(t, 0, 0)).toBe(-1); // −1 + 0.5·0
    expect(valueAt(t, 0, 1)).toBe(63); // −1 + 0.5·128
    expect(valueAt(t, 1, 2)).toBe(9.5); // 2 + 0.25·30
    expect([...channelValues(t, 0)]).toEqual([-1, 63, 126.5]);
    expect([...channelValues(t, 1)]).toEqual([4.5, 7, 9.5]);
    expect(qBytes(t)).toBe(6 + 8 + 8);
  });

  it('rejects codes that do not fit the shape', () => {
    expect(() => fromTensorResult({ ...result, shape: [2, 3, 2] })).toThrow(/6 codes/);
  });

  it('scales a tensor by changing only scale and offset', () => {
    const t = scaled(fromTensorResult(result), 0.5);
    expect([...t.scale]).toEqual([0.25, 0.125]);
    expect([...t.offset]).toEqual([-0.5, 1]);
    expect(valueAt(t, 0, 2)).toBe(63.25); // half of 126.5
    expect([...t.codes]).toEqual([0, 128, 255, 10, 20, 30]);
  });

  it('splits the [4, C] stats payload into rows', () => {
    const n: NodeActivation = {
      id: 'n',
      shape: [1, 3, 2],
      layout: 'chw',
      stats: payload('float32', [4, 2], [-1, 2, 126.5, 9.5, 40, 5, 0.5, 0]),
      quant: payload('float32', [2, 2], [0.5, 0.25, -1, 2]),
    };
    const s = statsOf(n);
    expect([...s.min]).toEqual([-1, 2]);
    expect([...s.max]).toEqual([126.5, 9.5]);
    expect([...s.mean]).toEqual([40, 5]);
    expect([...s.zeros]).toEqual([0.5, 0]);
    // Layer: min of mins, max of maxes, mean of means (45/2), mean zero fraction (0.5/2).
    expect(layerSummary(s)).toEqual({ min: -1, max: 126.5, mean: 22.5, zeros: 0.25 });
  });

  it('scales statistics, swapping min and max for a negative factor', () => {
    const s = {
      min: Float32Array.of(-1, 0),
      max: Float32Array.of(3, 2),
      mean: Float32Array.of(1, 0.5),
      zeros: Float32Array.of(0.25, 0.5),
    };
    const h = scaledStats(s, 0.5);
    expect([...h.min, ...h.max, ...h.mean, ...h.zeros]).toEqual([-0.5, 0, 1.5, 1, 0.5, 0.25, 0.25, 0.5]);
    const n = scaledStats(s, -2);
    expect([...n.min]).toEqual([-6, -4]);
    expect([...n.max]).toEqual([2, -0]);
    expect([...n.mean]).toEqual([-2, -1]);
  });
});

describe('withZeros', () => {
  const stats = (z: number) => ({
    min: Float32Array.of(0),
    max: Float32Array.of(1),
    mean: Float32Array.of(0.5),
    zeros: Float32Array.of(z),
  });
  it('takes the zero fractions a fetched tensor brought when the run summary did not know them', () => {
    const t = fromTensorResult({ ...result, zeros: payload('float32', [2], [0.25, 0.5]) });
    expect(Array.from(withZeros(stats(NaN), t).zeros)).toEqual([0.25, 0.5]);
    expect(Number.isNaN(withZeros(stats(NaN), undefined).zeros[0])).toBe(true);
    expect(withZeros(stats(0.1), t).zeros[0]).toBeCloseTo(0.1, 6); // known already: kept
  });
});

describe('channel windows', () => {
  it('takes channels [from, from + n) of codes, scales and stats, clipped to the tensor', async () => {
    const { channelWindow, statsWindow } = await import('./quant');
    const t = {
      nodeId: 'n',
      C: 3,
      H: 1,
      W: 2,
      codes: Uint8Array.from([1, 2, 3, 4, 5, 6]),
      scale: Float32Array.from([0.1, 0.2, 0.3]),
      offset: Float32Array.from([0, 1, 2]),
      zeros: Float32Array.from([0, 0.5, 1]),
    };
    const w = channelWindow(t, 1, 5);
    expect(w.C).toBe(2);
    expect([...w.codes]).toEqual([3, 4, 5, 6]);
    expect([...w.offset]).toEqual([1, 2]);
    expect(valueAt(w, 0, 1)).toBeCloseTo(valueAt(t, 1, 1), 6);
    const s = statsWindow({ min: t.offset, max: t.scale, mean: t.offset, zeros: t.zeros }, 2, 1);
    expect([...s.zeros]).toEqual([1]);
  });
});
