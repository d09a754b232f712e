/**
 * Lesson 12: why scaling the residual helps, as a toy model. Each block adds s·F(x) to x; if F's
 * output has standard deviation `gain` times that of x and is uncorrelated with x, the variance
 * grows by (1 + s²·gain²) per block. After N blocks the activation scale is the square root of the
 * product. This illustrates the paper's argument; it is not a number the paper prints.
 */
export function activationGrowth(scale: number, gain: number, blocks: number): number[] {
  const perBlock = 1 + scale * scale * gain * gain;
  const out = [1];
  let v = 1;
  for (let i = 0; i < blocks; i++) {
    v *= perBlock;
    out.push(Math.sqrt(v));
  }
  return out;
}

/** Whether every scale lies in the paper's stated range 0.1–0.3 (inclusive). */
export function inPaperRange(scales: readonly number[], lo = 0.1, hi = 0.3): boolean {
  return scales.every((s) => s >= lo - 1e-12 && s <= hi + 1e-12);
}
