/**
 * The declarative network spec: network → stage → module → block tree → layer.
 * Every view, the tfjs model, the ONNX graph and the analysis derive from these types.
 * Specs are plain JSON-serialisable data, so the renderer can receive them over the protocol.
 */

/** Every network the zoo builds: the one list the CLI, the protocol, deep links and the views derive from. */
export const NETWORK_IDS = [
  'googlenet',
  'inception_v2',
  'inception_v3',
  'inception_v4',
  'inception_resnet_v1',
  'inception_resnet_v2',
  'bn_inception',
] as const;
export type NetworkId = (typeof NETWORK_IDS)[number];

export const isNetworkId = (s: unknown): s is NetworkId =>
  typeof s === 'string' && (NETWORK_IDS as readonly string[]).includes(s);

export const FLAVOUR_IDS = ['paper', 'released', 'torchvision'] as const;
export type FlavourId = (typeof FLAVOUR_IDS)[number];

/** [height, width] */
export type Pair = [number, number];

/**
 * 'same' and 'valid' follow TensorFlow/Keras. `explicit` is PyTorch-style zero padding
 * (symmetric unless the four sides differ); pools with `ceil` follow Caffe/PyTorch ceil_mode.
 */
export type Padding = 'same' | 'valid' | { top: number; bottom: number; left: number; right: number };

export interface BatchNormSpec {
  eps: number;
  /** Keras `scale`: whether BN has a learned γ. PyTorch always has γ and β. */
  scale: boolean;
  /** BN momentum as Keras defines it (moving = m·moving + (1−m)·batch). */
  momentum?: number;
}

export type Activation = 'relu' | 'linear';

interface LayerBase {
  /** Unique within its parent; the full id is the '/'-joined path. */
  name: string;
  /** Optional human label in the paper's words, e.g. "1×7 conv, 192". Derived when absent. */
  label?: string;
}

export interface ConvLayer extends LayerBase {
  op: 'conv';
  /** A number, or 'match-input' for residual up-projections that must return to the block's width. */
  filters: number | 'match-input';
  kernel: Pair;
  strides: Pair;
  padding: Padding;
  bias: boolean;
  bn?: BatchNormSpec;
  activation: Activation;
}

export interface PoolLayer extends LayerBase {
  op: 'maxpool' | 'avgpool';
  pool: Pair;
  strides: Pair;
  padding: Padding;
  /** PyTorch/Caffe ceil_mode. */
  ceil?: boolean;
  /** PyTorch avg_pool2d count_include_pad (TF 'same' excludes padding). */
  countIncludePad?: boolean;
  /**
   * PyTorch adaptive pooling to this [h, w] output, whatever the input size. `pool`/`strides`
   * then hold the fixed window that gives the same output at the network's default input, for
   * engines without adaptive pooling.
   */
  adaptive?: Pair;
}

export interface LrnLayer extends LayerBase {
  op: 'lrn';
  size: number;
  alpha: number;
  beta: number;
  k: number;
}

export interface GlobalPoolLayer extends LayerBase {
  op: 'globalavgpool';
}

export interface DropoutLayer extends LayerBase {
  op: 'dropout';
  /** Fraction of units dropped (the papers' "70% ratio"). */
  rate: number;
}

export interface FlattenLayer extends LayerBase {
  op: 'flatten';
}

export interface DenseLayer extends LayerBase {
  op: 'dense';
  /** A number, or 'classes' for the classifier, resolved from the variant's class count. */
  units: number | 'classes';
  bias: boolean;
  activation: Activation;
  bn?: BatchNormSpec;
}

export interface SoftmaxLayer extends LayerBase {
  op: 'softmax';
}

export interface ActivationLayer extends LayerBase {
  op: 'relu';
}

export type Layer =
  | ConvLayer
  | PoolLayer
  | LrnLayer
  | GlobalPoolLayer
  | DropoutLayer
  | FlattenLayer
  | DenseLayer
  | SoftmaxLayer
  | ActivationLayer;

export type LayerOp = Layer['op'];

/** A sequence of layers and nested splits, applied one after another. */
export interface Seq {
  kind: 'seq';
  name: string;
  items: Block[];
}

/** Parallel branches on the same input, joined by channel concatenation. */
export interface Concat {
  kind: 'concat';
  name: string;
  branches: Seq[];
}

/**
 * Residual block: out = act(input + scale · body(input)).
 * `body` ends in the linear up-projection whose filters are 'match-input'.
 */
export interface Residual {
  kind: 'residual';
  name: string;
  body: Seq;
  scale: number;
  activation: Activation;
}

export type Block = Layer | Seq | Concat | Residual;

export interface FigureRef {
  /** e.g. 'P1' GoogLeNet, 'P3' Rethinking, 'P4' Inception-v4 (P1 arXiv:1409.4842, P2 arXiv:1502.03167, P3 arXiv:1512.00567, P4 arXiv:1602.07261). */
  paper: 'P1' | 'P2' | 'P3' | 'P4';
  figure: string;
}

export interface Module {
  /** Stable id inside the network, e.g. 'Mixed_6b', 'inception_4a', 'block35_3'. */
  name: string;
  /** The paper's name, e.g. "inception (4a)", "Inception-B", "Block35". */
  paperName: string;
  /** The module kind shared by identical repeats, e.g. 'Inception-B'. Runs with equal `type` can be folded. */
  type: string;
  figure?: FigureRef;
  /** Paper parameters the builder was called with, shown in tables (e.g. {'#1×1': 64, ...}). */
  params?: Record<string, number | string>;
  body: Block;
}

export interface Stage {
  name: string;
  modules: Module[];
}

/** A training-only classifier attached to a module's output. */
export interface AuxHead {
  name: string;
  /** The module whose output feeds the head. */
  attachTo: string;
  lossWeight: number;
  trainingOnly: true;
  body: Seq;
  figure?: FigureRef;
}

export interface Variant {
  /** Input [H, W, C]. */
  input: [number, number, number];
  classes: number;
  /** Width multiplier applied to every filter count (1 = the paper's network). */
  width: number;
}

export interface Choice {
  /** What the paper leaves open or where implementations differ, and what this spec does. */
  topic: string;
  decision: string;
  source?: string;
}

export interface NetworkSpec {
  id: NetworkId;
  flavour: FlavourId;
  title: string;
  paper: FigureRef['paper'];
  variant: Variant;
  stages: Stage[];
  aux: AuxHead[];
  /** Documented choices and deviations, shown in the app beside the network. */
  choices: Choice[];
}

export interface VariantOptions {
  flavour?: FlavourId;
  width?: number;
  input?: number;
  classes?: number;
  /** Include optional aux heads that a flavour does not build by default (e.g. TF-slim's v4 head). */
  extraAux?: boolean;
}

/** A network and its variant options: what the analysis, the weights loaders and the protocol ask for. */
export interface NetworkSelection extends VariantOptions {
  id: NetworkId;
}
