/**
 * Image → network input, following the weights that are loaded:
 *  - keras: resize to S×S (PIL bilinear), x / 127.5 − 1 (keras.applications' 'tf' mode);
 *  - torchvision: resize the shorter side (PIL bilinear; 342 for 299, 256 for 224), centre crop S,
 *    ImageNet mean/std; for googlenet and inception_v3's pretrained weights then transform_input,
 *    which torchvision applies inside those models (their weights come from TensorFlow);
 *  - timm: resize the shorter side to ⌊S / 0.875⌋ (PIL bicubic), centre crop S, (x − 0.5) / 0.5.
 * The result says every step, so the app can show what it applied.
 */
import type { HostTensor } from '../onnx/backend.js';
import type { PreprocessingId } from '../weights/types.js';
import type { RgbImage } from '../data/image.js';
import { centerCrop, resize, shorterSideSize } from './resize.js';

export const IMAGENET_MEAN = [0.485, 0.456, 0.406];
export const IMAGENET_STD = [0.229, 0.224, 0.225];

export interface PreprocessOptions {
  /** Input side S (the network's). */
  size: number;
  /** torchvision only: apply the models' transform_input (pretrained googlenet / inception_v3). */
  transformInput?: boolean;
}

export interface Preprocessed {
  tensor: HostTensor;
  preprocessing: PreprocessingId;
  /** Each step in words, in order. */
  steps: string[];
  /** One line for the status bar. */
  summary: string;
}

/** torchvision's resize side for a crop: its reference recipes use 256→224 and 342→299. */
export function torchvisionResizeFor(size: number): number {
  if (size === 224) return 256;
  if (size === 299) return 342;
  return Math.round(size / 0.875);
}

export function preprocess(img: RgbImage, id: PreprocessingId, o: PreprocessOptions): Preprocessed {
  const S = o.size;
  const steps: string[] = [];
  let im: RgbImage;
  let mean: number[];
  let std: number[];
  if (id === 'keras') {
    im = resize(img, S, S, 'bilinear');
    steps.push(
      `resize ${img.width}×${img.height} → ${S}×${S} (bilinear, aspect not kept)`,
      'scale to [−1, 1]: x / 127.5 − 1',
    );
    mean = [0.5, 0.5, 0.5];
    std = [0.5, 0.5, 0.5];
  } else {
    const side = id === 'timm' ? Math.floor(S / 0.875) : torchvisionResizeFor(S);
    const filter = id === 'timm' ? 'bicubic' : 'bilinear';
    const [w, h] = shorterSideSize(img.width, img.height, side);
    im = centerCrop(resize(img, w, h, filter), S, S);
    steps.push(
      `resize shorter side to ${side} (${img.width}×${img.height} → ${w}×${h}, ${filter})`,
      `centre crop ${S}×${S}`,
    );
    if (id === 'timm') {
      mean = [0.5, 0.5, 0.5];
      std = [0.5, 0.5, 0.5];
      steps.push('normalise with mean 0.5, std 0.5 (to [−1, 1])');
    } else {
      mean = IMAGENET_MEAN;
      std = IMAGENET_STD;
      steps.push('normalise with ImageNet mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225)');
    }
  }
  const n = S * S;
  const data = new Float32Array(n * 3);
  const tf = id === 'torchvision' && o.transformInput;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) {
      let v = (im.data[i * 3 + c]! / 255 - mean[c]!) / std[c]!;
      if (id === 'keras') v = im.data[i * 3 + c]! / 127.5 - 1;
      // torchvision's Inception3/GoogLeNet._transform_input, channel by channel.
      if (tf) v = v * (std[c]! / 0.5) + (mean[c]! - 0.5) / 0.5;
      data[i * 3 + c] = v;
    }
  }
  if (tf)
    steps.push(
      'transform_input: back to [−1, 1] as the pretrained torchvision googlenet/inception_v3 expect',
    );
  const label = { keras: 'Keras/TF', torchvision: 'torchvision', timm: 'timm' }[id];
  return {
    tensor: { shape: [1, S, S, 3], data },
    preprocessing: id,
    steps,
    summary: `${label} preprocessing: ${steps.join('; ')}`,
  };
}
