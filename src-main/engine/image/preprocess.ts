/**
 * Image → network input by a recipe (recipes.ts), operation for operation as the framework does it:
 * PIL's resize (resize.ts reproduces its bytes), torchvision's CenterCrop, then the framework's float32
 * arithmetic (Math.fround at each step where torch or NumPy rounds to float32), so the tensor equals
 * the framework's own, not just approximately. The result says every step, so the app can show what
 * it applied.
 */
import type { HostTensor } from '../onnx/backend.js';
import type { RgbImage } from '../data/image.js';
import {
  resolveRecipe,
  type PreprocessingId,
  type Recipe,
  type RecipeOverrides,
} from '../../shared/recipes.js';
import { centerCrop, resize, shorterSideSize } from './resize.js';

export { IMAGENET_MEAN, IMAGENET_STD, torchvisionResizeFor } from '../../shared/recipes.js';

export interface Preprocessed {
  tensor: HostTensor;
  recipe: Recipe;
  preprocessing: PreprocessingId;
  /** The S×S RGB pixels after resizing and cropping, before normalisation. */
  pixels: RgbImage;
  /** Each step in words, in order. */
  steps: string[];
  /** One line for the status bar. */
  summary: string;
}

const f32 = Math.fround;

const LABEL: Record<Recipe['framework'], string> = {
  keras: 'Keras/TF',
  torchvision: 'torchvision',
  timm: 'timm',
};

/** Apply a recipe. */
export function applyRecipe(img: RgbImage, r: Recipe): Preprocessed {
  const S = r.size;
  const steps: string[] = [];
  let px: RgbImage;
  if (r.resize.to === 'square') {
    px = resize(img, S, S, r.filter);
    steps.push(`resize ${img.width}×${img.height} → ${S}×${S} (${r.filter}, aspect not kept)`);
  } else {
    const side = r.resize.side;
    const [w, h] = shorterSideSize(img.width, img.height, side);
    px = centerCrop(resize(img, w, h, r.filter), S, S);
    steps.push(
      `resize shorter side to ${side} (${img.width}×${img.height} → ${w}×${h}, ${r.filter})`,
      `centre crop ${S}×${S}`,
    );
  }
  const n = S * S;
  const data = new Float32Array(n * 3);
  const src = px.data;
  if (r.normalise === 'tf') {
    // preprocess_input 'tf' on a float32 array: x /= 127.5; x -= 1.
    for (let i = 0; i < n * 3; i++) data[i] = f32(f32(src[i]! / 127.5) - 1);
    steps.push('scale to [−1, 1]: x / 127.5 − 1');
  } else {
    // ToTensor (x / 255 in float32), then Normalize: (x − mean) / std with float32 mean and std.
    const mean = r.normalise.mean.map(f32);
    const std = r.normalise.std.map(f32);
    // _transform_input: x · (std / 0.5) + (mean − 0.5) / 0.5, the constants computed in double by Python.
    const scale = r.normalise.std.map((s) => f32(s / 0.5));
    const shift = r.normalise.mean.map((m) => f32((m - 0.5) / 0.5));
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < 3; c++) {
        let v = f32(f32(f32(src[i * 3 + c]! / 255) - mean[c]!) / std[c]!);
        if (r.transformInput) v = f32(f32(v * scale[c]!) + shift[c]!);
        data[i * 3 + c] = v;
      }
    }
    const m = r.normalise.mean;
    steps.push(
      m[0] === 0.5
        ? 'normalise with mean 0.5, std 0.5 (to [−1, 1])'
        : `normalise with ImageNet mean (${m.join(', ')}) and std (${r.normalise.std.join(', ')})`,
    );
    if (r.transformInput)
      steps.push('transform_input: back to [−1, 1] as torchvision’s published googlenet/inception_v3 expect');
  }
  return {
    tensor: { shape: [1, S, S, 3], data },
    recipe: r,
    preprocessing: r.id,
    pixels: px,
    steps,
    summary: `${LABEL[r.framework]} preprocessing: ${steps.join('; ')}`,
  };
}

export interface PreprocessOptions extends RecipeOverrides {
  /** Input side S (the network's). */
  size: number;
  /** The network, for timm's per-network crop_pct (default inception_v3's). */
  network?: Parameters<typeof resolveRecipe>[1]['network'];
}

/** Resolve a recipe id for a network and apply it. */
export function preprocess(img: RgbImage, id: PreprocessingId, o: PreprocessOptions): Preprocessed {
  return applyRecipe(img, resolveRecipe(id, { network: o.network ?? 'inception_v3', size: o.size }, o));
}
