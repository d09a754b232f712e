/**
 * Eigen-CAM (Muhammad & Yeasin 2020, https://arxiv.org/abs/2008.00299), forward only: the node's
 * activations as an (HW × C) matrix, centred per channel, projected onto their first principal
 * direction, as pytorch-grad-cam's get_2d_projection does (utils/svd_on_activations.py); then ReLU,
 * min-max and the resize to the input like the other CAMs. An SVD's sign is arbitrary (LAPACK's);
 * here it is fixed so the projection correlates positively with the channel-summed activation.
 * The principal direction is found by power iteration on the smaller Gram matrix (HW×HW or C×C).
 */
import type { AttributionContext } from './context.js';
import { featureNode, inputShape } from './context.js';
import type { CamMap } from './gradcam.js';
import { camToInput, featureMap, relu, type FeatureMap } from './maps.js';

/** Top eigenvector of a symmetric positive semi-definite n×n matrix (row-major). */
function topEigenvector(m: Float64Array, n: number): Float64Array {
  let v = Float64Array.from({ length: n }, (_, i) => 1 + 0.01 * Math.sin(i + 1));
  let prev = 0;
  for (let it = 0; it < 20000; it++) {
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += m[i * n + j]! * v[j]!;
      next[i] = s;
    }
    const norm = Math.hypot(...next);
    if (norm === 0) return v;
    v = next.map((x) => x / norm);
    if (Math.abs(norm - prev) <= 1e-13 * norm) break;
    prev = norm;
  }
  return v;
}

/** The centred activations' projection on their first principal direction, [h·w]. */
export function firstPrincipalProjection(a: FeatureMap): Float64Array {
  const hw = a.h * a.w;
  const x = new Float64Array(hw * a.c);
  for (let k = 0; k < a.c; k++) {
    let mean = 0;
    for (let p = 0; p < hw; p++) mean += a.data[p * a.c + k]!;
    mean /= hw;
    for (let p = 0; p < hw; p++) x[p * a.c + k] = a.data[p * a.c + k]! - mean;
  }
  let proj: Float64Array;
  if (hw <= a.c) {
    // X Xᵀ u = λ u  ⇒  X v₁ = √λ u.
    const g = new Float64Array(hw * hw);
    for (let p = 0; p < hw; p++)
      for (let q = p; q < hw; q++) {
        let s = 0;
        for (let k = 0; k < a.c; k++) s += x[p * a.c + k]! * x[q * a.c + k]!;
        g[p * hw + q] = g[q * hw + p] = s;
      }
    const u = topEigenvector(g, hw);
    let lambda = 0;
    for (let p = 0; p < hw; p++) for (let q = 0; q < hw; q++) lambda += u[p]! * g[p * hw + q]! * u[q]!;
    proj = u.map((v) => v * Math.sqrt(Math.max(lambda, 0)));
  } else {
    const cov = new Float64Array(a.c * a.c);
    for (let p = 0; p < hw; p++)
      for (let i = 0; i < a.c; i++) {
        const xi = x[p * a.c + i]!;
        if (xi !== 0) for (let j = 0; j < a.c; j++) cov[i * a.c + j] += xi * x[p * a.c + j]!;
      }
    const v = topEigenvector(cov, a.c);
    proj = new Float64Array(hw);
    for (let p = 0; p < hw; p++) {
      let s = 0;
      for (let k = 0; k < a.c; k++) s += x[p * a.c + k]! * v[k]!;
      proj[p] = s;
    }
  }
  let corr = 0;
  for (let p = 0; p < hw; p++) {
    let s = 0;
    for (let k = 0; k < a.c; k++) s += x[p * a.c + k]!;
    corr += s * proj[p]!;
  }
  return corr < 0 ? proj.map((v) => -v) : proj;
}

export async function eigenCam(ctx: AttributionContext, node: string): Promise<CamMap> {
  featureNode(ctx, node);
  const { h, w } = inputShape(ctx);
  const f = await ctx.backend.forward(ctx.input, 1, [node], ctx.signal);
  ctx.onProgress?.(1, 1);
  const a = featureMap(f.values[node]!.data, f.values[node]!.shape);
  const cam = relu(Float32Array.from(firstPrincipalProjection(a)));
  return { node, cam, camShape: [a.h, a.w], map: camToInput(cam, a.h, a.w, h, w), passes: 1 };
}
