/**
 * The network's preprocessing after resizing, as a per-channel affine map x01 → x01 · scale + shift
 * (x01 the picture in [0, 1]): Keras' 'tf' mode is 2x − 1; torchvision and timm are (x − mean)/std,
 * then torchvision's transform_input when on. The same arithmetic as image/preprocess.ts applyRecipe,
 * so a picture goes into the network exactly as a photo would; the gradient is just × scale.
 */
import type { Recipe } from '../../shared/recipes.js';

export interface Affine {
  scale: [number, number, number];
  shift: [number, number, number];
}

export function recipeAffine(r: Pick<Recipe, 'normalise' | 'transformInput'>): Affine {
  if (r.normalise === 'tf') return { scale: [2, 2, 2], shift: [-1, -1, -1] };
  const { mean, std } = r.normalise;
  const scale = [0, 1, 2].map((c) => 1 / std[c]!) as Affine['scale'];
  const shift = [0, 1, 2].map((c) => -mean[c]! / std[c]!) as Affine['shift'];
  if (r.transformInput) {
    // _transform_input: v · (std / 0.5) + (mean − 0.5) / 0.5 on the normalised value v.
    for (let c = 0; c < 3; c++) {
      const s = std[c]! / 0.5;
      const t = (mean[c]! - 0.5) / 0.5;
      scale[c] = scale[c]! * s;
      shift[c] = shift[c]! * s + t;
    }
  }
  return { scale, shift };
}

export function applyAffine(a: Affine, x01: Float32Array): Float32Array {
  const out = new Float32Array(x01.length);
  for (let i = 0; i < x01.length; i++) out[i] = x01[i]! * a.scale[i % 3]! + a.shift[i % 3]!;
  return out;
}

/** d/d(x01) from d/d(network input). */
export function affineAdjoint(a: Affine, grad: Float32Array): Float32Array {
  const out = new Float32Array(grad.length);
  for (let i = 0; i < grad.length; i++) out[i] = grad[i]! * a.scale[i % 3]!;
  return out;
}
