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
