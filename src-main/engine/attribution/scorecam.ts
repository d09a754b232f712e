/**
 * Score-CAM (Wang et al. 2020, https://arxiv.org/abs/1910.01279, §3), gradient-free, as
 * pytorch-grad-cam's ScoreCAM computes it (score_cam.py): each channel A_k is upsampled to the input
 * (torch.nn.UpsamplingBilinear2d: align_corners=True), min-max scaled to [0, 1] (ε = 1e-8), the image
 * is multiplied by it, and the class logit of that masked image is the channel's score; the weights
 * are softmax over channels of the scores, the map ReLU(Σ_k w_k A_k) normalised and resized like Grad-CAM.
 * C + 1 forward passes.
 */
import type { AttributionContext } from './context.js';
import { featureNode, inBatches, inputShape } from './context.js';
import { camFromWeights, type CamMap } from './gradcam.js';
import { channelPlane, featureMap, resizeBilinear, softmax } from './maps.js';
import { targetKeep, targetScores } from './target.js';

export async function scoreCam(
  ctx: AttributionContext,
  node: string,
  o: { batch?: number } = {},
): Promise<CamMap> {
  featureNode(ctx, node);
  const { h, w, c } = inputShape(ctx);
  const f = await ctx.backend.forward(ctx.input, 1, [node], ctx.signal);
  const a = featureMap(f.values[node]!.data, f.values[node]!.shape);
  const scores = new Float64Array(a.c);
  const hw = h * w;
  await inBatches(
    a.c,
    o.batch ?? 8,
    ctx,
    async (start, n) => {
      const input = new Float32Array(n * hw * c);
      for (let s = 0; s < n; s++) {
        const up = resizeBilinear(channelPlane(a, start + s), a.h, a.w, h, w, true);
        let lo = Infinity;
        let hi = -Infinity;
        for (const v of up) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
        for (let p = 0; p < hw; p++) {
          const m = (up[p]! - lo) / (hi - lo + 1e-8);
          for (let ch = 0; ch < c; ch++) input[(s * hw + p) * c + ch] = ctx.input[p * c + ch]! * m;
        }
      }
      const r = await ctx.backend.forward(input, n, targetKeep(ctx), ctx.signal);
      scores.set(targetScores(ctx, r, n), start);
    },
    1,
  );
  const out = camFromWeights(ctx, node, a, softmax(scores));
  return { ...out, passes: a.c + 1 };
}
