/**
 * The ONNX Runtime trainer keeps conv kernels in ONNX layout between steps (ort-feeds.ts). A kernel
 * element (h, w, i, o) of the run's HWIO array sits at OIHW index ((o·I + i)·H + h)·W + w, written out
 * here by hand; checkpoints go back to HWIO, weights and optimizer slots alike, even for a kernel whose
 * HWIO and OIHW shapes are the same list ([3, 3, 3, 3]).
 */
import { describe, expect, it } from 'vitest';
import { GraphLayoutWeights } from '../../../src-main/engine/train/ort-feeds.js';
import type { OrtWeight } from '../../../src-main/engine/train/ort-net.js';

const weight = (name: string, shape: number[]): OrtWeight => ({
  name,
  nodeId: name,
  kind: shape.length === 4 ? 'kernel' : 'bias',
  shape,
  trainable: true,
  data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i),
});

describe('GraphLayoutWeights', () => {
  it('holds kernels as OIHW, other weights as they are, and writes HWIO back', () => {
    const k = weight('k', [2, 3, 4, 5]); // H W I O
    const b = weight('b', [5]);
    const l = new GraphLayoutWeights([k, b]);
    expect(l.shape(k)).toEqual([5, 4, 2, 3]);
    expect(l.data(b)).toBe(b.data);
    const [H, W, I, O] = [2, 3, 4, 5];
    for (const [h, w, i, o] of [
      [1, 2, 3, 4],
      [0, 1, 2, 0],
    ] as const)
      expect(l.data(k)[((o * I + i) * H + h) * W + w]).toBe(((h * W + w) * I + i) * O + o);
    // An update in the graphs' layout reaches the run's array only through toRun.
    l.data(k)[0] = -1; // OIHW (0,0,0,0) = HWIO (0,0,0,0)
    l.data(k)[1] = -2; // OIHW (0,0,0,1) = HWIO (0,1,0,0): index 1·I·O = 20
    expect(k.data[20]).toBe(20);
    l.toRun();
    expect(k.data[0]).toBe(-1);
    expect(k.data[20]).toBe(-2);
  });

  it('a square kernel is transposed too, and restoring refills the same arrays', () => {
    const k = weight('sq', [3, 3, 3, 3]);
    const l = new GraphLayoutWeights([k]);
    const held = l.data(k);
    expect(held[1]).toBe(9); // OIHW (0,0,0,1) = HWIO (0,1,0,0): index 1·I·O = 9
    k.data.fill(7);
    l.fromRun();
    expect(l.data(k)).toBe(held);
    expect(Array.from(held.subarray(0, 3))).toEqual([7, 7, 7]);
  });

  it('optimizer slots go to the run layout and back unchanged', () => {
    const k = weight('k', [2, 3, 4, 5]);
    const l = new GraphLayoutWeights([k]);
    const slot = { variable: 'k', slot: 'ms', shape: [5, 4, 2, 3], data: l.data(k).slice() };
    const [run] = l.slotsToRun([slot]);
    expect(run!.shape).toEqual([2, 3, 4, 5]);
    expect(Array.from(run!.data)).toEqual(Array.from(k.data));
    const [back] = l.slotsFromRun([run!]);
    expect(back!.shape).toEqual([5, 4, 2, 3]);
    expect(Array.from(back!.data)).toEqual(Array.from(slot.data));
  });
});
