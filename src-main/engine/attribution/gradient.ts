/**
 * Vanilla gradient saliency (Simonyan, Vedaldi & Zisserman 2013, https://arxiv.org/abs/1312.6034):
 * the class score's gradient with respect to the input pixels, shown per pixel as the maximum of
 * |∂y_c/∂x| over the colour channels (§3.1). One forward + backward pass.
 */
import type { AttributionContext, PixelMap } from './context.js';
import { inputShape } from './context.js';
import { featureMap, maxAbsOverChannels } from './maps.js';
import { gradTarget } from './target.js';

export async function vanillaGradient(ctx: AttributionContext): Promise<PixelMap> {
  const { h, w, c } = inputShape(ctx);
  const r = await ctx.backend.gradient({
    input: ctx.input,
    batch: 1,
    target: gradTarget(ctx),
    signal: ctx.signal,
  });
  ctx.onProgress?.(1, 1);
  return { map: maxAbsOverChannels(featureMap(r.grads.input!.data, [1, h, w, c])), passes: 1 };
}
