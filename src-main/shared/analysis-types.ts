/**
 * What the analysis derives from a spec: a flat, topologically ordered DAG of nodes plus the
 * group tree (stage → module → seq/concat/residual) with totals. JSON-serialisable: this is
 * what the renderer draws.
 */
import type { Activation, Layer, LayerOp, NetworkSpec } from './spec.js';

/** [H, W, C] for feature maps, [C] after flatten/dense. */
export type Shape = number[];

export interface ParamCount {
  /** PyTorch convention: parameters(); BN has γ and β, running stats are buffers. */
  pytorch: number;
  /** Keras convention: trainable (BN β, plus γ when scale) ... */
  kerasTrainable: number;
  /** ... and non-trainable (BN moving mean and variance). */
  kerasNonTrainable: number;
}

export interface ReceptiveField {
  /** Receptive field size in input pixels, [h, w]. */
  size: [number, number];
  /** Distance in input pixels between adjacent outputs (product of strides), [h, w]. */
  jump: [number, number];
}

export type NodeKind = 'input' | 'layer' | 'concat' | 'add';

/** Zero padding of a node's input, four explicit sides in pixels. */
export interface Pads {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** A batch norm after a conv or dense layer, defaults resolved. */
export interface ResolvedBatchNorm {
  eps: number;
  /** Whether BN has a learned γ (Keras `scale`); without it γ is 1. */
  gamma: boolean;
  /** Keras momentum (moving = m·moving + (1−m)·batch); Keras' default 0.99 when the spec has none. */
  momentum: number;
}

/**
 * A layer's attributes with nothing left to a backend's defaults, by op. Pads are the real padding
 * of the input (TF 'same' computed for this input size, the odd pixel after); ceil-mode overhang is
 * not padding, engines derive it from the output size.
 */
export type ResolvedLayer =
  | { op: 'conv'; pads: Pads; bn?: ResolvedBatchNorm }
  | { op: 'dense'; bn?: ResolvedBatchNorm }
  | {
      op: 'maxpool' | 'avgpool';
      /** Zero for adaptive pools (their windows come from `adaptive`). */
      pads: Pads;
      /** PyTorch ceil_mode; always false for TF 'same' (whose output size is ceil(in / s) anyway). */
      ceil: boolean;
      /**
       * Average pools: whether padded zeros count in the divisor. PyTorch's avg_pool2d counts them
       * (count_include_pad=True default), TF 'same' does not; the ceil overhang never counts.
       */
      countIncludePad: boolean;
      adaptive?: [number, number];
    }
  | { op: 'lrn' | 'globalavgpool' | 'dropout' | 'flatten' | 'softmax' | 'relu' };

export interface AnalysedNode {
  /** Path id, '/'-joined, e.g. 'Mixed_5b/branch3x3dbl/conv_2'. Unique. */
  id: string;
  kind: NodeKind;
  /** Present for kind 'layer': the layer with 'match-input' and 'classes' resolved to numbers. */
  layer?: Layer;
  op?: LayerOp | 'input' | 'concat' | 'add';
  /** Ids of the nodes feeding this one, in order. */
  inputs: string[];
  /** Ids of every group containing this node, outermost first (stage, module, ...). */
  groups: string[];
  stage: string;
  module: string;
  /** Set for nodes that belong to a training-only auxiliary head. */
  aux?: string;
  /** For 'add' nodes: the residual scale applied to the body. */
  scale?: number;
  /** For 'add' nodes: the activation applied after the sum. */
  activation?: Activation;
  /**
   * Every default of the layer resolved once, here, for the node's input size; engines lower from
   * this and never re-derive it (see src-main/analysis/resolve.ts). Present for kind 'layer'.
   */
  resolved?: ResolvedLayer;
  inShapes: Shape[];
  outShape: Shape;
  params: ParamCount;
  macs: number;
  rf: ReceptiveField;
}

export type GroupKind = 'stage' | 'module' | 'seq' | 'concat' | 'residual' | 'aux';

export interface AnalysedGroup {
  id: string;
  kind: GroupKind;
  name: string;
  /** For modules and aux heads: the paper's name and the module type. */
  paperName?: string;
  type?: string;
  parent?: string;
  /** Node ids in topological order (deep: includes nested groups' nodes). */
  nodes: string[];
  /** Direct child group ids. */
  children: string[];
  inShape: Shape;
  outShape: Shape;
  params: ParamCount;
  macs: number;
  rf: ReceptiveField;
  /** The node whose output is the group's output. */
  output: string;
  /** For aux heads: the module they attach to and their loss weight. */
  attachTo?: string;
  lossWeight?: number;
}

export interface Totals {
  params: ParamCount;
  macs: number;
  convLayers: number;
  bnLayers: number;
  denseLayers: number;
  /** Σ channels over BN layers: the difference between the two conventions. */
  bnChannels: number;
}

export interface Analysis {
  spec: NetworkSpec;
  /** Topological order; auxiliary-head nodes included, marked with `aux`. */
  nodes: AnalysedNode[];
  groups: AnalysedGroup[];
  output: Shape;
  /** Inference graph (no auxiliary heads). */
  totals: Totals;
  /** Training graph (with the auxiliary heads). */
  totalsWithAux: Totals;
}
