/**
 * SmoothGrad (Smilkov et al. 2017, https://arxiv.org/abs/1706.03825): the saliency averaged over
 * noisy copies of the image, x + N(0, σ²) with σ = noise × (max x − min x) (§3, "noise level").
 * As Captum's NoiseTunnel(Saliency) does (nt_type='smoothgrad', abs=True), the |gradient| of each
 * sample is averaged; the map is then the maximum over colour channels, as for vanilla gradients.
 */
import { Rng } from '../data/rng.js';
import type { AttributionContext, PixelMap } from './context.js';
import { inBatches, inputShape } from './context.js';
import { featureMap, maxAbsOverChannels } from './maps.js';
import { gradTarget } from './target.js';

export interface SmoothGradOptions {
  samples: number;
  /** σ as a fraction of the input's range. */
  noise: number;
  seed: number;
  /** The noise draws (tests pass their own); default: seeded standard normals. */
  draw?: (sample: number) => Float32Array;
  batch?: number;
}

export async function smoothGrad(ctx: AttributionContext, o: SmoothGradOptions): Promise<PixelMap> {
  const { h, w, c } = inputShape(ctx);
  const x = ctx.input;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of x) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  const sigma = o.noise * (hi - lo);
  const rng = new Rng(o.seed);
  const draw = o.draw ?? (() => Float32Array.from(x, () => rng.normal()));
  const acc = new Float64Array(x.length);
  const batch = o.batch ?? 4;
  await inBatches(o.samples, batch, ctx, async (start, n) => {
    const input = new Float32Array(n * x.length);
    for (let s = 0; s < n; s++) {
      const z = draw(start + s);
      for (let i = 0; i < x.length; i++) input[s * x.length + i] = x[i]! + sigma * z[i]!;
    }
    const r = await ctx.backend.gradient({
      input,
      batch: n,
      target: gradTarget(ctx),
      signal: ctx.signal,
    });
    const g = r.grads.input!.data;
    for (let i = 0; i < g.length; i++) acc[i % x.length] += Math.abs(g[i]!);
  });
  const mean = Float32Array.from(acc, (v) => v / o.samples);
  return { map: maxAbsOverChannels(featureMap(mean, [1, h, w, c])), passes: o.samples };
}
