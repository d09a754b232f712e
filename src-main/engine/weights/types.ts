/**
 * What the weights loaders share: the tensors a file holds (by the file's own names), the errors a
 * load can end with, and the description of the weights a network runs with, shown in the app.
 */
import type { WeightMap } from '../onnx/weights.js';

export type WeightsFormat =
  | 'keras-h5'
  | 'keras-weights-h5'
  | 'keras'
  | 'tfjs-layers'
  | 'safetensors'
  | 'pytorch'
  | 'tf-checkpoint'
  | 'onnx';

/** One tensor as stored in a file, already float32, in the file's layout and with the file's name. */
export interface FileTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** A file's tensors by name, in file order. */
export type FileTensors = Map<string, FileTensor>;

/**
 * Where a network's weights come from; the app always says which it has. 'pretrained' only for a
 * catalogue file whose publisher's checksum matched (or a file whose metadata names its training);
 * any other file is 'file' ("loaded from file"): nothing says what it was trained on.
 */
export type WeightsKind = 'pretrained' | 'file' | 'random' | 'trained';

/** How an image becomes the network's input; chosen by the weights that are loaded (shared/recipes.ts). */
import type { PreprocessingId } from '../../shared/recipes.js';
export type { PreprocessingId };

export interface WeightsInfo {
  kind: WeightsKind;
  format?: WeightsFormat;
  /** e.g. "inception_v3_weights_tf_dim_ordering_tf_kernels.h5 (Keras HDF5)" or "random weights (seed 1)". */
  label: string;
  /** The naming convention the file followed: 'keras', 'torchvision', 'timm', 'spec'. */
  convention?: string;
  /** The preprocessing these weights expect (random weights: the network flavour's usual one). */
  preprocessing: PreprocessingId;
  /**
   * torchvision only: whether the model these weights come from applied transform_input (set for
   * torchvision's published files; unset = decided by shared/recipes.ts defaultTransformInput).
   */
  transformInput?: boolean;
  /** Whether the classifier has the 1000 ImageNet classes, so top-5 can be named. */
  imagenet: boolean;
  /** Tensors read from the file. */
  tensors?: number;
  /** Things the user should know that did not stop the load (e.g. aux heads absent from the file). */
  notes: string[];
  /**
   * A Keras backbone (load.ts): the file has no 'predictions' classifier, so the spec's keeps random
   * weights; `ownHead` lists the file's own Dense layers, set aside (empty: include_top=False).
   */
  backbone?: { ownHead: string[] };
  /** Training-only auxiliary heads the file lacks: they keep random weights (the UI says so). */
  auxRandom?: string[];
  /** The file (or URL) the weights came from. */
  source?: string;
  /** The published-weights catalogue entry they came from (catalogue.ts). */
  catalogue?: string;
  /** The publisher's checksum the file matched, e.g. "md5 9a0d58056eeedaa3f26cb7ebd46da564". */
  verified?: string;
}

export interface LoadedWeights {
  weights: WeightMap;
  info: WeightsInfo;
}

export type WeightsErrorCode =
  | 'mismatch'
  | 'truncated'
  | 'format'
  | 'not_found'
  | 'offline'
  | 'download'
  /** Values no trained network has: NaN/±Inf, negative BN variances (integrity.ts). */
  | 'corrupt'
  /** A download whose bytes do not hash to the publisher's checksum (fetch.ts). */
  | 'checksum';

/**
 * Why a load stopped. `problems` lists each offending tensor ("node/kind ← file name: expected [..],
 * found [..]"); nothing is ever half loaded.
 */
export class WeightsError extends Error {
  constructor(
    readonly code: WeightsErrorCode,
    message: string,
    readonly problems: string[] = [],
    /** The message's values by name, for the UI's translations (ApiError.params). */
    readonly params?: Record<string, string | number>,
  ) {
    super(problems.length ? `${message}\n  ${shortList(problems)}` : message);
    this.name = 'WeightsError';
  }
}

export function shortList(lines: string[], max = 12): string {
  const more = lines.length > max ? `\n  … and ${lines.length - max} more` : '';
  return lines.slice(0, max).join('\n  ') + more;
}

export const fmtShape = (s: readonly number[]): string => `[${s.join(', ')}]`;

export const numel = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
