/**
 * The OnnxEmitter of training graphs: parameters are graph inputs (fed each step, so the optimizer
 * updates them without rebuilding the session), dropout masks are per-step inputs, BN batch
 * statistics are outputs. Values get readable names under the node being lowered (`scope`).
 * `finish` keeps only the ops some output needs (a VJP computes every input's gradient; the ones
 * nobody asked for are dropped here, so e.g. the first conv's dX is never computed).
 */
import type { AnalysedNode } from '../../../shared/analysis-types.js';
import type { OnnxEmitter, OnnxMode } from '../../ops/types.js';
import {
  IR_VERSION,
  OPSET,
  floatTensor,
  int64Tensor,
  valueInfo,
  type Attribute,
  type Model,
  type Node,
  type Tensor,
  type ValueInfo,
} from '../proto.js';
import { expectedWeights, type WeightKind } from '../weights.js';
import type { ParamInput } from './types.js';

/** Error raised while compiling a training graph (an unsupported op, a missing VJP, a bad option). */
export class TrainingGraphError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainingGraphError';
  }
}

/** ONNX layout of a parameter: conv kernels OIHW, everything else as the WeightMap holds it. */
export function onnxParamShape(node: AnalysedNode, kind: WeightKind): number[] | undefined {
  const shape = expectedWeights(node)[kind];
  if (!shape) return undefined;
  if (kind === 'kernel' && shape.length === 4) {
    const [kh, kw, ci, co] = shape as [number, number, number, number];
    return [co, ci, kh, kw];
  }
  return shape;
}

export class TrainingEmitter implements OnnxEmitter {
  readonly saveForVjp = true;
  readonly nodes: Node[] = [];
  readonly inits: Tensor[] = [];
  readonly inputs: ValueInfo[] = [];
  readonly params: ParamInput[] = [];
  readonly dropoutMasks: { nodeId: string; name: string; dims: number[] }[] = [];
  readonly batchStats = new Map<string, { mean?: string; variance?: string }>();
  private readonly outputs: ValueInfo[] = [];
  private readonly paramNames = new Map<string, string>();
  private readonly constCache = new Map<string, string>();
  private prefix = 'graph';
  private counter = 0;

  /**
   * `frozen`, when given, makes every parameter a constant with the value it returns (ONNX layout):
   * graphs whose weights never change (the gradient services), so the runtime folds the kernels'
   * transposes and pre-packs them, as it does for inference.
   */
  constructor(
    readonly mode: OnnxMode,
    readonly batch: number,
    private readonly frozen?: (p: ParamInput) => Float32Array,
  ) {}

  /** Names of the values emitted next start with `id` (the spec node being lowered). */
  scope(id: string): void {
    this.prefix = id;
  }

  private fresh(opType: string): string {
    return `${this.prefix}/${opType}_${this.counter++}`;
  }

  node(
    opType: string,
    inputs: string[],
    attrs: Attribute[] = [],
    opts: { name?: string; outputs?: number } = {},
  ): string {
    return this.emit(opType, inputs, opts.outputs ?? 1, attrs, opts.name)[0]!;
  }

  nodeN(opType: string, inputs: string[], outputs: number, attrs: Attribute[] = []): string[] {
    return this.emit(opType, inputs, outputs, attrs);
  }

  private emit(opType: string, inputs: string[], n: number, attrs: Attribute[], name?: string): string[] {
    const base = name ?? this.fresh(opType);
    // Extra outputs are `${first}:k`, as the op table's lowerings expect (MaxPool's indices).
    const output = [base, ...Array.from({ length: n - 1 }, (_, i) => `${base}:${i + 1}`)];
    this.nodes.push({ name: base, opType, input: inputs, output, attribute: attrs });
    return output;
  }

  param(node: AnalysedNode, kind: WeightKind, fallback?: Float32Array): string {
    const key = `${node.id}/${kind}`;
    const known = this.paramNames.get(key);
    if (known) return known;
    const shape = onnxParamShape(node, kind);
    let name: string;
    if (shape && this.frozen) {
      name = key;
      this.inits.push(floatTensor(name, shape, this.frozen({ nodeId: node.id, kind, name, shape })));
    } else if (shape) {
      name = key;
      this.inputs.push(valueInfo(name, shape));
      this.params.push({ nodeId: node.id, kind, name, shape });
    } else if (fallback) {
      name = this.constFloat(fallback, [fallback.length]);
    } else {
      throw new TrainingGraphError(`${node.id} has no ${kind} parameter and no default for it`);
    }
    this.paramNames.set(key, name);
    return name;
  }

  /** Whether `name` is a trainable graph input (a γ that defaults to 1 is a constant, not a parameter). */
  isParamInput(name: string): boolean {
    return this.params.some((p) => p.name === name);
  }

  constFloat(data: ArrayLike<number>, dims: number[]): string {
    const arr = Float32Array.from(data as ArrayLike<number>);
    const small = arr.length <= 16;
    const key = small ? `f:${dims.join(',')}:${Array.from(arr).join(',')}` : '';
    if (small && this.constCache.has(key)) return this.constCache.get(key)!;
    const name = this.fresh('const');
    this.inits.push(floatTensor(name, dims, arr));
    if (small) this.constCache.set(key, name);
    return name;
  }

  constInt64(values: number[]): string {
    const key = `i:${values.join(',')}`;
    const known = this.constCache.get(key);
    if (known) return known;
    const name = `const/i64_${this.counter++}`;
    this.inits.push(int64Tensor(name, values));
    this.constCache.set(key, name);
    return name;
  }

  stepInput(node: AnalysedNode, what: 'dropoutMask', dims: (number | string)[]): string {
    if (this.mode !== 'train')
      throw new TrainingGraphError(`${what} of ${node.id} asked for outside training mode`);
    const name = `${node.id}/${what}`;
    const fixed = dims.map((d) => (typeof d === 'number' ? d : this.batch));
    this.inputs.push(valueInfo(name, fixed, 'dropout keep-mask, already scaled by 1/(1 − rate)'));
    this.dropoutMasks.push({ nodeId: node.id, name, dims: fixed });
    return name;
  }

  output(
    node: AnalysedNode,
    what: 'batchMean' | 'batchVariance',
    value: string,
    dims: (number | string)[],
  ): void {
    const stats = this.batchStats.get(node.id) ?? {};
    const name = `${node.id}/${what}`;
    this.node('Identity', [value], [], { name });
    this.addOutput(name, dims);
    if (what === 'batchMean') stats.mean = name;
    else stats.variance = name;
    this.batchStats.set(node.id, stats);
  }

  /** A float graph input the caller feeds each step (images, targets). */
  graphInput(name: string, dims: number[], doc: string): string {
    this.inputs.push(valueInfo(name, dims, doc));
    return name;
  }

  /** Declares `value` a graph output under `name` (an Identity when the names differ). */
  addOutput(name: string, dims: (number | string)[], value: string = name): string {
    if (value !== name) this.node('Identity', [value], [], { name });
    if (!this.outputs.some((o) => o.name === name)) this.outputs.push(valueInfo(name, dims));
    return name;
  }

  /** The model, with every op no output depends on removed. */
  finish(graphName: string, docString: string, metadata: Record<string, string>): Model {
    const producer = new Map<string, Node>();
    for (const n of this.nodes) for (const o of n.output) producer.set(o, n);
    const live = new Set<Node>();
    const usedValues = new Set<string>();
    const stack = this.outputs.map((o) => o.name);
    while (stack.length > 0) {
      const v = stack.pop()!;
      if (usedValues.has(v)) continue;
      usedValues.add(v);
      const n = producer.get(v);
      if (!n || live.has(n)) continue;
      live.add(n);
      stack.push(...n.input.filter((i) => i !== ''));
    }
    // A MaxPool whose indices no VJP reads computes the plain (faster) pool.
    const node = this.nodes
      .filter((n) => live.has(n))
      .map((n) =>
        n.opType === 'MaxPool' && n.output.length === 2 && !usedValues.has(n.output[1]!)
          ? { ...n, output: [n.output[0]!] }
          : n,
      );
    // Inputs the pruned graph never reads stay declared (callers feed every parameter the same way),
    // but unused initializers go.
    return {
      irVersion: IR_VERSION,
      producerName: 'inception-explorer',
      producerVersion: '0.1.0',
      docString,
      opsetImport: [{ domain: '', version: OPSET }],
      metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
      graph: {
        name: graphName,
        node,
        initializer: this.inits.filter((t) => usedValues.has(t.name)),
        input: this.inputs,
        output: this.outputs,
      },
    };
  }
}
