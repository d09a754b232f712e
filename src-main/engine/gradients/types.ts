/**
 * The contract every gradient consumer (attribution, feature visualisation, DeepDream, effective
 * receptive fields) and every gradient backend (tfjs now, ONNX Runtime's backward graph) share.
 * A backend is bound to one analysed network and one WeightMap (the weights the Activations view
 * runs), in inference mode: batch norm uses its running statistics, dropout is the identity.
 *
 * Layouts are the app's: images NHWC float32, feature maps [N, H, W, C], vectors [N, C].
 */
import type { Analysis } from '../../shared/analysis-types.js';
import type { WeightMap } from '../onnx/weights.js';

/**
 * A node's targets may read the value before the node's final ReLU (`preRelu`, only where
 * ops/pre-relu.ts endsInRelu): Lucid's pre_relu objectives, which move even where the ReLU is off.
 */
interface OnNode {
  node: string;
  preRelu?: boolean;
}

/** What is differentiated. Each is a scalar per batch item; the gradient is of its sum over the batch. */
export type GradTarget =
  /** The pre-softmax score of a class (the classifier's output node). */
  | { kind: 'logit'; classIndex: number }
  /** The spatial mean of one channel of a node. */
  | ({ kind: 'channel'; channel: number } & OnNode)
  /** One unit of a node: channel c at (y, x). */
  | ({ kind: 'neuron'; channel: number; y: number; x: number } & OnNode)
  /** The spatial mean of the dot product of the node's channels with a direction (length C). */
  | ({ kind: 'direction'; vector: Float32Array } & OnNode)
  /** DeepDream's objective: mean over the node of x². */
  | ({ kind: 'l2' } & OnNode);

export interface GradRequest {
  /** NHWC images, `batch` of them, at the network's input size. */
  input: Float32Array;
  batch: number;
  target: GradTarget;
  /** Which gradients to return: 'input' and/or node ids. Default ['input']. */
  wrt?: readonly string[];
  /** Node ids whose forward values to return too (Grad-CAM needs the node's activation). */
  keep?: readonly string[];
  /** Return the logits too. Off by default: without them the graph stops at the target's node. */
  logits?: boolean;
  signal?: AbortSignal;
}

export interface HostArray {
  data: Float32Array;
  /** NHWC or [N, C]; the batch dimension first. */
  shape: number[];
}

export interface GradResult {
  /** The target's value for each batch item. */
  objective: Float32Array;
  /** Gradient of Σ objective with respect to each `wrt` entry ('input' or a node id). */
  grads: Record<string, HostArray>;
  /** Forward values of the `keep` nodes. */
  values: Record<string, HostArray>;
  /** The network's logits [N, classes], when the request asked for them. */
  logits?: HostArray;
}

export interface ForwardResult {
  logits: HostArray;
  values: Record<string, HostArray>;
}

export interface NodeVjpRequest {
  input: Float32Array;
  batch: number;
  node: string;
  /** NHWC (or [N, C]) like the node's value for the whole batch. */
  cotangent: Float32Array;
  signal?: AbortSignal;
}

export type GradientBackendName = 'onnxruntime' | 'tfjs';

export interface GradientBackend {
  readonly name: GradientBackendName;
  readonly analysis: Analysis;
  gradient(req: GradRequest): Promise<GradResult>;
  /**
   * Optional (added for feature visualisation's diversity term, whose objective is a function of a
   * node's values): the gradient with respect to the input of Σ (node value ⊙ cotangent), i.e. a
   * vector–Jacobian product seeded at `node`; `cotangent` has the node's shape for the whole batch.
   * A backend without it leaves diversity unavailable; nothing else depends on it.
   */
  nodeVjp?(req: NodeVjpRequest): Promise<HostArray>;
  /** A forward pass only (gradient-free methods: occlusion, Score-CAM, Eigen-CAM). */
  forward(
    input: Float32Array,
    batch: number,
    keep: readonly string[],
    signal?: AbortSignal,
  ): Promise<ForwardResult>;
  dispose(): void;
}

/** Builds a backend for a network and its weights; each engine provides one. */
export type GradientBackendFactory = (analysis: Analysis, weights: WeightMap) => Promise<GradientBackend>;
