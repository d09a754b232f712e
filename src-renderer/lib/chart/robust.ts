/**
 * TensorBoard's "Ignore outliers in chart scaling": the y range comes from each series' 1st to 99th
 * percentile instead of its extremes, so one spike (or a long imported run) does not squash the
 * visible curves. Per series, then the union, so a short live run counts as much as a long import.
 */
import type { YScaleKind } from './types';

/** Linear-interpolated quantile of sorted values (numpy's default, method 'linear'). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export interface RobustOptions {
  /** Lower and upper quantile kept, e.g. [0.01, 0.99]. */
  quantiles: [number, number];
  /** Only points with x in this range count (the zoomed x range). */
  xRange?: [number, number];
}

/** The y range of the visible points, ignoring each series' outliers; null when nothing counts. */
export function robustYRange(
  series: { xs: ArrayLike<number>; ys: ArrayLike<number> }[],
  yKind: YScaleKind,
  opts: RobustOptions,
): [number, number] | null {
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const s of series) {
    const vals: number[] = [];
    for (let i = 0; i < s.ys.length; i++) {
      const x = s.xs[i];
      const y = s.ys[i];
      if (!Number.isFinite(y) || (yKind === 'log' && y <= 0)) continue;
      if (opts.xRange && !(x >= opts.xRange[0] && x <= opts.xRange[1])) continue;
      vals.push(y);
    }
    if (vals.length === 0) continue;
    vals.sort((a, b) => a - b);
    const lo = quantileSorted(vals, opts.quantiles[0]);
    const hi = quantileSorted(vals, opts.quantiles[1]);
    if (lo < y0) y0 = lo;
    if (hi > y1) y1 = hi;
  }
  return y0 === Infinity ? null : [y0, y1];
}
