/**
 * Losses and error rates. Label smoothing follows Rethinking §7: q′(k) = (1−ε)·δ(k,y) + ε/K.
 * The cross-entropy takes logits (log-softmax is computed stably), so every head must output logits.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Smoothed one-hot targets as plain numbers (row-major n × K). */
export function smoothedTargets(labels: ArrayLike<number>, classes: number, epsilon: number): Float32Array {
  const out = new Float32Array(labels.length * classes).fill(epsilon / classes);
  for (let i = 0; i < labels.length; i++) out[i * classes + labels[i]] += 1 - epsilon;
  return out;
}

/** Mean over the batch of −Σ_k q(k)·log softmax(z)_k. */
export function softmaxCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), -1))) as tf.Scalar);
}

export interface HeadLoss {
  name: string;
  weight: number;
  logits: tf.Tensor2D;
}

/**
 * Total = main + Σ weight·aux (GoogLeNet: L = L_main + 0.3·L_aux(4a) + 0.3·L_aux(4d)).
 * Returns the total and each head's own (unweighted) loss as scalars.
 */
export function totalLoss(
  main: tf.Tensor2D,
  aux: HeadLoss[],
  targets: tf.Tensor2D,
): { total: tf.Scalar; main: tf.Scalar; aux: Record<string, tf.Scalar> } {
  const m = softmaxCrossEntropy(main, targets);
  const auxLosses: Record<string, tf.Scalar> = {};
  let total: tf.Scalar = m;
  for (const h of aux) {
    const l = softmaxCrossEntropy(h.logits, targets);
    auxLosses[h.name] = l;
    total = tf.add(total, tf.mul(l, h.weight));
  }
  return { total, main: m, aux: auxLosses };
}

/**
 * Number of rows whose true class is not among the top k logits. A tie counts against the label
 * (only strictly larger logits are counted), so a constant output is always wrong.
 */
export function topKErrors(
  logits: Float32Array,
  labels: ArrayLike<number>,
  classes: number,
  k: number,
): number {
  let errors = 0;
  for (let i = 0; i < labels.length; i++) {
    const row = i * classes;
    const target = logits[row + labels[i]];
    let above = 0;
    for (let c = 0; c < classes; c++) {
      const v = logits[row + c];
      if (v > target || (v === target && c !== labels[i])) above++;
    }
    if (above >= k || !Number.isFinite(target)) errors++;
  }
  return errors;
}
