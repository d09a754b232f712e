/**
 * TensorBoard's scalar smoothing: an exponential moving average started at 0 and divided by the
 * weight the start has lost (1 − wⁿ after n points), so early values are not pulled towards 0.
 * Non-finite values pass through and do not advance the average; a constant series is left as is
 * (smoothing it would only add floating-point noise).
 */

/** The slider's upper end: at w = 1 the average would never move. */
export const MAX_SMOOTHING = 0.999;

export function smoothEma(ys: ArrayLike<number>, weight: number): Float64Array {
  const out = Float64Array.from(ys as ArrayLike<number>);
  const w = Math.min(Math.max(weight, 0), MAX_SMOOTHING);
  if (w === 0 || out.length === 0) return out;
  let constant = true;
  for (let i = 1; i < out.length && constant; i++) if (out[i] !== out[0]) constant = false;
  if (constant) return out;
  let last = 0;
  let n = 0;
  for (let i = 0; i < out.length; i++) {
    const v = out[i];
    if (!Number.isFinite(v)) continue;
    last = last * w + (1 - w) * v;
    n++;
    out[i] = last / (1 - Math.pow(w, n));
  }
  return out;
}
