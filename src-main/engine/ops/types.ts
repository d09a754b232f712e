/**
 * The one definition of each operation: every layer op and merge (concat, add) of the spec has one
 * entry in the op table (table.ts), holding its lowering for each backend: the tfjs-layers forward,
 * the ONNX forward (inference and training mode) and the ONNX vector-Jacobian product. The tfjs
 * builder, the ONNX exporter and the backward-graph compiler read only this table.
 *
 * ONNX lowerings write through an OnnxEmitter, so the same code serves inference graphs (parameters
 * are initializers) and training graphs (parameters are graph inputs fed each step).
 */
import type { AnalysedNode } from '../../shared/analysis-types.js';
import type { Attribute } from '../onnx/proto.js';
import type { WeightKind } from '../onnx/weights.js';

export type OnnxMode = 'inference' | 'train';

export interface OnnxEmitter {
  readonly mode: OnnxMode;
  /**
   * Whether lowerings also emit values only a VJP reads (inference-mode BN's reshaped γ, mean and
   * 1/σ). False for a plain export, so the written model holds no dead nodes.
   */
  readonly saveForVjp?: boolean;
  /**
   * Adds one ONNX node and returns the name of its (first) output. `opts.name` names that output
   * (a lowering's last op passes the node id, so the value carries the spec's name); without it the
   * emitter derives a unique one. The first ONNX node of each spec node is named by the node id
   * (what Netron shows first), the rest `${id}/${opType}${k}`. `opts.outputs` > 1 adds outputs
   * `${name}:1`, `${name}:2`, ... (returned by nodeN).
   */
  node(
    opType: string,
    inputs: string[],
    attrs?: Attribute[],
    opts?: { name?: string; outputs?: number },
  ): string;
  /** Like node() for ops with several outputs (MaxPool with Indices, Split, ...): all output names. */
  nodeN(opType: string, inputs: string[], outputs: number, attrs?: Attribute[]): string[];
  /**
   * The value of a node's parameter in ONNX layout (conv kernels OIHW, dense kernels [in, out]).
   * `fallback` supplies a tensor the weights may lack (γ = 1 for Keras scale:false BN).
   */
  param(node: AnalysedNode, kind: WeightKind, fallback?: Float32Array): string;
  /** A float32 or int64 constant (folded by the runtime). */
  constFloat(data: ArrayLike<number>, dims: number[]): string;
  constInt64(values: number[]): string;
  /**
   * Training mode only: a per-step input the caller feeds, named after the node. 'dropoutMask' is
   * float32 shaped like the node's NCHW (or [N, C]) input, holding 0 for a dropped unit and
   * 1/(1 − rate) for a kept one (inverted dropout, as Keras and PyTorch scale). Returns its name.
   */
  stepInput(node: AnalysedNode, what: 'dropoutMask', dims: (number | string)[]): string;
  /**
   * Training mode only: exposes a value as a graph output (BN batch mean/variance [C] for the running
   * averages; the variance is the biased one BN normalises with — PyTorch's running average uses
   * the unbiased n/(n−1)·var, Keras the biased one).
   */
  output(
    node: AnalysedNode,
    what: 'batchMean' | 'batchVariance',
    value: string,
    dims: (number | string)[],
  ): void;
}

/** What a forward lowering saw and made, kept for its VJP. */
export interface ForwardRecord {
  node: AnalysedNode;
  /** ONNX names of the node's inputs (NCHW or [N, C]). */
  inputs: string[];
  /** ONNX name of the node's output. */
  output: string;
  /** Intermediate values the VJP reuses (pre-BN conv output, normalised x, 1/σ, MaxPool indices, ...). */
  saved: Record<string, string>;
}

/** What a VJP returns: the gradient of each input (null when the input is a constant) and of each parameter. */
export interface VjpResult {
  inputs: (string | null)[];
  params: Partial<Record<WeightKind, string>>;
}

/**
 * What a tfjs-layers lowering builds with. The tfjs modules come in through the context so that
 * the op files (and the ONNX exporter that imports them) load no TensorFlow.js at run time.
 */
export interface TfjsContext {
  tfl: typeof import('@tensorflow/tfjs-layers');
  custom: typeof import('../tfjs/custom-layers.js');
  /** Reserves a tfjs layer name (throws on a collision). */
  name(n: string): string;
  /** The node's main layer name ('/' → '.'); sub-layers are '<main>.pad', '.bn', '.relu'. */
  readonly main: string;
  /** Records the node's sub-layers (for mapping weights). */
  readonly layers: { pad?: string; bn?: string; act?: string };
  /** Seeded Glorot-uniform initialiser for the next weighted layer. */
  kernelInit(): ReturnType<typeof import('@tensorflow/tfjs-layers').initializers.glorotUniform>;
}

/** A tfjs-layers symbolic tensor. */
export type TfjsValue = import('@tensorflow/tfjs-layers').SymbolicTensor;

export interface OpLowering {
  /** ONNX forward: appends the node's ops, returns the output name and what its VJP needs. */
  onnx(e: OnnxEmitter, node: AnalysedNode, inputs: string[]): ForwardRecord;
  /** tfjs-layers forward: the node's layers applied to its inputs (NHWC). */
  tfjs(ctx: TfjsContext, node: AnalysedNode, inputs: TfjsValue[]): TfjsValue;
  /** ONNX vector-Jacobian product: given dL/d(output), appends the backward ops. */
  vjp?(e: OnnxEmitter, fwd: ForwardRecord, gradOutput: string): VjpResult;
}
