/**
 * Pixel-column decimation: of the points that fall into one pixel column, keep the first, the
 * lowest, the highest and the last, in x order. The drawn line looks the same as with every point,
 * and a chart never draws more than ~4 points per pixel of width, however long the run.
 */

/**
 * `px`, `py`: pixel coordinates in x order (NaN y = a gap). Returns x,y pairs; a gap becomes one
 * NaN,NaN pair so renderers start a new sub-path there.
 */
export function decimate(px: ArrayLike<number>, py: ArrayLike<number>): Float32Array {
  const out: number[] = [];
  let col = NaN;
  // Indexes of first, min, max, last in the current column.
  let first = -1;
  let lo = -1;
  let hi = -1;
  let last = -1;
  const flush = () => {
    if (first < 0) return;
    const keep = [...new Set([first, lo, hi, last])].sort((a, b) => a - b);
    for (const i of keep) out.push(px[i], py[i]);
    first = lo = hi = last = -1;
  };
  for (let i = 0; i < px.length; i++) {
    const x = px[i];
    const y = py[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      flush();
      if (out.length > 0 && !Number.isNaN(out[out.length - 1])) out.push(NaN, NaN);
      col = NaN;
      continue;
    }
    const c = Math.floor(x);
    if (c !== col) {
      flush();
      col = c;
    }
    if (first < 0) first = lo = hi = i;
    if (y < py[lo]) lo = i;
    if (y > py[hi]) hi = i;
    last = i;
  }
  flush();
  while (out.length >= 2 && Number.isNaN(out[out.length - 1])) out.length -= 2;
  return Float32Array.from(out);
}
