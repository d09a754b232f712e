/**
 * Top examples: the k images of the user's folder that drive a channel hardest (its spatial mean),
 * beside the channel's picture. The folder is read by the data-set loader (engine/data/folder.ts: one
 * sub-folder per class, nothing outside the folder is read, bad files are counted and skipped), each
 * image resized to the network's input, then normalised as the weights expect.
 */
import { loadFolder } from '../data/folder.js';
import type { GradientBackend } from '../gradients/types.js';
import { channelMeans } from '../gradients/values.js';
import { throwIfCancelled } from './errors.js';
import { applyAffine, type Affine } from './normalise.js';
import { inputSize } from './visualise.js';

export interface TopExample {
  /** The image's class folder and its place in it (the loader sorts by name). */
  className: string;
  index: number;
  value: number;
  /** The image as the network saw it, S×S RGB. */
  rgb8: Uint8Array;
}

export interface TopExamples {
  size: number;
  examples: TopExample[];
  scanned: number;
  notes: string[];
}

const BATCH = 8;

export async function topExamples(
  backend: GradientBackend,
  o: {
    folder: string;
    node: string;
    channel: number;
    k: number;
    affine: Affine;
    signal?: AbortSignal;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<TopExamples> {
  const size = inputSize(backend);
  const { set, notes } = loadFolder(o.folder, { size });
  const per = size * size * 3;
  const scored: { i: number; value: number }[] = [];
  for (let start = 0; start < set.count; start += BATCH) {
    throwIfCancelled(o.signal);
    const n = Math.min(BATCH, set.count - start);
    const x01 = Float32Array.from(set.pixels.subarray(start * per, (start + n) * per), (v) => v / 255);
    const f = await backend.forward(applyAffine(o.affine, x01), n, [o.node], o.signal);
    channelMeans(f.values[o.node]!, o.channel).forEach((value, b) => scored.push({ i: start + b, value }));
    o.onProgress?.(start + n, set.count);
  }
  scored.sort((a, b) => b.value - a.value);
  const firstOfClass = new Map<number, number>();
  for (let i = set.count - 1; i >= 0; i--) firstOfClass.set(set.labels[i]!, i);
  const examples = scored.slice(0, o.k).map(({ i, value }) => ({
    className: set.classNames[set.labels[i]!]!,
    index: i - firstOfClass.get(set.labels[i]!)!,
    value,
    rgb8: set.pixels.slice(i * per, (i + 1) * per),
  }));
  return { size, examples, scanned: set.count, notes };
}
