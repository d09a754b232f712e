/**
 * The onnxruntime inference engine: plain inference and the activation pass, returning tensors in
 * the tfjs path's form (Float32Array + NHWC shape with the batch first, keyed by node id), so callers
 * and the renderer cannot tell which engine ran.
 */
import type * as OrtTypes from 'onnxruntime-node';
import { SessionCache, type CachedSession, type OnnxNetwork } from './session-cache.js';
import { loadOrt, ortStatus, type Ort, type OrtStatus } from './ort.js';

/** A float tensor in the app's layout: [N, H, W, C] for feature maps, [N, C] after the pool. */
export interface HostTensor {
  shape: number[];
  data: Float32Array;
}

/** node id → its output for the batch. */
export type Activations = Record<string, HostTensor>;

/** A feature map's per-channel statistics, measured inside the ONNX graph (batch item 0). */
export interface PlaneStats {
  min: Float32Array;
  max: Float32Array;
  mean: Float32Array;
}

/**
 * What the activation pass returns. On tfjs every node's value comes back at once (`tensors`). On ORT
 * the pass returns only the vectors (pool, logits, softmax) and every feature map's stats, because
 * copying every feature map out of the runtime costs more than the run itself; `fetch` re-runs the
 * network for the feature maps a viewer asks for, as CHW planes of batch item 0.
 */
export interface PassResult {
  tensors: Activations;
  measured: Record<string, PlaneStats>;
  fetch?: (ids: readonly string[], signal?: AbortSignal) => Promise<Record<string, Float32Array>>;
}

export interface OrtRunInfo {
  /** Milliseconds in session.run (excludes export and session creation). */
  runMs: number;
  /** Milliseconds spent exporting and creating the session, when this call had to. */
  buildMs?: number;
}

/** [N, C, H, W] data → the app's [N, H, W, C]. */
export function toNhwc(t: HostTensor): HostTensor {
  if (t.shape.length !== 4) return t;
  const [N, C, H, W] = t.shape as [number, number, number, number];
  const plane = H * W;
  const out = new Float32Array(t.data.length);
  for (let b = 0; b < N; b++) {
    const base = b * C * plane;
    for (let c = 0; c < C; c++) {
      const src = base + c * plane;
      for (let i = 0; i < plane; i++) out[base + i * C + c] = t.data[src + i]!;
    }
  }
  return { shape: [N, H, W, C], data: out };
}

export class OrtEngine {
  private cache: SessionCache;
  /** Timing of the most recent call, for the status line and the bench. */
  lastRun: OrtRunInfo = { runMs: 0 };

  private constructor(
    private ort: Ort,
    readonly status: OrtStatus,
    sessionLimit: number,
  ) {
    this.cache = new SessionCache(ort, status.provider!, sessionLimit);
  }

  /** Loads ORT and picks a provider; rejects with the status' reason when ORT cannot run here. */
  static async create(opts: { sessionLimit?: number } = {}): Promise<OrtEngine> {
    const status = await ortStatus();
    if (!status.loaded) throw new Error(status.summary);
    return new OrtEngine(await loadOrt(), status, opts.sessionLimit ?? 4);
  }

  /** The network's output (the classifier's softmax, or logits if the spec ends there). */
  async infer(net: OnnxNetwork, input: HostTensor, signal?: AbortSignal): Promise<HostTensor> {
    return this.cache.use(net, 'plain', async (s) => {
      const out = s.graph.activationOutputs[s.graph.outputs[0]!]!;
      const r = await this.run(s, input, [out], signal);
      return r[out]!;
    });
  }

  /**
   * Node values in the app's layout (NHWC feature maps): every node, or the requested subset. One
   * session holds every node as an output; ORT runs the whole graph and copies out what is asked for.
   */
  async activations(
    net: OnnxNetwork,
    input: HostTensor,
    ids?: readonly string[],
    signal?: AbortSignal,
  ): Promise<Activations> {
    return this.cache.use(net, 'activations', async (s) => {
      const got = await this.nodeValues(s, net, input, ids ?? Object.keys(s.graph.activationOutputs), signal);
      if (s.graph.activationLayout !== 'nchw') return got;
      const out: Activations = {};
      for (const [id, t] of Object.entries(got)) out[id] = t === input ? t : toNhwc(t);
      return out;
    });
  }

  /**
   * The activation pass as the viewer needs it: the vectors in full, every feature map's channel
   * min/max/mean from the graph, and a `fetch` for feature maps on demand (see PassResult).
   */
  async pass(net: OnnxNetwork, input: HostTensor, signal?: AbortSignal): Promise<PassResult> {
    return this.cache.use(net, 'activations', async (s) => {
      const map = s.graph.activationOutputs;
      const stats = s.graph.activationStats;
      // One run: the vectors' values and every feature map's stats.
      const vectors = Object.keys(map).filter((id) => !(id in stats));
      const vectorNames = vectors.map((id) => map[id]!).filter((name) => name !== s.graph.input);
      const r = await this.run(s, input, [...vectorNames, ...Object.values(stats)], signal);
      const tensors: Activations = {};
      for (const id of vectors) tensors[id] = map[id] === s.graph.input ? input : r[map[id]!]!;
      const measured: PassResult['measured'] = {};
      for (const [id, name] of Object.entries(stats)) {
        const d = r[name]!.data;
        const C = d.length / 3;
        measured[id] = { min: d.subarray(0, C), max: d.subarray(C, 2 * C), mean: d.subarray(2 * C) };
      }
      const fetch = (ids: readonly string[], sig?: AbortSignal) =>
        this.cache.use(net, 'activations', async (s2) => {
          const unknown = ids.filter((id) => !(id in s2.graph.activationStats));
          if (unknown.length > 0)
            throw new Error(`not a feature map of ${net.analysis.spec.id}: ${unknown[0]}`);
          const got = await this.nodeValues(s2, net, input, ids, sig);
          return Object.fromEntries(ids.map((id) => [id, got[id]!.data] as const));
        });
      return { tensors, measured, fetch };
    });
  }

  /** The given nodes' values as the graph outputs them (the input node: the caller's own tensor). */
  private async nodeValues(
    s: CachedSession,
    net: OnnxNetwork,
    input: HostTensor,
    ids: readonly string[],
    signal?: AbortSignal,
  ): Promise<Activations> {
    const map = s.graph.activationOutputs;
    const unknown = ids.filter((id) => !(id in map));
    if (unknown.length > 0) {
      throw new Error(
        `no node ${unknown.slice(0, 3).join(', ')} in ${net.analysis.spec.id}'s inference graph`,
      );
    }
    const names = [...new Set(ids.map((id) => map[id]!).filter((name) => name !== s.graph.input))];
    const r = names.length > 0 ? await this.run(s, input, names, signal) : {};
    const out: Activations = {};
    for (const id of ids) out[id] = map[id] === s.graph.input ? input : r[map[id]!]!;
    return out;
  }

  /** Build the sessions ahead of the first request (e.g. when a network is opened). */
  async warm(net: OnnxNetwork, kinds: ('plain' | 'activations')[] = ['plain']): Promise<void> {
    await Promise.all(kinds.map((k) => this.cache.get(net, k)));
  }

  /** Weights changed outside the version scheme, or memory is needed: drop a network's sessions. */
  invalidate(net?: OnnxNetwork): void {
    this.cache.invalidate(net?.analysis);
  }

  dispose(): void {
    this.cache.invalidate();
  }

  private async run(
    s: CachedSession,
    input: HostTensor,
    fetch: string[],
    signal?: AbortSignal,
  ): Promise<Record<string, HostTensor>> {
    signal?.throwIfAborted();
    const [, h, w, c] = input.shape;
    const want = s.graph.inputShape;
    if (input.shape.length !== 4 || h !== want[0] || w !== want[1] || c !== want[2]) {
      throw new Error(`input must be [N, ${want.join(', ')}] (NHWC), got [${input.shape.join(', ')}]`);
    }
    const feeds = { [s.graph.input]: new this.ort.Tensor('float32', input.data, input.shape) };
    const t0 = performance.now();
    const r: OrtTypes.InferenceSession.ReturnType = await s.session.run(feeds, fetch);
    this.lastRun = { runMs: performance.now() - t0, buildMs: s.firstUse ? s.buildMs : undefined };
    s.firstUse = false;
    signal?.throwIfAborted();
    const out: Record<string, HostTensor> = {};
    for (const name of fetch) {
      const t = r[name]!;
      out[name] = { shape: [...t.dims], data: t.data as Float32Array };
    }
    return out;
  }
}
