/**
 * Lesson 10: label-smoothing regularisation (Rethinking §7) with a uniform prior:
 * q′(k) = (1 − ε)·δ(k, y) + ε / K.
 */
export function smoothedTargets(classes: number, trueClass: number, epsilon: number): number[] {
  if (!Number.isInteger(classes) || classes < 1)
    throw new RangeError(`classes must be a positive integer, got ${classes}`);
  if (trueClass < 0 || trueClass >= classes)
    throw new RangeError(`true class ${trueClass} outside 0..${classes - 1}`);
  if (epsilon < 0 || epsilon > 1) throw new RangeError(`epsilon must be in [0, 1], got ${epsilon}`);
  const off = epsilon / classes;
  return Array.from({ length: classes }, (_, i) => (i === trueClass ? 1 - epsilon + off : off));
}

/** Cross-entropy −Σ q(k) log p(k) of predictions p against targets q (natural log). */
export function crossEntropy(targets: readonly number[], probs: readonly number[]): number {
  if (targets.length !== probs.length) throw new RangeError('targets and probabilities differ in length');
  let sum = 0;
  for (let i = 0; i < targets.length; i++) if (targets[i] > 0) sum -= targets[i] * Math.log(probs[i]);
  return sum;
}

/** Softmax of logits, shifted by the max for stability. */
export function softmax(logits: readonly number[]): number[] {
  const m = Math.max(...logits);
  const e = logits.map((z) => Math.exp(z - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}
