/**
 * One run's training state and step: batch → micro-batches (over replicas and accumulation) → averaged
 * gradients → clipped optimizer update; validation; checkpoints as plain arrays.
 * Data-parallel replicas get their share of each batch and the current weights, and return gradients;
 * the batch-norm moving statistics come from this thread's share (as with per-replica BN in TF).
 */
import * as tf from '@tensorflow/tfjs-core';
import { BatchOrder, makeBatch, type PreparedData } from '../data/pipeline.js';
import { deriveSeed } from '../data/rng.js';
import { smoothedTargets, softmaxCrossEntropy, topKErrors } from './losses.js';
import type { TrainableNet } from './net.js';
import { Optimizer } from './optimizer.js';
import { learningRate, type Recipe } from './recipe.js';
import { assignWeights, flattenWeights, shareStep, trainableOf, type LossConfig } from './replica.js';
import { checkpointSlots, finishStep, packCheckpoint, valRecord, type RunTrainer } from './run-trainer.js';
import type { CheckpointData } from './store.js';
import { queueTelemetry } from './telemetry.js';
import type { StepRecord, ValRecord } from './types.js';

export interface TrainerConfig {
  recipe: Recipe;
  seed: number;
  steps: number;
  batch: number;
  microBatch: number;
  input: [number, number, number];
  classes: number;
}

/** A replica on another thread: same network, own backend. */
export interface RemoteReplica {
  compute(
    weights: Float32Array,
    x: Float32Array,
    y: Int32Array,
    microBatch: number,
    dropoutSeeds?: Uint32Array,
  ): Promise<{
    grads: Float32Array;
    n: number;
    loss: number;
    main: number;
    aux: number[];
    top1Errors: number;
  }>;
  close(): Promise<void>;
}

export class Trainer implements RunTrainer {
  readonly engine = 'tfjs' as const;
  step = 0;
  /** Active seconds of training so far. */
  wall = 0;
  readonly order: BatchOrder;
  readonly optimizer: Optimizer;
  stepTime = 0;
  private readonly loss: LossConfig;

  constructor(
    readonly net: TrainableNet,
    readonly data: PreparedData,
    readonly cfg: TrainerConfig,
    private readonly replicas: RemoteReplica[] = [],
  ) {
    this.order = new BatchOrder(data.train.count, cfg.batch, cfg.seed);
    const vars = new Map(trainableOf(net).map((w) => [w.name, w.variable]));
    this.optimizer = new Optimizer(cfg.recipe.optimizer, vars);
    const r = cfg.recipe;
    this.loss = {
      classes: cfg.classes,
      labelSmoothing: r.labelSmoothing,
      auxWeights: net.aux.map((h) => (r.useAux ? (r.auxWeights[h.name] ?? h.weight) : 0)),
    };
  }

  get lossConfig(): LossConfig {
    return this.loss;
  }

  get epoch(): number {
    return this.step / this.order.stepsPerEpoch;
  }

  lr(step = this.step): number {
    return learningRate(this.cfg.recipe, step, this.cfg.steps, this.order.stepsPerEpoch);
  }

  /** Runs step `this.step` and advances. */
  async trainStep(): Promise<StepRecord> {
    const t0 = performance.now();
    const { epoch, indices } = this.order.at(this.step);
    const { input, microBatch, batch } = this.cfg;
    const b = makeBatch(this.data.train, indices, input, this.cfg.recipe.augment, this.cfg.seed, epoch);
    const per = input[0] * input[1] * input[2];
    // Each image's dropout mask, like its augmentation, follows from (seed, epoch, image index).
    const seeds = Uint32Array.from(indices, (i) => deriveSeed(this.cfg.seed, 'dropout', epoch, i));
    // Contiguous shares: this thread first, then each replica.
    const shares = splitEven(batch, 1 + this.replicas.length);
    const weights = this.replicas.length ? flattenWeights(this.net.weights) : null;
    let at = shares[0];
    const remote = this.replicas.map((r, i) => {
      const n = shares[i + 1];
      const x = b.x.slice(at * per, (at + n) * per);
      const p = r.compute(weights!, x, b.y.slice(at, at + n), microBatch, seeds.slice(at, at + n));
      at += n;
      return p;
    });
    const trainable = trainableOf(this.net);
    const local = shareStep(
      this.net,
      b.x.subarray(0, shares[0] * per),
      b.y.subarray(0, shares[0]),
      input,
      this.loss,
      microBatch,
      batch,
      seeds.subarray(0, shares[0]),
    );
    let sum: tf.Tensor[] = local.grads;
    let { loss, main, top1Errors: errors } = local;
    const aux = local.aux;
    const addGrads = (gs: tf.Tensor[], weight: number) => {
      const next = sum.map((s, i) => tf.tidy(() => tf.add(s, tf.mul(gs[i], weight))));
      tf.dispose([...sum, ...gs]);
      sum = next;
    };
    for (const r of await Promise.all(remote)) {
      let off = 0;
      const gs = trainable.map((w) => {
        const size = w.shape.reduce((p, d) => p * d, 1);
        const t = tf.tensor(r.grads.subarray(off, off + size), w.shape);
        off += size;
        return t;
      });
      addGrads(gs, r.n / batch);
      loss += (r.loss * r.n) / batch;
      main += (r.main * r.n) / batch;
      r.aux.forEach((v, i) => (aux[i] += (v * r.n) / batch));
      errors += r.top1Errors;
    }
    const lr = this.lr();
    const grads = Object.fromEntries(trainable.map((w, i) => [w.name, sum[i]]));
    // Per-module telemetry every few steps, from the gradients this update applies (telemetry.ts).
    queueTelemetry(this, this.net, this.step, grads, b, input, this.loss);
    const rep = this.optimizer.step(grads, lr, this.cfg.recipe.clip);
    tf.dispose(sum);
    return finishStep(this, (performance.now() - t0) / 1000, {
      lr,
      loss,
      main,
      aux: Object.fromEntries(
        this.net.aux.flatMap((h, i) => (this.loss.auxWeights[i] > 0 ? [[h.name, aux[i]]] : [])),
      ),
      errors,
      batch,
      gradNorm: rep.gradNorm,
    });
  }

  /** Validation on (up to maxValImages of) the validation set, in inference mode. */
  evaluate(limit = Infinity): ValRecord {
    const { input, microBatch, classes } = this.cfg;
    const val = this.data.val;
    const n = Math.min(val.count, this.cfg.recipe.maxValImages, Math.max(1, limit));
    let loss = 0;
    let top1 = 0;
    let top5 = 0;
    const aux = new Array<number>(this.net.aux.length).fill(0);
    for (let s = 0; s < n; s += microBatch) {
      const idx = Array.from({ length: Math.min(microBatch, n - s) }, (_, i) => s + i);
      const b = makeBatch(val, idx, input, null, this.cfg.seed, 0);
      tf.tidy(() => {
        const out = this.net.forward(tf.tensor4d(b.x, [b.n, ...input]), false);
        const t = tf.tensor2d(smoothedTargets(b.y, classes, this.loss.labelSmoothing), [b.n, classes]);
        loss += softmaxCrossEntropy(out.main, t).dataSync()[0] * b.n;
        out.aux.forEach((a, i) => (aux[i] += softmaxCrossEntropy(a, t).dataSync()[0] * b.n));
        const logits = out.main.dataSync() as Float32Array;
        top1 += topKErrors(logits, b.y, classes, 1);
        if (classes > 5) top5 += topKErrors(logits, b.y, classes, 5);
      });
    }
    return valRecord(this, {
      images: n,
      loss,
      top1,
      top5,
      aux: this.net.aux.map((h, i) => ({ name: h.name, loss: aux[i] })),
      classes,
    });
  }

  snapshot(): CheckpointData {
    const weights = this.net.weights.map((w) => ({
      name: w.name,
      shape: w.shape,
      data: w.variable.dataSync() as Float32Array,
    }));
    const at = { step: this.step, wall: this.wall, seed: this.cfg.seed, order: this.order };
    return packCheckpoint(at, weights, this.optimizer.exportState());
  }

  restore(c: CheckpointData): void {
    const names = this.net.weights.map((w) => w.name).join('|');
    if (c.state.weights.map((w) => w.name).join('|') !== names) {
      throw new Error('the checkpoint was saved from a different network (weight names differ)');
    }
    assignWeights(this.net.weights, c.weights);
    this.optimizer.importState(checkpointSlots(c));
    this.step = c.state.step;
    this.wall = c.state.wall;
  }

  async dispose(): Promise<void> {
    await Promise.all(this.replicas.map((r) => r.close()));
    this.optimizer.dispose();
  }
}

/** n split into k near-equal positive parts, larger first. */
export function splitEven(n: number, k: number): number[] {
  const base = Math.floor(n / k);
  return Array.from({ length: k }, (_, i) => base + (i < n % k ? 1 : 0));
}
