/**
 * Integrated Gradients (Sundararajan, Taly & Yan 2017, https://arxiv.org/abs/1703.01365, eq. 3):
 * (x − x′) ⊙ ∫₀¹ ∇f(x′ + α(x − x′)) dα, with the all-zero baseline x′ (Captum's default; zero is the
 * mean colour under the app's normalisations), the integral by the trapezoidal rule on `steps`
 * intervals (Captum's 'riemann_trapezoid'). Completeness (§3, Proposition 1): the attributions sum
 * to f(x) − f(x′); the gap is returned so the view can show how well the integral converged.
 */
import type { AttributionContext, PixelMap } from './context.js';
import { inBatches, inputShape } from './context.js';
import { featureMap, sumOverChannels } from './maps.js';
import { gradTarget } from './target.js';

export interface IgResult extends PixelMap {
  /** Per input element (x − x′) ⊙ mean gradient, [H, W, C]. */
  attributions: Float32Array;
  completeness: { sum: number; delta: number; error: number };
}

export async function integratedGradients(
  ctx: AttributionContext,
  o: { steps: number; batch?: number },
): Promise<IgResult> {
  const { h, w, c } = inputShape(ctx);
  const x = ctx.input;
  const n = Math.max(1, Math.round(o.steps));
  const points = n + 1; // α = 0, 1/n, …, 1
  const acc = new Float64Array(x.length);
  let f0 = 0;
  let f1 = 0;
  await inBatches(points, o.batch ?? 4, ctx, async (start, m) => {
    const input = new Float32Array(m * x.length);
    for (let s = 0; s < m; s++) {
      const alpha = (start + s) / n;
      for (let i = 0; i < x.length; i++) input[s * x.length + i] = alpha * x[i]!;
    }
    const r = await ctx.backend.gradient({
      input,
      batch: m,
      target: gradTarget(ctx),
      signal: ctx.signal,
    });
    const g = r.grads.input!.data;
    for (let s = 0; s < m; s++) {
      const k = start + s;
      const weight = k === 0 || k === n ? 0.5 / n : 1 / n; // trapezoid
      if (k === 0) f0 = r.objective[s]!;
      if (k === n) f1 = r.objective[s]!;
      for (let i = 0; i < x.length; i++) acc[i] += weight * g[s * x.length + i]!;
    }
  });
  const attributions = Float32Array.from(acc, (v, i) => v * x[i]!);
  let sum = 0;
  for (const v of attributions) sum += v;
  const delta = f1 - f0;
  const error = Math.abs(sum - delta) / Math.max(Math.abs(delta), 1e-12);
  const signed = sumOverChannels(featureMap(attributions, [1, h, w, c]));
  return {
    map: signed,
    attributions,
    completeness: { sum, delta, error },
    passes: points,
  };
}
