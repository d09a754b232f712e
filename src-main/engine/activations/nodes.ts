/**
 * A run's node activations, quantised lazily: the pass records each node's shape and exact channel
 * stats and keeps the full-precision tensor; a node is coded to 8 bits on its first request and the
 * codes are cached. release() drops the float tensors (the store does it when a newer run arrives),
 * after which only nodes already coded can be served.
 */
import type { HostTensor } from '../onnx/backend.js';
import { channelStats, quantise, quantParams, type ChannelStats, type QuantisedTensor } from './quantise.js';

export interface NodeSummary {
  /** [H, W, C] or [C], batch dimension dropped. */
  shape: number[];
  layout: 'chw' | 'c';
  stats: ChannelStats;
  /** The codes' per-channel mapping (derived from the stats, so known before coding). */
  scale: Float32Array;
  offset: Float32Array;
}

export class NodeActivations {
  private summaries = new Map<string, NodeSummary>();
  private raw = new Map<string, HostTensor>();
  private coded = new Map<string, QuantisedTensor>();
  private rawBytes = 0;
  private codedBytes = 0;

  /** Records a node: one stats pass over its float values, which are kept until release(). */
  add(id: string, t: HostTensor): void {
    const shape = t.shape.slice(1);
    const stats = channelStats(t);
    this.summaries.set(id, {
      shape,
      layout: shape.length === 1 ? 'c' : 'chw',
      stats,
      ...quantParams(stats),
    });
    this.raw.set(id, t);
    this.rawBytes += shape.reduce((a, b) => a * b, 1) * 4;
  }

  has(id: string): boolean {
    return this.summaries.has(id);
  }

  summary(id: string): NodeSummary | undefined {
    return this.summaries.get(id);
  }

  /** The node's 8-bit codes, coded on first request; throws if the floats were already released. */
  get(id: string): QuantisedTensor | undefined {
    const done = this.coded.get(id);
    if (done) return done;
    const s = this.summaries.get(id);
    if (!s) return undefined;
    const t = this.raw.get(id);
    if (!t) throw new Error(`node ${id} of an older run was never viewed, so it was not kept: run again`);
    const q = quantise(t, s.stats);
    this.coded.set(id, q);
    this.codedBytes += q.data.byteLength;
    return q;
  }

  /** Drops every full-precision tensor; coded nodes and all summaries stay. */
  release(): void {
    this.raw.clear();
    this.rawBytes = 0;
  }

  get released(): boolean {
    return this.raw.size === 0;
  }

  /** Bytes held now: floats not yet released, codes, and 6 float arrays of C per node (stats, scale, offset). */
  get bytes(): number {
    let b = this.rawBytes + this.codedBytes;
    for (const s of this.summaries.values()) b += s.scale.length * 4 * 6;
    return b;
  }
}
