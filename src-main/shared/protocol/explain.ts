/**
 * Protocol types of the Explain panel's Attribution tab: attribution maps for a target class at any
 * node, the branch split of a concat or residual node, and how long a map will take. The image and
 * weights are the Activations view's (ids from image.load / weights.load), prepared the same way.
 */
import type { AttributionOptions } from '../../engine/attribution/index.js';
import type { ActivationsRunParams } from './activations.js';
import type { TensorPayload } from './tensors.js';

export const EXPLAIN_METHODS = [
  'gradient',
  'smoothgrad',
  'integrated-gradients',
  'gradcam',
  'gradcam++',
  'occlusion',
  'scorecam',
  'eigencam',
] as const;
export type ExplainMethod = (typeof EXPLAIN_METHODS)[number];

/** Methods that need a node (a feature map): the CAM family. The others explain the input pixels. */
export const NODE_METHODS: readonly ExplainMethod[] = ['gradcam', 'gradcam++', 'scorecam', 'eigencam'];
/** Methods that run on the forward engine alone. */
export const FORWARD_ONLY_METHODS: readonly ExplainMethod[] = ['occlusion', 'scorecam', 'eigencam'];

/** What the image and weights are: exactly what activations.run takes. */
export type ExplainSubject = ActivationsRunParams;

export type ExplainOptions = AttributionOptions;

/** A target that needs no classifier: the spatial mean of one channel of one node. */
export interface ExplainChannelTarget {
  node: string;
  channel: number;
}

export interface ExplainAttributionParams extends ExplainSubject {
  method: ExplainMethod;
  /** Class to explain; default the top-1 class. */
  classIndex?: number;
  /** When set, explain this channel instead of a class (classIndex is then ignored). */
  target?: ExplainChannelTarget;
  /** For the CAM family: the node (module or branch output); default the last feature map. */
  node?: string;
  options?: ExplainOptions;
}

export interface Faithfulness {
  /** % of pixels removed (the top-attributed ones), replaced by a blurred copy of the image. */
  removePercent: number;
  /** Softmax probability of the target class before and after (a channel target: its mean). */
  before: number;
  after: number;
  /** before − after: how much the map's top region carries the prediction (higher is more faithful). */
  drop: number;
  /** The same removal for random pixels (the baseline a map must beat). */
  randomDrop: number;
}

export interface ExplainPrediction {
  classIndex: number;
  label?: string;
  probability: number;
}

export interface ExplainAttributionResult {
  method: ExplainMethod;
  classIndex: number;
  /** The channel explained, when the request named one (then classIndex is not the target). */
  target?: ExplainChannelTarget;
  /** The node the map is taken at (CAM family), else 'input'. */
  node: string;
  /** float32 [H, W] at the network's input size, ≥ 0, normalised to [0, 1] for display. */
  map: TensorPayload;
  /** The largest value of the map before normalisation. */
  rawMax: number;
  /** One value everywhere (a 1×1 node, or no positive evidence for the class): the map shows no place. */
  flat: boolean;
  /** uint8 [H, W, 3]: the network's input pixels after resizing and cropping, to draw the map over. */
  pixels: TensorPayload;
  faithfulness: Faithfulness;
  /** Integrated Gradients: Σ attribution, f(x) − f(baseline) and the relative gap. */
  completeness?: { sum: number; delta: number; error: number };
  /** The top-5 classes of the image (for the class picker). */
  top: ExplainPrediction[];
  /** Class names by logit index, when the weights are ImageNet's (the picker searches them). */
  labels?: string[];
  /** Number of classes (logits). */
  classes: number;
  /** 'onnxruntime' or 'tfjs', and the tfjs backend underneath. */
  backend: string;
  passes: number;
  ms: number;
}

export interface ExplainBranchesParams extends ExplainSubject {
  /** A concat node (a module's join) or an add node (a residual block). */
  node: string;
  classIndex?: number;
  target?: ExplainChannelTarget;
}

export interface BranchShare {
  /** The node feeding this part: a branch's output, or for a residual the shortcut / the scaled body. */
  id: string;
  role: 'branch' | 'shortcut' | 'residual';
  /** Channel slice [start, end) of the concat. */
  channels?: [number, number];
  /** Σ ∂target/∂node ⊙ node over this part (Grad × Activation). */
  value: number;
  /** value / total. */
  share: number;
}

export interface ExplainBranchesResult {
  node: string;
  kind: 'concat' | 'add';
  classIndex: number;
  /** The channel whose score is split, when the request named one. */
  target?: ExplainChannelTarget;
  /** Σ over the whole node: the parts' values sum to it. */
  total: number;
  parts: BranchShare[];
  ms: number;
}

export interface ExplainEstimateParams extends Pick<ExplainSubject, 'weightsId' | 'network'> {
  method: ExplainMethod;
  /** The CAM node (Score-CAM's cost grows with its channels). */
  node?: string;
  options?: ExplainOptions;
}

export interface ExplainEstimateResult {
  /** Network passes the method needs (forward, or forward + backward). */
  passes: number;
  /** Milliseconds, from passes measured on this engine; absent until one has run. */
  ms?: number;
  backend: string;
}
