/**
 * The OnnxEmitter that writes a GraphProto: nodes, initializers, graph inputs and outputs. One class
 * serves the inference export (parameters are initializers from a WeightMap) and the training and
 * gradient graphs (parameters may be graph inputs, fed each step in ONNX layout).
 */
import type { AnalysedNode } from '../../shared/analysis-types.js';
import {
  floatTensor,
  int64Tensor,
  valueInfo,
  type Attribute,
  type Node,
  type Tensor,
  type ValueInfo,
} from '../onnx/proto.js';
import { expectedWeights, hwioToOihw, type WeightKind, type WeightMap } from '../onnx/weights.js';
import type { OnnxEmitter, OnnxMode } from './types.js';

/** Initializer / graph-input names of a node's parameters: `${id}/kernel`, `${id}/moving_mean`, ... */
export const PARAM_SUFFIX: Record<WeightKind, string> = {
  kernel: 'kernel',
  bias: 'bias',
  gamma: 'gamma',
  beta: 'beta',
  movingMean: 'moving_mean',
  movingVariance: 'moving_variance',
};

export interface ParamInput {
  name: string;
  node: string;
  kind: WeightKind;
  /** ONNX layout: conv kernels OIHW, dense kernels [in, out]. */
  dims: number[];
}

export interface StepInput {
  name: string;
  node: string;
  what: 'dropoutMask';
  dims: (number | string)[];
}

export interface GraphEmitterOptions {
  mode: OnnxMode;
  /** 'initializers' (default): values from `weights`. 'inputs': graph inputs (listed in paramInputs). */
  params?: 'initializers' | 'inputs';
  /** Required for params 'initializers'. Tensors in TF layout (conv kernels HWIO). */
  weights?: WeightMap;
  /** See OnnxEmitter.saveForVjp. Default false. */
  saveForVjp?: boolean;
}

const paramName = (node: AnalysedNode, kind: WeightKind) => `${node.id}/${PARAM_SUFFIX[kind]}`;

/** ONNX-layout dims of a node's parameter, from the analysis (conv HWIO → OIHW). */
function onnxDims(node: AnalysedNode, kind: WeightKind): number[] | undefined {
  const s = expectedWeights(node)[kind];
  if (!s && (kind === 'gamma' || kind === 'bias')) {
    const c = node.outShape[node.outShape.length - 1]!;
    return [c];
  }
  if (s && kind === 'kernel' && s.length === 4) return [s[3]!, s[2]!, s[0]!, s[1]!];
  return s;
}

export class GraphEmitter implements OnnxEmitter {
  readonly mode: OnnxMode;
  readonly saveForVjp: boolean;
  readonly nodes: Node[] = [];
  readonly initializers: Tensor[] = [];
  readonly inputs: ValueInfo[] = [];
  readonly outputs: ValueInfo[] = [];
  readonly paramInputs: ParamInput[] = [];
  readonly stepInputs: StepInput[] = [];
  /** node id → what → graph output name (BN batch statistics in training mode). */
  readonly exposed: Record<string, Partial<Record<'batchMean' | 'batchVariance', string>>> = {};
  private readonly params: 'initializers' | 'inputs';
  private readonly weights: WeightMap;
  private readonly names = new Set<string>();
  private readonly paramsDone = new Map<string, string>();
  private scopeId = '';
  private inScope = 0;
  private consts = 0;

  constructor(opts: GraphEmitterOptions) {
    this.mode = opts.mode;
    this.saveForVjp = opts.saveForVjp ?? false;
    this.params = opts.params ?? 'initializers';
    this.weights = opts.weights ?? {};
  }

  /** Names the ops that follow after `id` (a spec node id or any prefix such as `${id}/grad`). */
  scope(id: string): void {
    this.scopeId = id;
    this.inScope = 0;
  }

  /** A graph input (the image batch, labels, ...). */
  input(name: string, dims: (number | string)[], doc?: string): string {
    this.inputs.push(valueInfo(name, dims, doc));
    return name;
  }

  node(
    opType: string,
    inputs: string[],
    attrs: Attribute[] = [],
    opts: { name?: string; outputs?: number } = {},
  ): string {
    return this.add(opType, inputs, attrs, opts.outputs ?? 1, opts.name)[0]!;
  }

  nodeN(opType: string, inputs: string[], outputs: number, attrs: Attribute[] = []): string[] {
    return this.add(opType, inputs, attrs, outputs);
  }

  private add(opType: string, input: string[], attribute: Attribute[], n: number, out?: string): string[] {
    const k = this.inScope++;
    const base = this.scopeId || opType;
    const name = this.unique(k === 0 && this.scopeId ? base : `${base}/${opType}${k}`);
    const first = out ?? this.unique(`${base}/${opType}${k}_out`);
    const output = [first, ...Array.from({ length: n - 1 }, (_, j) => `${first}:${j + 1}`)];
    this.nodes.push({ name, opType, input, output, attribute });
    return output;
  }

  private unique(n: string): string {
    let s = n;
    for (let i = 1; this.names.has(s); i++) s = `${n}_${i}`;
    this.names.add(s);
    return s;
  }

  param(node: AnalysedNode, kind: WeightKind, fallback?: Float32Array): string {
    const name = paramName(node, kind);
    const done = this.paramsDone.get(name);
    if (done) return done;
    this.paramsDone.set(name, name);
    const t = this.weights[node.id]?.[kind];
    if (this.params === 'inputs' && (t || !fallback)) {
      const dims = onnxDims(node, kind);
      if (!dims) throw new Error(`${node.id} has no ${kind} parameter`);
      this.paramInputs.push({ name, node: node.id, kind, dims });
      this.inputs.push(valueInfo(name, dims));
      return name;
    }
    if (!t && !fallback) throw new Error(`no tensor for ${name}`);
    const v = t ? (kind === 'kernel' && t.shape.length === 4 ? hwioToOihw(t) : t) : undefined;
    const data = v?.data ?? fallback!;
    this.initializers.push(floatTensor(name, v?.shape ?? [data.length], data));
    return name;
  }

  constFloat(data: ArrayLike<number>, dims: number[]): string {
    const name = this.unique(`${this.scopeId || 'const'}/const${this.consts++}`);
    this.initializers.push(floatTensor(name, dims, Float32Array.from(data)));
    return name;
  }

  constInt64(values: number[]): string {
    const name = this.unique(`${this.scopeId || 'const'}/const${this.consts++}`);
    this.initializers.push(int64Tensor(name, values));
    return name;
  }

  stepInput(node: AnalysedNode, what: 'dropoutMask', dims: (number | string)[]): string {
    if (this.mode !== 'train') throw new Error(`${node.id}: step inputs exist in training mode only`);
    const name = `${node.id}/dropout_mask`;
    this.stepInputs.push({ name, node: node.id, what, dims });
    this.inputs.push(valueInfo(name, dims, 'dropout mask: 0 or 1/(1 − rate)'));
    return name;
  }

  output(
    node: AnalysedNode,
    what: 'batchMean' | 'batchVariance',
    value: string,
    dims: (number | string)[],
  ): void {
    if (this.mode !== 'train') throw new Error(`${node.id}: ${what} is a training-mode output`);
    (this.exposed[node.id] ??= {})[what] = value;
    this.outputs.push(valueInfo(value, dims));
  }
}
