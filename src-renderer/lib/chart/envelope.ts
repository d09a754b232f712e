/**
 * The min/max envelope of a series' raw values: per pixel column, the lowest and the highest raw
 * value, drawn as a filled band under the smoothed line so the spread stays visible at any zoom.
 */

/**
 * `px`, `py`: pixel coordinates in x order (non-finite = skipped). Returns a closed polygon as x,y
 * pairs: the column maxima left to right, then the minima right to left; a gap in the data (a
 * non-finite y) starts a new polygon, separated by a NaN pair. Columns are `col` pixels wide.
 */
export function envelopePolygon(px: ArrayLike<number>, py: ArrayLike<number>, col = 2): Float32Array {
  const out: number[] = [];
  let tops: number[] = [];
  let bots: number[] = [];
  const close = () => {
    if (tops.length >= 4) {
      out.push(...tops);
      for (let i = bots.length - 2; i >= 0; i -= 2) out.push(bots[i], bots[i + 1]);
      out.push(NaN, NaN);
    }
    tops = [];
    bots = [];
  };
  let c = NaN;
  let cx = 0;
  let lo = Infinity;
  let hi = -Infinity;
  const flush = () => {
    if (lo === Infinity) return;
    // Pixel y grows downwards: the smallest pixel y is the largest value.
    tops.push(cx, lo);
    bots.push(cx, hi);
    lo = Infinity;
    hi = -Infinity;
  };
  for (let i = 0; i < px.length; i++) {
    const x = px[i];
    const y = py[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      flush();
      close();
      c = NaN;
      continue;
    }
    const k = Math.floor(x / col);
    if (k !== c) {
      flush();
      c = k;
      cx = x;
    }
    if (y < lo) lo = y;
    if (y > hi) hi = y;
  }
  flush();
  close();
  if (out.length) out.length -= 2;
  return Float32Array.from(out);
}
