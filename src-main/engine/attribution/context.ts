/**
 * What every attribution method gets: the gradient backend (bound to the network and its weights),
 * one preprocessed image, the target class, and progress/cancel hooks. Methods are pure over the
 * backend: no engine, protocol or file access here.
 */
import { indexOf } from '../../shared/analysis-index.js';
import type { GradientBackend } from '../gradients/types.js';
import { AttributionError } from './errors.js';

export interface AttributionContext {
  backend: GradientBackend;
  /** One image, [H, W, C] at the network's input size (NHWC with N = 1). */
  input: Float32Array;
  classIndex: number;
  /** When set, the target instead of the class: the spatial mean of this channel of this node. */
  channel?: ChannelTarget;
  signal?: AbortSignal;
  /** done of total passes. */
  onProgress?: (done: number, total: number) => void;
}

export interface ChannelTarget {
  node: string;
  channel: number;
}

export interface InputShape {
  h: number;
  w: number;
  c: number;
}

export function inputShape(ctx: AttributionContext): InputShape {
  const n = indexOf(ctx.backend.analysis).input!;
  const [h, w, c] = n.outShape as [number, number, number];
  return { h, w, c };
}

/** A method's result: a map over the input pixels [H, W] (raw, not normalised) and what it cost. */
export interface PixelMap {
  map: Float32Array;
  passes: number;
}

/** A feature-map node of the inference graph (the CAM family needs H × W × C). */
export function featureNode(ctx: AttributionContext, id: string): void {
  const n = indexOf(ctx.backend.analysis).byId.get(id);
  if (!n || n.aux !== undefined)
    throw new AttributionError('bad_node', `The network has no node '${id}' to take a map at.`);
  if (n.outShape.length !== 3)
    throw new AttributionError(
      'bad_node',
      `'${id}' is a vector (${n.outShape.join('×')}), not a feature map: pick a module or branch before the global pooling.`,
    );
}

/** The last feature map of the inference graph: the default node of the CAM family. */
export function lastFeatureNode(ctx: AttributionContext): string {
  const nodes = ctx.backend.analysis.nodes.filter((n) => n.aux === undefined && n.outShape.length === 3);
  return nodes[nodes.length - 1]!.id;
}

/** Images stacked into one batch. */
export function stack(images: Float32Array[]): Float32Array {
  const out = new Float32Array(images.reduce((a, x) => a + x.length, 0));
  images.forEach((x, i) => out.set(x, i * x.length));
  return out;
}

/** Runs `count` items in batches of `size`; `run(start, n)` handles items [start, start + n). */
export async function inBatches(
  count: number,
  size: number,
  ctx: AttributionContext,
  run: (start: number, n: number) => Promise<void>,
  passesBefore = 0,
  total = count + passesBefore,
): Promise<void> {
  for (let s = 0; s < count; s += size) {
    ctx.signal?.throwIfAborted();
    const n = Math.min(size, count - s);
    await run(s, n);
    ctx.onProgress?.(passesBefore + s + n, total);
  }
}
