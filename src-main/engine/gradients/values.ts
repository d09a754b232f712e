/** Reading a backend's host arrays. */
import type { HostArray } from './types.js';

/** One channel's spatial mean for each batch item of a node's value (NHWC or [N, C]). */
export function channelMeans(v: HostArray, channel: number): Float64Array {
  const batch = v.shape[0]!;
  const c = v.shape[v.shape.length - 1]!;
  const positions = v.data.length / batch / c;
  const out = new Float64Array(batch);
  for (let b = 0; b < batch; b++) {
    let s = 0;
    for (let p = 0; p < positions; p++) s += v.data[(b * positions + p) * c + channel]!;
    out[b] = s / positions;
  }
  return out;
}
