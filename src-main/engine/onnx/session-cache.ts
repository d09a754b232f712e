/**
 * ONNX Runtime sessions, cached by (network, variant, weights version, kind). Exporting and creating
 * a session for a full-size network takes one to three seconds, so it happens once per weights
 * version; when the weights change (trained in the app, a new file), the caller bumps the version
 * and the stale sessions of that network variant are released and re-exported on demand.
 */
import type * as OrtTypes from 'onnxruntime-node';
import type { Analysis } from '../../shared/analysis-types.js';
import { buildOnnxGraph, type ExportedGraph } from './export.js';
import { encodeModel } from './proto.js';
import { OnnxModelError, openOnnxModel } from './model-file.js';
import { sessionOptions, type Ort, type OrtProvider } from './ort.js';
import type { WeightMap } from './weights.js';

/** What the cache needs to build a network's session: its analysis and (lazily) its weights. */
export interface OnnxNetwork {
  analysis: Analysis;
  /** Changes whenever the weights change, e.g. 'random:1', 'file:<sha>', 'trained:<run>:<step>'. */
  weightsVersion: string;
  /** Called only on a cache miss. */
  weights: () => WeightMap | Promise<WeightMap>;
  weightsLabel?: string;
  /**
   * A model `export-onnx` wrote for this network and weights version (e.g. an export cache on disk):
   * plain inference loads it instead of exporting again. A bad file fails with an OnnxModelError.
   */
  onnxFile?: string;
}

/**
 * 'plain': the network outputs only (fastest). 'activations': every node's value as an extra (NCHW)
 * output plus per-channel stats of each feature map; ORT runs the whole graph whatever is fetched,
 * and copies only what is.
 */
export type SessionKind = 'plain' | 'activations';

export interface CachedSession {
  session: OrtTypes.InferenceSession;
  graph: Omit<ExportedGraph, 'model'>;
  provider: OrtProvider;
  /** Milliseconds spent exporting and creating the session (for the status line and the bench). */
  buildMs: number;
  /** True until the first run, so that run can report the build time it waited for. */
  firstUse: boolean;
}

/** The network-variant part of the key: everything but the weights version. */
export function variantKey(a: Analysis): string {
  const v = a.spec.variant;
  return `${a.spec.id}|${a.spec.flavour}|w${v.width}|${v.input.join('x')}|c${v.classes}|n${a.nodes.length}`;
}

interface Entry {
  variant: string;
  version: string;
  promise: Promise<CachedSession>;
  lastUsed: number;
  /** Runs in flight; a dropped entry's session is released when the last one ends. */
  busy: number;
  dropped: boolean;
}

export class SessionCache {
  private entries = new Map<string, Entry>();

  /** `limit` sessions at most: a full-size Inception-ResNet-v2 session holds ~230 MB of weights. */
  constructor(
    private ort: Ort,
    private provider: OrtProvider,
    private limit = 4,
  ) {}

  /** Run `fn` with the session for (net, kind), building it on a miss; eviction waits for `fn`. */
  async use<T>(net: OnnxNetwork, kind: SessionKind, fn: (s: CachedSession) => Promise<T>): Promise<T> {
    const entry = this.entry(net, kind);
    entry.busy += 1;
    try {
      return await fn(await entry.promise);
    } finally {
      entry.busy -= 1;
      if (entry.dropped && entry.busy === 0) this.release(entry);
    }
  }

  /** Build (or find) the session without running it, e.g. to warm up or to time the export. */
  async get(net: OnnxNetwork, kind: SessionKind): Promise<CachedSession> {
    return this.entry(net, kind).promise;
  }

  private entry(net: OnnxNetwork, kind: SessionKind): Entry {
    const variant = variantKey(net.analysis);
    const key = `${variant}|${net.weightsVersion}|${kind}`;
    const hit = this.entries.get(key);
    if (hit) {
      hit.lastUsed = performance.now();
      return hit;
    }
    // New weights for this variant: the old sessions can never be asked for again.
    for (const [k, e] of this.entries) {
      if (e.variant === variant && e.version !== net.weightsVersion) this.drop(k);
    }
    const promise = this.build(net, kind);
    const entry: Entry = {
      variant,
      version: net.weightsVersion,
      promise,
      lastUsed: performance.now(),
      busy: 0,
      dropped: false,
    };
    this.entries.set(key, entry);
    promise.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    this.evict();
    return entry;
  }

  /** Release every session of a network variant (or all), e.g. before weights are replaced. */
  invalidate(analysis?: Analysis): void {
    const variant = analysis && variantKey(analysis);
    for (const [k, e] of this.entries) if (!variant || e.variant === variant) this.drop(k);
  }

  get size(): number {
    return this.entries.size;
  }

  private async build(net: OnnxNetwork, kind: SessionKind): Promise<CachedSession> {
    const t0 = performance.now();
    if (kind === 'plain' && net.onnxFile) {
      const { session, graph } = await this.fromFile(net.onnxFile, net.analysis);
      return { session, graph, provider: this.provider, buildMs: performance.now() - t0, firstUse: true };
    }
    const weights = await net.weights();
    const opts =
      kind === 'activations'
        ? { activations: 'all' as const, activationLayout: 'nchw' as const, activationStats: true }
        : { activations: 'outputs' as const };
    const { model, ...graph } = buildOnnxGraph(net.analysis, weights, {
      ...opts,
      weightsLabel: net.weightsLabel,
    });
    const bytes = encodeModel(model);
    const session = await this.ort.InferenceSession.create(bytes, sessionOptions(this.provider));
    return { session, graph, provider: this.provider, buildMs: performance.now() - t0, firstUse: true };
  }

  private async fromFile(file: string, analysis: Analysis) {
    const { session, model } = await openOnnxModel(file, this.provider);
    const input = model.graph.input[0];
    const outputs = model.graph.output.map((o) => o.name);
    const expected = analysis.nodes.filter((n) => n.aux === undefined).at(-1)!.id;
    if (!input || outputs[0] !== expected) {
      await session.release();
      throw new OnnxModelError(
        file,
        `${file} was not exported from ${analysis.spec.id}: its output is '${outputs[0]}', not '${expected}'`,
      );
    }
    const inputShape = input.type.tensorType.shape.dim.slice(1).map((d) => Number(d.dimValue));
    const graph = {
      input: input.name,
      inputShape,
      outputs,
      activationOutputs: { [expected]: expected },
      activationLayout: 'nchw' as const,
      activationStats: {},
    };
    return { session, graph };
  }

  private evict(): void {
    while (this.entries.size > this.limit) {
      let oldest: string | undefined;
      let t = Infinity;
      for (const [k, e] of this.entries) if (e.lastUsed < t) [oldest, t] = [k, e.lastUsed];
      if (oldest === undefined) return;
      this.drop(oldest);
    }
  }

  private drop(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    e.dropped = true;
    if (e.busy === 0) this.release(e);
  }

  private release(e: Entry): void {
    e.promise.then((s) => s.session.release()).catch(() => undefined);
  }
}
