/**
 * A map's faithfulness: how much the target's confidence drops when the map's top-attributed k % of
 * pixels are removed — the deletion / "most relevant first" perturbation of Samek et al. 2017
 * (https://arxiv.org/abs/1509.06321, §III) and Petsiuk et al.'s deletion metric (RISE,
 * https://arxiv.org/abs/1806.07421, §4.1) at one point of the curve. "Removed" means replaced by a
 * Gaussian-blurred copy of the image (Fong & Vedaldi 2017, https://arxiv.org/abs/1704.03296, §3.1),
 * which takes the region's information away without adding sharp edges. The same number of random
 * pixels is removed too: a map worth looking at drops the confidence more than chance does.
 * drop = softmax(f(x))_c − softmax(f(x̃))_c (for a channel target: its mean before − after). One
 * forward pass of three images.
 */
import { Rng } from '../data/rng.js';
import type { AttributionContext, InputShape } from './context.js';
import { inputShape } from './context.js';
import { softmax, topIndices } from './maps.js';
import { targetKeep, targetScores } from './target.js';

export interface FaithfulnessFigure {
  removePercent: number;
  before: number;
  after: number;
  drop: number;
  randomDrop: number;
}

/** Separable Gaussian blur of an [H, W, C] image, σ in pixels, edges clamped. */
export function gaussianBlur(x: Float32Array, s: InputShape, sigma: number): Float32Array {
  const r = Math.max(1, Math.ceil(3 * sigma));
  const k = Float64Array.from({ length: 2 * r + 1 }, (_, i) =>
    Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)),
  );
  const ks = k.reduce((a, b) => a + b, 0);
  const kn = k.map((v) => v / ks);
  const pass = (src: Float32Array, horizontal: boolean) => {
    const out = new Float32Array(src.length);
    for (let y = 0; y < s.h; y++)
      for (let x = 0; x < s.w; x++)
        for (let ch = 0; ch < s.c; ch++) {
          let acc = 0;
          for (let t = -r; t <= r; t++) {
            const yy = horizontal ? y : Math.min(s.h - 1, Math.max(0, y + t));
            const xx = horizontal ? Math.min(s.w - 1, Math.max(0, x + t)) : x;
            acc += kn[t + r]! * src[(yy * s.w + xx) * s.c + ch]!;
          }
          out[(y * s.w + x) * s.c + ch] = acc;
        }
    return out;
  };
  return pass(pass(x, true), false);
}

export async function faithfulness(
  ctx: AttributionContext,
  map: Float32Array,
  removePercent = 20,
  seed = 1,
): Promise<FaithfulnessFigure> {
  const s = inputShape(ctx);
  const hw = s.h * s.w;
  const k = Math.max(1, Math.round((hw * removePercent) / 100));
  const blurred = gaussianBlur(ctx.input, s, Math.max(s.h, s.w) / 20);
  const remove = (pixels: number[]) => {
    const out = ctx.input.slice();
    for (const p of pixels) for (let ch = 0; ch < s.c; ch++) out[p * s.c + ch] = blurred[p * s.c + ch]!;
    return out;
  };
  const rng = new Rng(seed);
  const order = Array.from({ length: hw }, (_, i) => i);
  for (let i = hw - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const batch = new Float32Array(3 * ctx.input.length);
  batch.set(ctx.input, 0);
  batch.set(remove(topIndices(map, k)), ctx.input.length);
  batch.set(remove(order.slice(0, k)), 2 * ctx.input.length);
  const r = await ctx.backend.forward(batch, 3, targetKeep(ctx), ctx.signal);
  const classes = r.logits.shape[1]!;
  // A class's confidence is its softmax probability; a channel target has no softmax: its mean.
  const p = ctx.channel
    ? Array.from(targetScores(ctx, r, 3))
    : [0, 1, 2].map((i) => softmax(r.logits.data.subarray(i * classes, (i + 1) * classes))[ctx.classIndex]!);
  return { removePercent, before: p[0]!, after: p[1]!, drop: p[0]! - p[1]!, randomDrop: p[0]! - p[2]! };
}
