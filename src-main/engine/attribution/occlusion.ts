/**
 * Occlusion (Zeiler & Fergus 2014, https://arxiv.org/abs/1311.2901, §4.2), forward only, as Captum's
 * Occlusion defines it: a window × window patch (all channels) slides with `stride`, is replaced by
 * the baseline 0 (the mean colour under the app's normalisations), and each pixel's value is the
 * mean, over the patches covering it, of f(x) − f(x with the patch occluded). Windows run to the
 * last position that fits, plus one flush with the far edge so every pixel is covered.
 */
import type { AttributionContext, PixelMap } from './context.js';
import { inBatches, inputShape } from './context.js';
import { targetKeep, targetScores } from './target.js';

function starts(size: number, window: number, stride: number): number[] {
  const out: number[] = [];
  for (let s = 0; s + window <= size; s += stride) out.push(s);
  if (out[out.length - 1] !== size - window) out.push(size - window);
  return out;
}

export async function occlusion(
  ctx: AttributionContext,
  o: { window: number; stride: number; batch?: number },
): Promise<PixelMap> {
  const { h, w, c } = inputShape(ctx);
  const win = Math.max(1, Math.min(Math.round(o.window), h, w));
  const stride = Math.max(1, Math.round(o.stride));
  const patches = starts(h, win, stride).flatMap((y) => starts(w, win, stride).map((x) => [y, x] as const));
  const base = await ctx.backend.forward(ctx.input, 1, targetKeep(ctx), ctx.signal);
  const f0 = targetScores(ctx, base, 1)[0]!;
  const sum = new Float64Array(h * w);
  const count = new Float64Array(h * w);
  await inBatches(
    patches.length,
    o.batch ?? 8,
    ctx,
    async (start, n) => {
      const input = new Float32Array(n * ctx.input.length);
      for (let s = 0; s < n; s++) {
        input.set(ctx.input, s * ctx.input.length);
        const [py, px] = patches[start + s]!;
        for (let y = py; y < py + win; y++)
          input.fill(
            0,
            s * ctx.input.length + (y * w + px) * c,
            s * ctx.input.length + (y * w + px + win) * c,
          );
      }
      const r = await ctx.backend.forward(input, n, targetKeep(ctx), ctx.signal);
      const scores = targetScores(ctx, r, n);
      for (let s = 0; s < n; s++) {
        const d = f0 - scores[s]!;
        const [py, px] = patches[start + s]!;
        for (let y = py; y < py + win; y++)
          for (let x = px; x < px + win; x++) {
            sum[y * w + x] += d;
            count[y * w + x] += 1;
          }
      }
    },
    1,
  );
  return { map: Float32Array.from(sum, (v, i) => v / count[i]!), passes: patches.length + 1 };
}
