/**
 * Grad-CAM++ (Chattopadhyay et al. 2018, https://arxiv.org/abs/1710.11063, eq. 19 with the
 * exponential-output simplification): a_ij^k = g² / (2g² + Σ_ab A_k(a, b) · g³ + ε), zero where
 * g = 0, and α_k = Σ_ij a_ij^k · ReLU(g_ij^k) — exactly as pytorch-grad-cam's GradCAMPlusPlus
 * (grad_cam_plusplus.py, ε = 1e-6). Map: ReLU(Σ α_k A_k), normalised and resized like Grad-CAM.
 */
import type { AttributionContext } from './context.js';
import { activationAndGradient, camFromWeights, type CamMap } from './gradcam.js';
import type { FeatureMap } from './maps.js';

export function gradCamPlusPlusWeights(a: FeatureMap, g: FeatureMap): Float64Array {
  const hw = a.h * a.w;
  const sumA = new Float64Array(a.c);
  for (let p = 0; p < hw; p++) for (let k = 0; k < a.c; k++) sumA[k] += a.data[p * a.c + k]!;
  const wts = new Float64Array(a.c);
  for (let p = 0; p < hw; p++) {
    for (let k = 0; k < a.c; k++) {
      const gv = g.data[p * g.c + k]!;
      if (gv === 0) continue;
      const g2 = gv * gv;
      const aij = g2 / (2 * g2 + sumA[k]! * g2 * gv + 1e-6);
      wts[k] += aij * Math.max(gv, 0);
    }
  }
  return wts;
}

export async function gradCamPlusPlus(ctx: AttributionContext, node: string): Promise<CamMap> {
  const { a, g } = await activationAndGradient(ctx, node);
  return camFromWeights(ctx, node, a, gradCamPlusPlusWeights(a, g));
}
