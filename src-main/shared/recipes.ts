/**
 * How each framework turns an image into a network input, as data: the recipe ids the app offers,
 * what each does, and which one a set of weights expects. preprocess.ts applies a recipe. Node-free
 * (the renderer shows recipes too).
 *
 * Sources, read in the versions the tests compare against (keras 3.15, torchvision 0.28, timm 1.0):
 *  - Keras: keras.utils.load_img(path, target_size=(S, S), interpolation='nearest' by default) resizes
 *    the whole image with PIL (keras/src/utils/image_utils.py), and keras.applications.inception_v3 /
 *    inception_resnet_v2 preprocess_input use mode 'tf': x / 127.5 − 1 (keras/src/applications/imagenet_utils.py).
 *  - torchvision: Inception_V3_Weights.IMAGENET1K_V1.transforms() = ImageClassification(crop_size=299,
 *    resize_size=342), GoogLeNet's crop 224 / resize 256, bilinear, ImageNet mean/std
 *    (torchvision/models/inception.py, googlenet.py, transforms/_presets.py); the published weights set
 *    transform_input=True, which Inception3/GoogLeNet._transform_input applies inside the model.
 *  - timm: the pretrained_cfg of each tag (timm/models/inception_v3.py, inception_v4.py,
 *    inception_resnet_v2.py default_cfgs) through timm.data.create_transform(is_training=False):
 *    Resize(floor(S / crop_pct), interpolation) on the shorter side, CenterCrop(S), ToTensor, Normalize
 *    (timm/data/transforms_factory.py transforms_imagenet_eval).
 */
import type { NetworkId } from './spec.js';
import type { WeightsInfo } from '../engine/weights/types.js';
import type { ResampleFilter } from '../engine/image/resize.js';

export type { ResampleFilter };
export const RESAMPLE_FILTERS: readonly ResampleFilter[] = ['bilinear', 'bicubic', 'nearest'];

export const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
export const IMAGENET_STD = [0.229, 0.224, 0.225] as const;
/** timm's IMAGENET_INCEPTION_MEAN / _STD: maps [0, 1] to [−1, 1]. */
export const INCEPTION_MEAN = [0.5, 0.5, 0.5] as const;
export const INCEPTION_STD = [0.5, 0.5, 0.5] as const;

interface TimmCfg {
  network: NetworkId;
  input: number;
  cropPct: number;
  interpolation: ResampleFilter;
  mean: readonly number[];
  std: readonly number[];
}

const timmInception = (network: NetworkId, cropPct: number): TimmCfg => ({
  network,
  input: 299,
  cropPct,
  interpolation: 'bicubic',
  mean: INCEPTION_MEAN,
  std: INCEPTION_STD,
});

/** timm 1.0's pretrained cfgs of the Inception family, tag by tag. */
export const TIMM_PRETRAINED = {
  'inception_v3.tv_in1k': timmInception('inception_v3', 0.875),
  'inception_v3.tf_in1k': timmInception('inception_v3', 0.875),
  'inception_v3.tf_adv_in1k': timmInception('inception_v3', 0.875),
  // gluon_in1k overrides mean/std with IMAGENET_DEFAULT_MEAN/STD.
  'inception_v3.gluon_in1k': {
    ...timmInception('inception_v3', 0.875),
    mean: IMAGENET_MEAN,
    std: IMAGENET_STD,
  },
  'inception_v4.tf_in1k': timmInception('inception_v4', 0.875),
  'inception_resnet_v2.tf_in1k': timmInception('inception_resnet_v2', 0.8975),
  'inception_resnet_v2.tf_ens_adv_in1k': timmInception('inception_resnet_v2', 0.8975),
} satisfies Record<string, TimmCfg>;

export type TimmTag = keyof typeof TIMM_PRETRAINED;

/**
 * 'keras': load_img with bilinear resize + preprocess_input; 'keras-load-img': load_img as documented
 * (nearest); 'torchvision': the weights' transforms(); 'timm': the network's default timm tag;
 * 'timm-<tag>': that tag's pretrained cfg.
 */
export type PreprocessingId = 'keras' | 'keras-load-img' | 'torchvision' | 'timm' | `timm-${TimmTag}`;

export const PREPROCESSING_IDS: readonly PreprocessingId[] = [
  'keras',
  'keras-load-img',
  'torchvision',
  'timm',
  ...(Object.keys(TIMM_PRETRAINED) as TimmTag[]).map((t) => `timm-${t}` as const),
];

export const isPreprocessingId = (s: unknown): s is PreprocessingId =>
  typeof s === 'string' && (PREPROCESSING_IDS as readonly string[]).includes(s);

const isTimmTag = (s: string): s is TimmTag => Object.prototype.hasOwnProperty.call(TIMM_PRETRAINED, s);

/** The tag 'timm' stands for on each network (its first published tf weights); others use timm's defaults. */
const TIMM_DEFAULT_TAG: Partial<Record<NetworkId, TimmTag>> = {
  inception_v3: 'inception_v3.tf_in1k',
  inception_v4: 'inception_v4.tf_in1k',
  inception_resnet_v2: 'inception_resnet_v2.tf_in1k',
};

export interface Recipe {
  id: PreprocessingId;
  framework: 'keras' | 'torchvision' | 'timm';
  /** The network's input side S. */
  size: number;
  /** 'square': the whole image to S×S (aspect not kept); 'shorter': shorter side to `side`, then centre crop S×S. */
  resize: { to: 'square' } | { to: 'shorter'; side: number };
  filter: ResampleFilter;
  /** 'tf': x / 127.5 − 1; otherwise (x / 255 − mean) / std per channel. */
  normalise: 'tf' | { mean: readonly number[]; std: readonly number[] };
  /** torchvision's Inception3/GoogLeNet._transform_input after normalising. */
  transformInput: boolean;
  /** What the recipe follows, in words (the framework call and its numbers). */
  source: string;
}

export interface RecipeOverrides {
  /** Replace the recipe's resampling filter. */
  resize?: ResampleFilter;
  /** torchvision recipe: apply transform_input (default off). */
  transformInput?: boolean;
}

/** torchvision's resize side for a crop: its published recipes use 256→224 and 342→299. */
export function torchvisionResizeFor(size: number): number {
  if (size === 224) return 256;
  if (size === 299) return 342;
  return Math.round(size / 0.875);
}

export function resolveRecipe(
  id: PreprocessingId,
  net: { network: NetworkId; size: number },
  o: RecipeOverrides = {},
): Recipe {
  const S = net.size;
  if (id === 'keras' || id === 'keras-load-img') {
    const filter = id === 'keras' ? 'bilinear' : 'nearest';
    return {
      id,
      framework: 'keras',
      size: S,
      resize: { to: 'square' },
      filter: o.resize ?? filter,
      normalise: 'tf',
      transformInput: false,
      source: `keras.utils.load_img(target_size=(${S}, ${S}), interpolation='${o.resize ?? filter}')${id === 'keras-load-img' && !o.resize ? ' (its default)' : ''} + preprocess_input (mode 'tf')`,
    };
  }
  if (id === 'torchvision') {
    const side = torchvisionResizeFor(S);
    return {
      id,
      framework: 'torchvision',
      size: S,
      resize: { to: 'shorter', side },
      filter: o.resize ?? 'bilinear',
      normalise: { mean: IMAGENET_MEAN, std: IMAGENET_STD },
      transformInput: o.transformInput ?? false,
      source: `torchvision ImageClassification(crop_size=${S}, resize_size=${side}, interpolation=${(o.resize ?? 'bilinear').toUpperCase()})`,
    };
  }
  const tag = id === 'timm' ? TIMM_DEFAULT_TAG[net.network] : id.slice('timm-'.length);
  const cfg: TimmCfg = tag && isTimmTag(tag) ? TIMM_PRETRAINED[tag] : timmInception(net.network, 0.875);
  const side = Math.floor(S / cfg.cropPct);
  return {
    id,
    framework: 'timm',
    size: S,
    resize: { to: 'shorter', side },
    filter: o.resize ?? cfg.interpolation,
    normalise: { mean: cfg.mean, std: cfg.std },
    transformInput: false,
    source: `timm pretrained_cfg ${tag ?? `default for ${net.network}`}: crop_pct ${cfg.cropPct}, interpolation '${o.resize ?? cfg.interpolation}', mean (${cfg.mean.join(', ')}), std (${cfg.std.join(', ')})`,
  };
}

/**
 * The recipe id loaded weights expect: what the loader or the catalogue said, made specific where the
 * catalogue entry names a timm tag (the file alone cannot tell timm's inception_v3 from torchvision's).
 */
export function weightsRecipeId(info: Pick<WeightsInfo, 'preprocessing' | 'catalogue'>): PreprocessingId {
  const c = info.catalogue;
  if (info.preprocessing === 'timm' && c?.startsWith('timm-') && isTimmTag(c.slice(5)))
    return c as PreprocessingId;
  return info.preprocessing;
}

/**
 * Whether torchvision's transform_input is on by default: the published torchvision weights set it
 * (the builders pass transform_input=True with weights=…); a state_dict saved from a model built without
 * them did not have it, and nothing in such a file says otherwise, so any other file starts with it off
 * (the user can switch it on).
 */
export function defaultTransformInput(
  info: Pick<WeightsInfo, 'kind' | 'convention' | 'preprocessing' | 'transformInput'>,
): boolean {
  if (info.transformInput !== undefined) return info.transformInput;
  return (
    info.kind === 'pretrained' && info.convention === 'torchvision' && info.preprocessing === 'torchvision'
  );
}
