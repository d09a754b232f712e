/**
 * The activation pass: one run of the whole network (ONNX Runtime when it loads, TensorFlow.js
 * otherwise, through the inference service) that measures every node: its shape and exact channel
 * stats (on ORT computed inside the graph). A node's values are coded to 8 bits when the renderer
 * first asks for it (see nodes.ts), which keeps the pass near plain inference. Runs are kept
 * engine-side in a small store.
 */
import type { Analysis } from '../../shared/analysis-types.js';
import { indexOf } from '../../shared/analysis-index.js';
import type { HostTensor, PassResult } from '../onnx/backend.js';
import type { EngineResult, InferenceEngineName, RunnableNetwork } from '../onnx/inference.js';
import { NodeActivations } from './nodes.js';

/** What the pass needs from the engine: InferenceService satisfies it. */
export interface ActivationEngine {
  activationPass(
    net: RunnableNetwork,
    input: HostTensor,
    signal?: AbortSignal,
  ): Promise<EngineResult<PassResult>>;
}

export interface ActivationRun {
  id: string;
  analysis: Analysis;
  engine: InferenceEngineName;
  /** Set when ORT was expected but tfjs ran. */
  fallback?: string;
  weightsLabel: string;
  preprocessing: string;
  /** Node ids in topological order (inference graph). */
  order: string[];
  /** Shapes and stats of every node; get(id) codes a node on first request. */
  nodes: NodeActivations;
  /** The classifier's logits and the network output (probabilities when it ends in softmax), full precision. */
  logits?: Float32Array;
  output?: Float32Array;
  outputIsSoftmax: boolean;
  /** quantiseMs: the stats the pass computes in JS (tfjs: every node; ORT: only the vectors). */
  timing: { passMs: number; quantiseMs: number };
  /** Bytes the run holds now (floats until released, codes, stats). */
  bytes: number;
}

/** The last dense layer of the inference graph (the classifier) and the graph's output node. */
export function headNodes(a: Analysis): { logits?: string; output: string } {
  const ix = indexOf(a);
  return ix.classifier ? { logits: ix.classifier, output: ix.main.sink } : { output: ix.main.sink };
}

export interface PassOptions {
  id: string;
  weightsLabel: string;
  preprocessing: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, message: string) => void;
}

export async function runActivationPass(
  engine: ActivationEngine,
  net: RunnableNetwork,
  input: HostTensor,
  o: PassOptions,
): Promise<ActivationRun> {
  const a = net.analysis;
  const t0 = performance.now();
  o.onProgress?.(0, 2, 'running the network');
  const r = await engine.activationPass(net, input, o.signal);
  const t1 = performance.now();
  const { tensors, measured, fetch } = r.result;
  const heads = headNodes(a);
  const order = a.nodes.filter((n) => n.aux === undefined).map((n) => n.id);
  const nodes = new NodeActivations();
  const copy = (id: string | undefined) => {
    const t = id ? tensors[id] : undefined;
    return t
      ? new Float32Array(
          t.data.subarray(
            0,
            t.shape.slice(1).reduce((x, y) => x * y, 1),
          ),
        )
      : undefined;
  };
  const logits = copy(heads.logits);
  const output = copy(heads.output);
  const shapes = new Map(a.nodes.map((n) => [n.id, n.outShape]));
  for (let i = 0; i < order.length; i++) {
    const id = order[i]!;
    const t = tensors[id];
    const m = measured[id];
    if (t) nodes.add(id, t);
    else if (m && fetch) nodes.addMeasured(id, [...shapes.get(id)!], m);
    else throw new Error(`the ${r.engine} activation pass returned no tensor for ${id}`);
    if (i % 50 === 49) {
      o.signal?.throwIfAborted();
      o.onProgress?.(1 + i / order.length, 2, 'measuring activations');
    }
  }
  if (fetch) nodes.setFetcher(fetch, order);
  const run: ActivationRun = {
    id: o.id,
    analysis: a,
    engine: r.engine,
    weightsLabel: o.weightsLabel,
    preprocessing: o.preprocessing,
    order,
    nodes,
    outputIsSoftmax: indexOf(a).node(heads.output).layer?.op === 'softmax',
    timing: { passMs: t1 - t0, quantiseMs: performance.now() - t1 },
    get bytes() {
      return nodes.bytes;
    },
  };
  if (r.fallback) run.fallback = r.fallback;
  if (logits) run.logits = logits;
  if (output) run.output = output;
  o.onProgress?.(2, 2, 'done');
  return run;
}

/**
 * Keeps the last few runs; older ones are dropped so memory stays bounded. At most one run, the
 * newest, holds full-precision tensors (IR-v2's are ~160 MB): adding a run releases the others'
 * floats, so they serve only nodes already coded.
 */
export class ActivationStore {
  private runs = new Map<string, ActivationRun>();
  constructor(private readonly maxRuns = 2) {}

  add(run: ActivationRun): void {
    for (const r of this.runs.values()) if (r !== run) r.nodes.release();
    this.runs.set(run.id, run);
    while (this.runs.size > this.maxRuns) this.runs.delete(this.runs.keys().next().value!);
  }

  get(id: string): ActivationRun | undefined {
    return this.runs.get(id);
  }

  get size(): number {
    return this.runs.size;
  }

  get bytes(): number {
    let b = 0;
    for (const r of this.runs.values()) b += r.bytes;
    return b;
  }
}

export interface Prediction {
  index: number;
  label: string;
  probability: number;
  logit?: number;
}

/** Top-k classes from a run's output (softmax of the logits when the graph does not end in one). */
export function topK(run: ActivationRun, k: number, labels?: string[]): Prediction[] {
  let probs = run.outputIsSoftmax ? run.output : undefined;
  if (!probs && run.logits) {
    const l = run.logits;
    const m = Math.max(...l);
    const e = Array.from(l, (v) => Math.exp(v - m));
    const s = e.reduce((x, y) => x + y, 0);
    probs = Float32Array.from(e, (v) => v / s);
  }
  if (!probs) return [];
  // TF-slim's 1001 classes put 'background' first.
  const shift = probs.length === 1001 ? 1 : 0;
  const idx = Array.from(probs.keys())
    .sort((x, y) => probs![y]! - probs![x]!)
    .slice(0, k);
  return idx.map((i) => {
    const p: Prediction = {
      index: i - shift,
      label: i - shift < 0 ? 'background' : (labels?.[i - shift] ?? `class ${i - shift}`),
      probability: probs![i]!,
    };
    if (run.logits) p.logit = run.logits[i]!;
    return p;
  });
}
