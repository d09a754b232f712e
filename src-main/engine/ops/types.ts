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
  /** Adds one ONNX node and returns the name of its (first) output. */
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
   * Training mode only: a per-step input the caller feeds (a dropout mask), named after the node.
   * Returns the graph input's name.
   */
  stepInput(node: AnalysedNode, what: 'dropoutMask', dims: (number | string)[]): string;
  /** Training mode only: exposes a value as a graph output (BN batch mean/variance for the running averages). */
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

export interface OpLowering {
  /** ONNX forward: appends the node's ops, returns the output name and what its VJP needs. */
  onnx(e: OnnxEmitter, node: AnalysedNode, inputs: string[]): ForwardRecord;
  /** ONNX vector-Jacobian product: given dL/d(output), appends the backward ops. */
  vjp?(e: OnnxEmitter, fwd: ForwardRecord, gradOutput: string): VjpResult;
}
