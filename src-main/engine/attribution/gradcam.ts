/**
 * Grad-CAM (Selvaraju et al. 2017, https://arxiv.org/abs/1610.02391, eqs. 1–2) at any feature-map
 * node: channel weights α_k = mean over (i, j) of ∂y_c/∂A_k, map = ReLU(Σ_k α_k A_k), then as
 * pytorch-grad-cam does (base_cam.py, utils/image.py): min-max to [0, 1] at the node's resolution
 * and a bilinear resize to the input. A node may be a module's output or any branch inside it.
 */
import type { AttributionContext, PixelMap } from './context.js';
import { featureNode, inputShape } from './context.js';
import { camToInput, featureMap, relu, weightedSum, type FeatureMap } from './maps.js';
import { gradTarget } from './target.js';

export interface CamMap extends PixelMap {
  node: string;
  /** ReLU(Σ α_k A_k) at the node, [h, w], before normalisation. */
  cam: Float32Array;
  camShape: [number, number];
}

/** The node's activation A and gradient ∂y_c/∂A, one backward pass. */
export async function activationAndGradient(
  ctx: AttributionContext,
  node: string,
): Promise<{ a: FeatureMap; g: FeatureMap }> {
  featureNode(ctx, node);
  const r = await ctx.backend.gradient({
    input: ctx.input,
    batch: 1,
    target: gradTarget(ctx),
    wrt: [node],
    keep: [node],
    signal: ctx.signal,
  });
  ctx.onProgress?.(1, 1);
  return {
    a: featureMap(r.values[node]!.data, r.values[node]!.shape),
    g: featureMap(r.grads[node]!.data, r.grads[node]!.shape),
  };
}

/** α_k = (1 / HW) Σ_ij ∂y_c/∂A_k(i, j). */
export function gradCamWeights(g: FeatureMap): Float64Array {
  const wts = new Float64Array(g.c);
  const hw = g.h * g.w;
  for (let p = 0; p < hw; p++) for (let k = 0; k < g.c; k++) wts[k] += g.data[p * g.c + k]!;
  return wts.map((v) => v / hw);
}

/** The CAM at the node and on the input, from channel weights. */
export function camFromWeights(
  ctx: AttributionContext,
  node: string,
  a: FeatureMap,
  wts: Float64Array,
): CamMap {
  const { h, w } = inputShape(ctx);
  const cam = relu(weightedSum(a, wts));
  return { node, cam, camShape: [a.h, a.w], map: camToInput(cam, a.h, a.w, h, w), passes: 1 };
}

export async function gradCam(ctx: AttributionContext, node: string): Promise<CamMap> {
  const { a, g } = await activationAndGradient(ctx, node);
  return camFromWeights(ctx, node, a, gradCamWeights(g));
}
