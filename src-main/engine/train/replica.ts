/**
 * One replica's share of a step: the loss of a micro-batch and its gradients with respect to every
 * trainable weight. Used by the trainer on its own thread and by each data-parallel worker.
 */
import * as tf from '@tensorflow/tfjs-core';
import { smoothedTargets, topKErrors, totalLoss, type HeadLoss } from './losses.js';
import type { NetWeight, TrainableNet } from './net.js';

export interface LossConfig {
  classes: number;
  labelSmoothing: number;
  /** Per aux head (in net.aux order); 0 leaves the head out of the loss. */
  auxWeights: number[];
}

export interface MicroResult {
  /** Gradients in the order of the trainable weights; the caller disposes them. */
  grads: tf.Tensor[];
  n: number;
  loss: number;
  main: number;
  aux: number[];
  top1Errors: number;
}

export const trainableOf = (net: TrainableNet): NetWeight[] => net.weights.filter((w) => w.trainable);

export function microStep(
  net: TrainableNet,
  x: Float32Array,
  y: Int32Array,
  input: [number, number, number],
  cfg: LossConfig,
  dropoutSeeds?: Uint32Array,
): MicroResult {
  const n = y.length;
  const trainable = trainableOf(net);
  const vars = trainable.map((w) => w.variable);
  const xs = tf.tensor4d(x, [n, ...input]);
  const targets = tf.tensor2d(smoothedTargets(y, cfg.classes, cfg.labelSmoothing), [n, cfg.classes]);
  let kept: { main: tf.Scalar; aux: tf.Scalar[]; logits: tf.Tensor } | null = null;
  const { value, grads } = tf.variableGrads(() => {
    const out = net.forward(xs, true, dropoutSeeds);
    const heads: HeadLoss[] = [];
    out.aux.forEach((logits, i) => {
      if (cfg.auxWeights[i] > 0) heads.push({ name: net.aux[i].name, weight: cfg.auxWeights[i], logits });
    });
    const l = totalLoss(out.main, heads, targets);
    kept = {
      main: tf.keep(l.main),
      aux: net.aux.map((h) => (l.aux[h.name] ? tf.keep(l.aux[h.name]) : tf.keep(tf.scalar(NaN)))),
      logits: tf.keep(out.main),
    };
    return l.total;
  }, vars);
  const k = kept as unknown as { main: tf.Scalar; aux: tf.Scalar[]; logits: tf.Tensor };
  const result: MicroResult = {
    grads: vars.map((v) => grads[v.name] ?? tf.zerosLike(v)),
    n,
    loss: value.dataSync()[0],
    main: k.main.dataSync()[0],
    aux: k.aux.map((a) => a.dataSync()[0]),
    top1Errors: topKErrors(k.logits.dataSync() as Float32Array, y, cfg.classes, 1),
  };
  tf.dispose([xs, targets, value, k.main, k.logits, ...k.aux]);
  return result;
}

/** All weights (trainable and batch-norm statistics) as one flat array, in net.weights order. */
export function flattenWeights(weights: NetWeight[]): Float32Array {
  const total = weights.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0);
  const out = new Float32Array(total);
  let at = 0;
  for (const w of weights) {
    const d = w.variable.dataSync() as Float32Array;
    out.set(d, at);
    at += d.length;
  }
  return out;
}

export function assignWeights(weights: NetWeight[], flat: Float32Array): void {
  let at = 0;
  for (const w of weights) {
    const n = w.shape.reduce((a, b) => a * b, 1);
    const part = flat.subarray(at, at + n);
    tf.tidy(() => w.variable.assign(tf.tensor(part, w.shape)));
    at += n;
  }
  if (at !== flat.length) throw new Error(`weights: expected ${at} values, got ${flat.length}`);
}

/** Gradients as one flat array (for sending to another thread). */
export function flattenTensors(ts: tf.Tensor[]): Float32Array {
  const total = ts.reduce((s, t) => s + t.size, 0);
  const out = new Float32Array(total);
  let at = 0;
  for (const t of ts) {
    out.set(t.dataSync() as Float32Array, at);
    at += t.size;
  }
  return out;
}

export interface ShareResult {
  /** Σ (n_i / denominator) · grad_i over the micro-batches; the caller disposes them. */
  grads: tf.Tensor[];
  n: number;
  /** Means weighted the same way. */
  loss: number;
  main: number;
  aux: number[];
  top1Errors: number;
}

/** A share of a batch in micro-batches of `microBatch`, gradients summed with weights n_i / denominator. */
export function shareStep(
  net: TrainableNet,
  x: Float32Array,
  y: Int32Array,
  input: [number, number, number],
  cfg: LossConfig,
  microBatch: number,
  denominator: number,
  /** One per image (see TrainableNet.forward). */
  dropoutSeeds?: Uint32Array,
): ShareResult {
  const per = input[0] * input[1] * input[2];
  const total = y.length;
  let sum: tf.Tensor[] | null = null;
  const out = { n: total, loss: 0, main: 0, aux: new Array<number>(net.aux.length).fill(0), top1Errors: 0 };
  for (let s = 0; s < total; s += microBatch) {
    const n = Math.min(microBatch, total - s);
    const seeds = dropoutSeeds?.subarray(s, s + n);
    const r = microStep(net, x.subarray(s * per, (s + n) * per), y.subarray(s, s + n), input, cfg, seeds);
    const w = n / denominator;
    const scaled = r.grads.map((g) => tf.mul(g, w));
    tf.dispose(r.grads);
    if (!sum) sum = scaled;
    else {
      const next: tf.Tensor[] = sum.map((a, i) => tf.add(a, scaled[i]));
      tf.dispose([...sum, ...scaled]);
      sum = next;
    }
    out.loss += r.loss * w;
    out.main += r.main * w;
    r.aux.forEach((v, i) => (out.aux[i] += v * w));
    out.top1Errors += r.top1Errors;
  }
  return { grads: sum ?? trainableOf(net).map((t) => tf.zerosLike(t.variable)), ...out };
}
