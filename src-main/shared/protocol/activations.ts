/**
 * Protocol types of the Activations view and of ONNX export: images, weights, activation runs, node
 * tensors, predictions and the .onnx download. shared/protocol re-exports them and maps them to methods.
 */
import type { AnalyseParams } from './index.js';
import type { TensorPayload } from './tensors.js';
import type { PreprocessingId, WeightsInfo } from '../../engine/weights/types.js';
import type { Recipe, ResampleFilter } from '../recipes.js';

// Activations (engine/image, engine/weights, engine/activations). Images, weights and runs stay in
// the engine; the renderer holds ids and fetches one node's quantised tensor at a time.

/** Exactly one of path (engine-side file), bytes (dropped file) or sample (a file of assets/samples). */
export interface ImageLoadParams {
  path?: string;
  bytes?: ArrayBuffer;
  sample?: string;
  /** Shown in the UI (defaults to the file name). */
  name?: string;
}

export interface ImageInfo {
  imageId: string;
  name: string;
  format: 'png' | 'jpeg' | 'webp';
  width: number;
  height: number;
  /** uint8 [h, w, 3], at most 128 px on the long side, for the input panel. */
  thumbnail: TensorPayload;
}

/** `catalogue`: a published-weights entry id (weights.catalogue lists them). */
export type WeightsSourceParam =
  { file: string } | { url: string } | { catalogue: string } | { random: number };

/** One published-weights entry as the Weights panel lists it (engine/weights/catalogue-data.ts). */
export interface CatalogueItem {
  id: string;
  title: string;
  publisher: string;
  network: string;
  flavour: string;
  classes: number;
  url: string;
  file: string;
  format: string;
  licence: string;
  sizeText: string;
  checksumText: string;
  top1: number;
  top1Source: string;
  preprocessing: PreprocessingId;
  recipe: string;
  /** Why the app cannot load it yet (and what to do instead). */
  unsupported?: string;
  /** In the cache and verified, half downloaded (resumes), or not downloaded. */
  state: 'cached' | 'partial' | 'none';
  partBytes?: number;
}

export interface WeightsLoadParams {
  network: AnalyseParams;
  source: WeightsSourceParam;
}

export interface WeightsLoadResult {
  weightsId: string;
  info: WeightsInfo;
}

/** Weights trained in the app: a training run's last checkpoint. */
export interface WeightsTrainedParams {
  run: string;
}

export interface WeightsTrainedResult extends WeightsLoadResult {
  /** The run's network variant (the weights only fit that one). */
  network: AnalyseParams;
  step: number;
}

/**
 * Weights files picked or dropped in the UI (web mode cannot pass a path): model.json with its shards, or one
 * file. A small set goes in one call (`files`). A larger one goes in chunks, since a WebSocket message is capped
 * (server/server.ts): the first call lists every file with its size (`manifest`, no data) and gets an `upload`
 * id; each further call sends one `chunk` of one file, in order, with that id. The answer to the call that
 * completes the set has `complete: true` (src-renderer/lib/api/upload.ts does all this).
 */
export interface WeightsUploadParams {
  files?: { name: string; data: ArrayBuffer }[];
  manifest?: { name: string; size: number }[];
  upload?: string;
  chunk?: { name: string; offset: number; data: ArrayBuffer };
}

export interface WeightsUploadResult {
  /** Engine-side path of the main file (the model.json, or the one file), for weights.load { file }. */
  path: string;
  files: number;
  /** Bytes received so far (all of them once complete). */
  bytes: number;
  /** The id further chunks go with (chunked uploads). */
  upload?: string;
  /** False while chunks are still missing: the files are not ready to load. */
  complete: boolean;
}

export interface ActivationsRunParams {
  imageId: string;
  /** From weights.load; without it the network runs with seeded random weights. */
  weightsId?: string;
  /** Needed when there is no weightsId. */
  network?: AnalyseParams;
  /** Overrides the preprocessing the weights expect. */
  preprocessing?: PreprocessingId;
  /** Apply torchvision's transform_input (default: on for torchvision's published googlenet/inception_v3 only). */
  transformInput?: boolean;
  /** Overrides the recipe's resampling filter. */
  resize?: ResampleFilter;
}

/** One node of a run: shape, per-channel statistics and quantisation, without the codes. */
export interface NodeActivation {
  id: string;
  /** [H, W, C] or [C]. */
  shape: number[];
  /** How activations.tensor lays out the codes: 'chw' planes, or 'c' one per channel. */
  layout: 'chw' | 'c';
  /**
   * float32 [4, C]: rows min, max, mean, fraction of zeros. The zeros row is NaN while unknown: on
   * ONNX Runtime it is counted when the node's tensor is first fetched (activations.tensor has it).
   */
  stats: TensorPayload;
  /** float32 [2, C]: rows scale, offset (value = offset + scale · code). */
  quant: TensorPayload;
}

export interface PredictionItem {
  /** ImageNet class index (0–999). */
  index: number;
  label: string;
  probability: number;
  logit?: number;
}

export interface ActivationsRunResult {
  runId: string;
  engine: 'onnxruntime' | 'tfjs';
  /** Why ONNX Runtime did not run this pass, when it was expected to. */
  fallback?: string;
  weights: WeightsInfo;
  /** The recipe applied (what it follows, filter, crop, normalisation, transform_input) and its steps. */
  preprocessing: { id: PreprocessingId; recipe: Recipe; steps: string[]; summary: string };
  /** Inference-graph nodes in topological order. */
  nodes: NodeActivation[];
  timing: { passMs: number; quantiseMs: number };
  /** Bytes the run holds in the engine. */
  bytes: number;
  /** Top-5, when ImageNet weights are loaded. */
  top?: PredictionItem[];
}

export interface ActivationsTensorParams {
  runId: string;
  nodeId: string;
}

export interface ActivationsTensorResult {
  runId: string;
  nodeId: string;
  shape: number[];
  layout: 'chw' | 'c';
  /** uint8 codes, CHW planes (or one per channel). */
  data: TensorPayload;
  scale: TensorPayload;
  offset: TensorPayload;
  /** float32 [C]: each channel's fraction of exact zeros. */
  zeros: TensorPayload;
}

export interface PredictTopParams {
  runId: string;
  k?: number;
}

export interface PredictTopResult {
  /** False when the weights are random or not an ImageNet classifier: the labels mean nothing then. */
  imagenet: boolean;
  predictions: PredictionItem[];
  note?: string;
}

// ONNX export (engine/onnx/export.ts): the network with the weights the caller is looking at.

/** weightsId exports those weights (loaded, trained or random); without it, `network` with seeded random weights. */
export interface OnnxExportParams {
  weightsId?: string;
  network?: AnalyseParams;
  /** Seed of the random weights when there is no weightsId (default 1, the Activations view's default). */
  seed?: number;
  /** Also export the training-only aux heads as extra outputs (needs weights for them). */
  includeAux?: boolean;
}

export interface OnnxExportResult {
  /** A file name that says what is inside, e.g. "googlenet-torchvision-w0.25-random1.onnx". */
  filename: string;
  /** The .onnx file (binary payload). */
  bytes: Uint8Array;
  /** What the weights are, as the model's metadata says it. */
  weightsLabel: string;
  opset: number;
  /** Input name and its [H, W, C] (the graph takes NHWC with the batch first). */
  input: string;
  inputShape: number[];
  /** The network output first, then any aux heads. */
  outputs: string[];
}
