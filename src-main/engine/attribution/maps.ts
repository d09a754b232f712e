/**
 * Map arithmetic shared by the attribution methods: single-image feature maps are [H, W, C] (NHWC
 * with N = 1), maps are [H, W] row-major. Resizing is bilinear with half-pixel centres (OpenCV's
 * INTER_LINEAR = PyTorch's interpolate(mode='bilinear', align_corners=False) when upsampling), as
 * pytorch-grad-cam's scale_cam_image does with cv2.resize
 * (https://github.com/jacobgil/pytorch-grad-cam/blob/master/pytorch_grad_cam/utils/image.py).
 */

export interface FeatureMap {
  data: Float32Array;
  h: number;
  w: number;
  c: number;
}

/** The [H, W, C] view of a host array [1, H, W, C]. */
export function featureMap(data: Float32Array, shape: number[]): FeatureMap {
  if (shape.length !== 4) throw new Error(`a feature map needs [N, H, W, C], got [${shape.join(', ')}]`);
  return { data, h: shape[1]!, w: shape[2]!, c: shape[3]! };
}

/**
 * Bilinear resize of one [h, w] plane to [H, W]. alignCorners: false = half-pixel centres with
 * edge clamping (cv2.resize, F.interpolate align_corners=False); true = corners mapped onto corners
 * (torch.nn.UpsamplingBilinear2d, which Score-CAM uses).
 */
export function resizeBilinear(
  src: Float32Array,
  h: number,
  w: number,
  H: number,
  W: number,
  alignCorners = false,
): Float32Array {
  const out = new Float32Array(H * W);
  const coord = (o: number, n: number, N: number) => {
    if (alignCorners) return N > 1 ? (o * (n - 1)) / (N - 1) : 0;
    return Math.max(0, ((o + 0.5) * n) / N - 0.5);
  };
  for (let y = 0; y < H; y++) {
    const sy = coord(y, h, H);
    const y0 = Math.min(Math.floor(sy), h - 1);
    const y1 = Math.min(y0 + 1, h - 1);
    const fy = sy - y0;
    for (let x = 0; x < W; x++) {
      const sx = coord(x, w, W);
      const x0 = Math.min(Math.floor(sx), w - 1);
      const x1 = Math.min(x0 + 1, w - 1);
      const fx = sx - x0;
      const top = src[y0 * w + x0]! * (1 - fx) + src[y0 * w + x1]! * fx;
      const bot = src[y1 * w + x0]! * (1 - fx) + src[y1 * w + x1]! * fx;
      out[y * W + x] = top * (1 - fy) + bot * fy;
    }
  }
  return out;
}

/** pytorch-grad-cam's scale_cam_image: (m − min) / (1e-7 + max(m − min)). */
export function normalise01(m: Float32Array): Float32Array {
  let lo = Infinity;
  for (const v of m) lo = Math.min(lo, v);
  let hi = -Infinity;
  for (const v of m) hi = Math.max(hi, v - lo);
  return m.map((v) => (v - lo) / (1e-7 + hi));
}

export const relu = (m: Float32Array): Float32Array => m.map((v) => Math.max(0, v));

/** Per pixel: max over channels of |g| (Simonyan et al. 2013, https://arxiv.org/abs/1312.6034, §3.1). */
export function maxAbsOverChannels(g: FeatureMap): Float32Array {
  const out = new Float32Array(g.h * g.w);
  for (let p = 0; p < out.length; p++) {
    let m = 0;
    for (let k = 0; k < g.c; k++) m = Math.max(m, Math.abs(g.data[p * g.c + k]!));
    out[p] = m;
  }
  return out;
}

/** Per pixel: Σ over channels. */
export function sumOverChannels(g: FeatureMap): Float32Array {
  const out = new Float32Array(g.h * g.w);
  for (let p = 0; p < out.length; p++) {
    let s = 0;
    for (let k = 0; k < g.c; k++) s += g.data[p * g.c + k]!;
    out[p] = s;
  }
  return out;
}

/** Σ_k w_k A_k: a class activation map at the node's resolution, [h, w]. */
export function weightedSum(a: FeatureMap, weights: Float64Array | Float32Array): Float32Array {
  const out = new Float32Array(a.h * a.w);
  for (let p = 0; p < out.length; p++) {
    let s = 0;
    for (let k = 0; k < a.c; k++) s += weights[k]! * a.data[p * a.c + k]!;
    out[p] = s;
  }
  return out;
}

/** One channel of a feature map as an [h, w] plane. */
export function channelPlane(a: FeatureMap, k: number): Float32Array {
  const out = new Float32Array(a.h * a.w);
  for (let p = 0; p < out.length; p++) out[p] = a.data[p * a.c + k]!;
  return out;
}

export function softmax(logits: ArrayLike<number>): Float64Array {
  let m = -Infinity;
  for (let i = 0; i < logits.length; i++) m = Math.max(m, logits[i]!);
  const e = Float64Array.from({ length: logits.length }, (_, i) => Math.exp(logits[i]! - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** Indices of the k largest values, largest first. */
export function topIndices(v: ArrayLike<number>, k: number): number[] {
  return Array.from({ length: v.length }, (_, i) => i)
    .sort((a, b) => v[b]! - v[a]! || a - b)
    .slice(0, k);
}

/** The CAM family's last step: ReLU, min-max to [0, 1] at the node, then up to the input (pytorch-grad-cam order). */
export function camToInput(cam: Float32Array, h: number, w: number, H: number, W: number): Float32Array {
  return resizeBilinear(normalise01(relu(cam)), h, w, H, W);
}
