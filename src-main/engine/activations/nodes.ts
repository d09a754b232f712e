/**
 * A run's node activations, quantised lazily. Every node is known after the pass by its shape and
 * channel stats. Its 8-bit codes are made on the first request, either from the full-precision
 * tensor the pass kept (tfjs, and the small vectors on ORT) or from planes fetched by re-running the
 * network (ORT feature maps: one re-run serves a window of nodes, so stepping through them is cheap).
 * release() drops the floats and the fetcher (the store does it when a newer run arrives), after
 * which only nodes already coded can be served.
 */
import type { HostTensor, PlaneStats } from '../onnx/backend.js';
import {
  channelStats,
  quantise,
  quantisePlanes,
  quantParams,
  type ChannelStats,
  type QuantisedTensor,
} from './quantise.js';

export interface NodeSummary {
  /** [H, W, C] or [C], batch dimension dropped. */
  shape: number[];
  layout: 'chw' | 'c';
  /** zeros is NaN per channel until the node is coded when its stats came from the graph. */
  stats: ChannelStats;
  /** The codes' per-channel mapping (derived from the stats, so known before coding). */
  scale: Float32Array;
  offset: Float32Array;
}

/** Re-runs the network and returns the given feature maps as CHW planes. */
export type PlaneFetcher = (ids: readonly string[]) => Promise<Record<string, Float32Array>>;

/** How many nodes one re-run codes: the asked-for ones, then the next ones in order, within a byte budget. */
const WINDOW_NODES = 24;
const WINDOW_BYTES = 64 * 2 ** 20;

export class NodeActivations {
  private summaries = new Map<string, NodeSummary>();
  private raw = new Map<string, HostTensor>();
  private coded = new Map<string, QuantisedTensor>();
  private rawBytes = 0;
  private codedBytes = 0;
  private fetcher: PlaneFetcher | undefined;
  private order: string[] = [];
  /** Requests waiting for the next re-run, and the promise of the batch they will ride on. */
  private queue = new Set<string>();
  private batch: Promise<void> | undefined;
  private inFlight = new Map<string, Promise<void>>();

  /** Records a node the pass returned in full: one stats pass over it; the floats are kept until release(). */
  add(id: string, t: HostTensor): void {
    this.record(id, t.shape.slice(1), channelStats(t));
    this.raw.set(id, t);
    this.rawBytes += t.shape.slice(1).reduce((a, b) => a * b, 1) * 4;
  }

  /** Records a feature map measured in the graph ([H, W, C]); its values come from the fetcher. */
  addMeasured(id: string, shape: number[], s: PlaneStats): void {
    const zeros = new Float32Array(s.min.length).fill(NaN);
    this.record(id, shape, { min: s.min.slice(), max: s.max.slice(), mean: s.mean.slice(), zeros });
  }

  /** Where measured nodes' values come from, and the node order that defines a window. */
  setFetcher(fetch: PlaneFetcher, order: string[]): void {
    this.fetcher = fetch;
    this.order = order;
  }

  private record(id: string, shape: number[], stats: ChannelStats): void {
    this.summaries.set(id, { shape, layout: shape.length === 1 ? 'c' : 'chw', stats, ...quantParams(stats) });
  }

  has(id: string): boolean {
    return this.summaries.has(id);
  }

  summary(id: string): NodeSummary | undefined {
    return this.summaries.get(id);
  }

  /** The node's 8-bit codes, made on first request; rejects if the floats were already released. */
  async get(id: string): Promise<QuantisedTensor | undefined> {
    if (!this.summaries.has(id)) return undefined;
    await this.load([id]);
    return this.coded.get(id);
  }

  /** Codes the given nodes (one re-run for all that need it), e.g. before dumping a whole run. */
  async load(ids: readonly string[]): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const id of ids) {
      if (this.coded.has(id) || !this.summaries.has(id)) continue;
      const t = this.raw.get(id);
      if (t) {
        this.keep(id, quantise(t, this.summaries.get(id)!.stats));
        continue;
      }
      const busy = this.inFlight.get(id);
      if (busy) {
        waits.push(busy);
        continue;
      }
      if (!this.fetcher)
        throw new Error(`node ${id} of an older run was never viewed, so it was not kept: run again`);
      this.queue.add(id);
      // Requests made in the same tick (a view asks for a node, its branches and the next one) share one re-run.
      const p = (this.batch ??= new Promise<void>((r) => setImmediate(r)).then(() => this.flush()));
      this.inFlight.set(id, p);
      waits.push(p);
    }
    await Promise.all(waits);
  }

  private async flush(): Promise<void> {
    const asked = [...this.queue];
    this.queue.clear();
    this.batch = undefined;
    const ids = this.window(asked);
    try {
      const fetch = this.fetcher;
      if (!fetch)
        throw new Error('this run was replaced by a newer one before its nodes were fetched: run again');
      const planes = await fetch(ids);
      for (const id of ids) {
        const s = this.summaries.get(id)!;
        if (!this.coded.has(id)) this.keep(id, quantisePlanes(planes[id]!, s.shape, s.stats));
      }
    } finally {
      for (const id of ids) this.inFlight.delete(id);
    }
  }

  /** The asked-for nodes plus the ones after them in order that are still to be coded, within budget. */
  private window(asked: string[]): string[] {
    const out = new Set(asked);
    let bytes = asked.reduce((b, id) => b + this.floatBytes(id), 0);
    const starts = asked.map((id) => this.order.indexOf(id)).filter((i) => i >= 0);
    for (let i = starts.length ? Math.min(...starts) : this.order.length; i < this.order.length; i++) {
      if (out.size >= WINDOW_NODES) break;
      const id = this.order[i]!;
      if (out.has(id) || this.coded.has(id) || this.raw.has(id) || this.inFlight.has(id)) continue;
      const s = this.summaries.get(id);
      if (!s || s.layout !== 'chw') continue;
      if (bytes + this.floatBytes(id) > WINDOW_BYTES) break;
      bytes += this.floatBytes(id);
      out.add(id);
    }
    return [...out];
  }

  private floatBytes(id: string): number {
    return this.summaries.get(id)!.shape.reduce((a, b) => a * b, 1) * 4;
  }

  private keep(id: string, q: QuantisedTensor): void {
    this.coded.set(id, q);
    this.codedBytes += q.data.byteLength;
  }

  /** Drops every full-precision tensor and the fetcher; coded nodes and all summaries stay. */
  release(): void {
    this.raw.clear();
    this.rawBytes = 0;
    this.fetcher = undefined;
  }

  get released(): boolean {
    return this.raw.size === 0 && !this.fetcher;
  }

  /** Bytes held now: floats not yet released, codes, and 6 float arrays of C per node (stats, scale, offset). */
  get bytes(): number {
    let b = this.rawBytes + this.codedBytes;
    for (const s of this.summaries.values()) b += s.scale.length * 4 * 6;
    return b;
  }
}
