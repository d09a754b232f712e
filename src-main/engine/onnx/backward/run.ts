/**
 * Runs a training graph on ONNX Runtime: one session per graph (parameters are inputs, so the same
 * session serves every step), one `step` per batch. Takes and returns the app's layouts: a WeightMap
 * (conv kernels HWIO) in, gradients as a WeightMap out; NHWC images in, the input gradient NHWC out.
 * Callers that keep their parameters in ONNX layout between steps (an optimizer loop) can call `run`
 * with raw feeds and skip the conversions.
 */
import type * as OrtTypes from 'onnxruntime-node';
import { hwioToOihw, type NodeWeights, type WeightMap, type WeightTensor } from '../weights.js';
import { loadOrt, ortStatus, sessionOptions, type OrtProvider } from '../ort.js';
import { TrainingGraphError } from './emitter.js';
import type { ParamInput, TrainingGraph } from './types.js';

export interface HostArray {
  data: Float32Array;
  shape: number[];
}

export interface StepFeeds {
  /** The parameters (and, for BN in inference mode, the running statistics), TensorFlow layout. */
  weights: WeightMap;
  /** NHWC images, the graph's batch of them. */
  images: Float32Array;
  /** Smoothed one-hot targets [N, classes] (cross-entropy graphs). */
  targets?: Float32Array;
  /** Dropout node id → keep-mask scaled by 1/(1 − rate), in the graph's dims (NCHW maps). */
  dropoutMasks?: Record<string, Float32Array>;
}

export interface StepResult {
  objective: number;
  objectivePerItem?: Float32Array;
  headLosses: Record<string, number>;
  /** Parameter gradients in the WeightMap's layout (conv kernels HWIO). */
  grads: WeightMap;
  /** NHWC. */
  inputGrad?: HostArray;
  /** NCHW (or [N, C]). */
  nodeGrads: Record<string, HostArray>;
  batchStats: Record<string, { mean: Float32Array; variance: Float32Array }>;
  logits: HostArray;
  keep: Record<string, HostArray>;
}

/** OIHW → HWIO (ONNX Conv weight to TensorFlow conv kernel). */
export function oihwToHwio(data: Float32Array, shape: number[]): WeightTensor {
  const [co, ci, kh, kw] = shape as [number, number, number, number];
  const out = new Float32Array(data.length);
  for (let o = 0; o < co; o++)
    for (let i = 0; i < ci; i++)
      for (let h = 0; h < kh; h++)
        for (let w = 0; w < kw; w++)
          out[((h * kw + w) * ci + i) * co + o] = data[((o * ci + i) * kh + h) * kw + w]!;
  return { shape: [kh, kw, ci, co], data: out };
}

/** The parameter feeds of a step, in ONNX layout. */
export function paramFeeds(params: readonly ParamInput[], weights: WeightMap): Record<string, Float32Array> {
  const feeds: Record<string, Float32Array> = {};
  for (const p of params) {
    const t = weights[p.nodeId]?.[p.kind];
    if (!t) throw new TrainingGraphError(`the weights have no ${p.kind} for ${p.nodeId}`);
    const onnx = p.kind === 'kernel' && t.shape.length === 4 ? hwioToOihw(t).data : t.data;
    if (onnx.length !== p.shape.reduce((a, b) => a * b, 1))
      throw new TrainingGraphError(
        `${p.nodeId}/${p.kind} has ${onnx.length} values; the network needs [${p.shape.join(', ')}]`,
      );
    feeds[p.name] = onnx;
  }
  return feeds;
}

export class TrainingSession {
  private constructor(
    readonly graph: TrainingGraph,
    private readonly ort: typeof OrtTypes,
    private readonly session: OrtTypes.InferenceSession,
    readonly provider: OrtProvider,
  ) {}

  /** A session on the provider inference uses (or the one given). */
  static async create(graph: TrainingGraph, opts: { provider?: OrtProvider } = {}): Promise<TrainingSession> {
    const ort = await loadOrt();
    const provider = opts.provider ?? (await ortStatus()).provider ?? 'cpu';
    const session = await ort.InferenceSession.create(graph.model, sessionOptions(provider));
    return new TrainingSession(graph, ort, session, provider);
  }

  /** One run with feeds already in ONNX layout (graph input name → data); returns every output. */
  async run(feeds: Record<string, Float32Array>): Promise<Record<string, HostArray>> {
    const declared = new Map<string, number[]>(this.graph.inputs.params.map((p) => [p.name, p.shape]));
    const g = this.graph;
    const [h, w, c] = g.analysis.spec.variant.input;
    declared.set(g.inputs.image, [g.batch, h, w, c]);
    if (g.inputs.targets) declared.set(g.inputs.targets, [g.batch, g.classes]);
    for (const m of g.inputs.dropoutMasks) declared.set(m.name, m.dims);
    const tensors: Record<string, OrtTypes.Tensor> = {};
    for (const [name, dims] of declared) {
      const data = feeds[name];
      if (!data) throw new TrainingGraphError(`the step has no value for the graph input '${name}'`);
      tensors[name] = new this.ort.Tensor('float32', data, dims);
    }
    const out = await this.session.run(tensors);
    const result: Record<string, HostArray> = {};
    for (const [name, t] of Object.entries(out))
      result[name] = { data: t.data as Float32Array, shape: t.dims.map(Number) };
    return result;
  }

  /** One step in the app's layouts. */
  async step(f: StepFeeds): Promise<StepResult> {
    const g = this.graph;
    const feeds = paramFeeds(g.inputs.params, f.weights);
    feeds[g.inputs.image] = f.images;
    if (g.inputs.targets) {
      if (!f.targets) throw new TrainingGraphError('this graph trains on labels: the step needs targets');
      feeds[g.inputs.targets] = f.targets;
    }
    for (const m of g.inputs.dropoutMasks) {
      const mask = f.dropoutMasks?.[m.nodeId];
      if (!mask) throw new TrainingGraphError(`the step has no dropout mask for ${m.nodeId}`);
      feeds[m.name] = mask;
    }
    const out = await this.run(feeds);
    const o = g.outputs;
    const grads: WeightMap = {};
    for (const p of g.inputs.params) {
      const name = o.paramGrads[`${p.nodeId}:${p.kind}`];
      if (!name) continue;
      const t = out[name]!;
      const node: NodeWeights = (grads[p.nodeId] ??= {});
      node[p.kind] =
        p.kind === 'kernel' && p.shape.length === 4
          ? oihwToHwio(t.data, t.shape)
          : { data: t.data, shape: t.shape };
    }
    const pick = (m: Record<string, string>) =>
      Object.fromEntries(Object.entries(m).map(([k, n]) => [k, out[n]!]));
    const result: StepResult = {
      objective: out[o.objective]!.data[0]!,
      headLosses: Object.fromEntries(Object.entries(o.headLosses).map(([k, n]) => [k, out[n]!.data[0]!])),
      grads,
      nodeGrads: pick(o.nodeGrads),
      batchStats: Object.fromEntries(
        o.batchStats.map((s) => [s.nodeId, { mean: out[s.mean]!.data, variance: out[s.variance]!.data }]),
      ),
      logits: out[o.logits!]!,
      keep: pick(o.keep),
    };
    if (o.inputGrad) result.inputGrad = out[o.inputGrad]!;
    if (o.objectivePerItem) result.objectivePerItem = out[o.objectivePerItem]!.data;
    return result;
  }

  dispose(): void {
    void this.session.release();
  }
}
