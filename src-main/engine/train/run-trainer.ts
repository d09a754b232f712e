/**
 * What the run loop (session.ts) needs from a trainer, whichever engine computes the gradients:
 * the tfjs Trainer (trainer.ts) or the ONNX Runtime one (ort-trainer.ts). Both read the same data
 * pipeline and write the same checkpoint (weights by their tfjs names in one flat array, optimizer
 * slots likewise), so a run resumes on either engine.
 */
import type { BatchOrder } from '../data/pipeline.js';
import type { SlotState } from './optimizer.js';
import type { CheckpointData } from './store.js';
import type { TrainerConfig } from './trainer.js';
import type { StepRecord, TrainEngineName, ValRecord } from './types.js';

export type { TrainEngineName };

export interface RunTrainer {
  readonly engine: TrainEngineName;
  step: number;
  wall: number;
  readonly order: BatchOrder;
  readonly cfg: TrainerConfig;
  readonly epoch: number;
  trainStep(): Promise<StepRecord>;
  evaluate(limit?: number): ValRecord | Promise<ValRecord>;
  snapshot(): CheckpointData;
  restore(c: CheckpointData): void;
  dispose(): Promise<void>;
}

/** A checkpoint from named arrays (in the network's weight order) and optimizer slots. */
export function packCheckpoint(
  at: { step: number; wall: number; seed: number; order: BatchOrder },
  weights: { name: string; shape: number[]; data: Float32Array }[],
  slots: SlotState[],
): CheckpointData {
  const flat = new Float32Array(weights.reduce((s, w) => s + w.data.length, 0));
  let off = 0;
  const wIndex = weights.map((w) => {
    flat.set(w.data, off);
    const e = { name: w.name, shape: w.shape, offset: off };
    off += w.data.length;
    return e;
  });
  const optimizer = new Float32Array(slots.reduce((s, x) => s + x.data.length, 0));
  off = 0;
  const oIndex = slots.map((s) => {
    optimizer.set(s.data, off);
    const e = { variable: s.variable, slot: s.slot, shape: s.shape, offset: off };
    off += s.data.length;
    return e;
  });
  const { epoch, offset } = at.order.at(at.step);
  return {
    state: {
      step: at.step,
      epoch,
      wall: at.wall,
      rng: { seed: at.seed, epoch, offset },
      weights: wIndex,
      optimizer: oIndex,
      savedAt: Date.now(),
    },
    weights: flat,
    optimizer,
  };
}

/** The optimizer slots of a checkpoint, as SlotStates (views into its array). */
export function checkpointSlots(c: CheckpointData): SlotState[] {
  return c.state.optimizer.map((o) => ({
    variable: o.variable,
    slot: o.slot,
    shape: o.shape,
    data: c.optimizer.subarray(o.offset, o.offset + o.shape.reduce((a, b) => a * b, 1)),
  }));
}

/** What a finished optimizer step reports; both trainers fill it the same way. */
export interface StepOutcome {
  lr: number;
  loss: number;
  main: number;
  /** Each aux head's own loss, for the heads that carry weight. */
  aux: Record<string, number>;
  errors: number;
  batch: number;
  gradNorm: number;
}

/** A trainer's clock: wall time, the smoothed step time behind images/s and the ETA, and the step count. */
export interface StepClock {
  step: number;
  wall: number;
  stepTime: number;
  readonly order: BatchOrder;
  readonly cfg: { steps: number };
}

/** Advances the clock by a step that took `seconds` and returns its log record. */
export function finishStep(c: StepClock, seconds: number, o: StepOutcome): StepRecord {
  c.wall += seconds;
  c.stepTime = c.stepTime === 0 ? seconds : 0.8 * c.stepTime + 0.2 * seconds;
  const done = c.step;
  c.step++;
  return {
    t: 'step',
    step: done,
    epoch: (done + 1) / c.order.stepsPerEpoch,
    time: Date.now(),
    wall: c.wall,
    lr: o.lr,
    loss: o.loss,
    main: o.main,
    aux: o.aux,
    top1: o.errors / o.batch,
    gradNorm: o.gradNorm,
    imagesPerSec: o.batch / c.stepTime,
    eta: (c.cfg.steps - c.step) * c.stepTime,
  };
}

/** Sums over a validation pass (each loss already weighted by its batch's image count). */
export interface ValSums {
  images: number;
  loss: number;
  top1: number;
  top5: number;
  /** Per aux head, in the network's head order. */
  aux: { name: string; loss: number }[];
  classes: number;
}

/** The log record of a validation pass, the same for both engines (top-5 only above 5 classes). */
export function valRecord(c: { step: number; wall: number; readonly epoch: number }, v: ValSums): ValRecord {
  const n = v.images;
  const rec: ValRecord = {
    t: 'val',
    step: c.step,
    epoch: c.epoch,
    time: Date.now(),
    wall: c.wall,
    loss: v.loss / n,
    top1: v.top1 / n,
    aux: Object.fromEntries(v.aux.map((a) => [a.name, a.loss / n])),
    images: n,
  };
  if (v.classes > 5) rec.top5 = v.top5 / n;
  return rec;
}
