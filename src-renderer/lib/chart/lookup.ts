/** The hover read-out: for a cursor x, each series' point nearest to it in x. */

/** Index of the element of ascending `xs` nearest to `x` (the lower one on a tie); -1 if empty. */
export function nearestIndex(xs: ArrayLike<number>, x: number): number {
  const n = xs.length;
  if (n === 0) return -1;
  let lo = 0;
  let hi = n - 1;
  if (x <= xs[0]) return 0;
  if (x >= xs[hi]) return hi;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  return x - xs[lo] <= xs[hi] - x ? lo : hi;
}

export interface ReadoutRow {
  id: string;
  label: string;
  color: string;
  tag?: string;
  index: number;
  x: number;
  raw: number;
  smoothed: number;
}

export interface ReadoutSeries {
  id: string;
  label: string;
  color: string;
  tag?: string;
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  smoothed?: ArrayLike<number>;
}

/**
 * One row per series whose x range, widened by `maxDx` at both ends, holds `x`: inside its range a
 * series always shows its nearest point (validation points are sparse), but a run that ended earlier
 * is left out rather than shown at its last point far from the cursor.
 */
export function readout(series: ReadoutSeries[], x: number, maxDx = Infinity): ReadoutRow[] {
  const rows: ReadoutRow[] = [];
  for (const s of series) {
    const i = nearestIndex(s.xs, x);
    if (i < 0 || x < s.xs[0] - maxDx || x > s.xs[s.xs.length - 1] + maxDx) continue;
    rows.push({
      id: s.id,
      label: s.label,
      color: s.color,
      ...(s.tag ? { tag: s.tag } : {}),
      index: i,
      x: s.xs[i],
      raw: s.ys[i],
      smoothed: s.smoothed ? s.smoothed[i] : s.ys[i],
    });
  }
  return rows;
}
