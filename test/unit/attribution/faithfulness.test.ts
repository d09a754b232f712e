/**
 * The faithfulness figure by hand, on a stub backend whose class-0 logit is the sum of the red channel
 * and class-1 logit 0: removing the k % top-attributed pixels replaces exactly those pixels by the
 * blurred image, the random baseline replaces at most k % pixels, and drop = p₀(x) − p₀(x̃) with p the
 * softmax computed here. The blur keeps constants and (away from the clamped edges) linear ramps.
 */
import { describe, expect, it } from 'vitest';
import type { AttributionContext } from '../../../src-main/engine/attribution/context.js';
import { faithfulness, gaussianBlur } from '../../../src-main/engine/attribution/faithfulness.js';
import type { GradientBackend } from '../../../src-main/engine/gradients/types.js';
import { tinyAnalysis } from './tiny-net.js';

const a = tinyAnalysis(); // 8 × 8 × 3 input
const seen: Float32Array[] = [];
const stub: GradientBackend = {
  name: 'tfjs',
  analysis: a,
  gradient: () => Promise.reject(new Error('not used')),
  forward: (input, batch) => {
    const logits = new Float32Array(batch * 3);
    for (let b = 0; b < batch; b++) {
      const img = input.subarray(b * 192, (b + 1) * 192);
      seen.push(img.slice());
      let red = 0;
      for (let p = 0; p < 64; p++) red += img[p * 3]!;
      logits[b * 3] = red / 16;
    }
    return Promise.resolve({ logits: { data: logits, shape: [batch, 3] }, values: {} });
  },
  dispose: () => undefined,
};

const p0 = (logit: number) => Math.exp(logit) / (Math.exp(logit) + 2);

describe('faithfulness', () => {
  it('removes exactly the top-attributed pixels and reports the softmax drop', async () => {
    // Red = 1 on the left half, 0 on the right; the map points at the left half's first 13 pixels.
    const input = new Float32Array(192);
    for (let y = 0; y < 8; y++) for (let x = 0; x < 4; x++) input[(y * 8 + x) * 3] = 1;
    const map = new Float32Array(64);
    const top = [0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24];
    top.forEach((p, i) => (map[p] = 1 - i / 100));
    const ctx: AttributionContext = { backend: stub, input, classIndex: 0 };
    seen.length = 0;
    const f = await faithfulness(ctx, map, 20, 3);
    expect(seen).toHaveLength(3);
    const [orig, removed, random] = seen as [Float32Array, Float32Array, Float32Array];
    expect(orig).toEqual(input);
    const blurred = gaussianBlur(input, { h: 8, w: 8, c: 3 }, 8 / 20);
    const changed = (img: Float32Array) =>
      Array.from({ length: 64 }, (_, p) => p).filter((p) =>
        [0, 1, 2].some((c) => img[p * 3 + c] !== input[p * 3 + c]),
      );
    // round(64 × 20 %) = 13 pixels, each now holding the blurred image's value.
    for (let p = 0; p < 64; p++)
      for (let c = 0; c < 3; c++)
        expect(removed[p * 3 + c]).toBe(top.includes(p) ? blurred[p * 3 + c] : input[p * 3 + c]);
    expect(changed(random).length).toBeLessThanOrEqual(13);
    const sumRed = (img: Float32Array) =>
      Array.from({ length: 64 }, (_, p) => img[p * 3]!).reduce((s, v) => s + v, 0);
    expect(f.before).toBeCloseTo(p0(32 / 16), 12);
    expect(f.after).toBeCloseTo(p0(sumRed(removed) / 16), 6);
    expect(f.drop).toBeCloseTo(f.before - f.after, 12);
    expect(f.randomDrop).toBeCloseTo(f.before - p0(sumRed(random) / 16), 6);
    expect(f.removePercent).toBe(20);
  });

  it('blurs without changing a constant image, and keeps a linear ramp away from the edges', () => {
    const s = { h: 8, w: 8, c: 3 };
    const flat = new Float32Array(192).fill(0.7);
    for (const v of gaussianBlur(flat, s, 1.5)) expect(v).toBeCloseTo(0.7, 6);
    const ramp = Float32Array.from({ length: 192 }, (_, i) => Math.floor(i / 3) % 8);
    const b = gaussianBlur(ramp, s, 0.8);
    // A linear ramp is kept away from the clamped edges (the kernel is symmetric).
    expect(b[(3 * 8 + 4) * 3]).toBeCloseTo(4, 4);
  });
});
