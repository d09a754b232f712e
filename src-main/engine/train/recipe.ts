/**
 * Training recipes: the papers' defaults per network, every field editable, and the learning-rate
 * schedule with the words the UI shows to explain it.
 *
 * Sources: v3 §8 and v4 §4: RMSProp decay 0.9, ε 1.0, lr 0.045 × 0.94 every two epochs,
 * gradient clipping 2.0 (v3; the v4 paper's AAAI text gives no threshold, so 2.0 is reused), label
 * smoothing 0.1 (v3 §7); Inception-ResNet residual scaling 0.1–0.3 (v4 §3.3). GoogLeNet §5–6: SGD with
 * momentum 0.9, lr −4 % every 8 epochs, auxiliary losses at weight 0.3.
 */
import type { NetworkId } from '../../shared/spec.js';
import type { ClipConfig, OptimizerConfig } from './optimizer.js';
import type { TextMsg } from './types.js';

export type ScheduleMode = 'rescaled' | 'epochs' | 'constant';

export interface Recipe {
  optimizer: OptimizerConfig;
  lr: number;
  /** Multiply the lr by `decayRate` every `decayEpochs` epochs (of the reference length when rescaled). */
  decayRate: number;
  decayEpochs: number;
  /** 'rescaled': the paper's decays spread over this run's steps; 'epochs': per real epoch; 'constant'. */
  schedule: ScheduleMode;
  /** The paper run's length in epochs, which 'rescaled' maps onto the run. */
  referenceEpochs: number;
  clip: ClipConfig;
  labelSmoothing: number;
  /** Per aux head name: its loss weight. Heads not listed use the spec's `lossWeight`. */
  auxWeights: Record<string, number>;
  /** Use the auxiliary heads in training at all. */
  useAux: boolean;
  /**
   * Residual scale for every Inception-ResNet block (null keeps the spec's: released A 0.17, B 0.10,
   * C 0.20). Ignored for networks without residuals.
   */
  residualScale: number | null;
  /**
   * Batch-norm momentum for the moving statistics validation uses (Keras form; null keeps the spec's, 0.99
   * unless set). Keras' 0.99 and TF-slim's 0.9997 average over ~100 and ~3000 steps; runs here last hundreds.
   */
  bnMomentum: number | null;
  batch: number;
  /** Split each batch into this many micro-batches and sum their gradients (memory, not maths). */
  accumulate: number;
  /** Validation after every epoch, and at most this many validation images. */
  maxValImages: number;
  valFraction: number;
  augment: { crop: boolean; minArea: number; flip: boolean };
  /** Where each default came from, by field, for the UI. */
  notes: Record<string, string>;
}

const RMSPROP: OptimizerConfig = {
  kind: 'rmsprop',
  decay: 0.9,
  epsilon: 1.0,
  momentum: 0.9,
  rmsInit: 1,
  weightDecay: 0,
};
const SGD: OptimizerConfig = { kind: 'sgd', decay: 0, epsilon: 0, momentum: 0.9, rmsInit: 0, weightDecay: 0 };

const COMMON = {
  bnMomentum: 0.9,
  batch: 32,
  accumulate: 1,
  maxValImages: 1000,
  valFraction: 0.1,
  augment: { crop: true, minArea: 0.5, flip: true },
  useAux: true,
  auxWeights: {},
};

const BN_NOTE =
  "Batch-norm moving averages at momentum 0.9 (not the spec's Keras 0.99 or TF-slim's 0.9997): validation uses them, and a run of a few hundred steps would otherwise validate with statistics that lag training by ~100 steps.";

/** The recipe a network gets before the user edits it. */
export function defaultRecipe(id: NetworkId): Recipe {
  if (id === 'googlenet' || id === 'bn_inception') {
    const bn = id === 'bn_inception';
    return {
      ...COMMON,
      optimizer: { ...SGD },
      lr: bn ? 0.045 : 0.01,
      decayRate: bn ? 0.94 : 0.96,
      decayEpochs: bn ? 2 : 8,
      schedule: 'rescaled',
      referenceEpochs: 100,
      clip: { kind: 'none', threshold: 0 },
      labelSmoothing: 0,
      residualScale: null,
      notes: {
        optimizer: 'GoogLeNet §6: asynchronous SGD with momentum 0.9 (here synchronous).',
        lr: bn
          ? 'BN-Inception §4.2.1 accelerates training with a higher rate; 0.045 as the later papers.'
          : 'The GoogLeNet paper does not state the initial rate; 0.01 is the usual Caffe choice.',
        decay: bn
          ? 'BN-Inception: faster decay, taken as ×0.94 every 2 epochs.'
          : 'GoogLeNet §6: the rate drops 4 % every 8 epochs.',
        aux: 'GoogLeNet §5: each auxiliary loss is added with weight 0.3.',
        batch: 'Batch 32 as in the later papers (GoogLeNet does not state one).',
        bnMomentum: BN_NOTE,
      },
    };
  }
  const residual = id === 'inception_resnet_v1' || id === 'inception_resnet_v2';
  return {
    ...COMMON,
    optimizer: { ...RMSPROP },
    lr: 0.045,
    decayRate: 0.94,
    decayEpochs: 2,
    schedule: 'rescaled',
    referenceEpochs: 100,
    clip: { kind: 'global-norm', threshold: 2.0 },
    labelSmoothing: 0.1,
    residualScale: null,
    notes: {
      optimizer:
        'Rethinking §8 / v4 §4: RMSProp, decay 0.9, ε 1.0. Momentum 0.9 and the initial mean square of 1 are TF1 RMSPropOptimizer as the TF-slim scripts use it.',
      lr: 'Rethinking §8 / v4 §4: 0.045, decayed ×0.94 every two epochs (batch 32 per replica, 50 resp. 20 replicas).',
      clip: 'Rethinking §8: gradient clipping at 2.0, applied to the global norm. The v4 paper mentions clipping without a threshold.',
      labelSmoothing: 'Rethinking §7: ε = 0.1, uniform prior.',
      ...(residual
        ? {
            residualScale:
              'v4 §3.3: residuals scaled by 0.1–0.3 before the addition; the spec has the released 0.17 / 0.10 / 0.20.',
          }
        : {}),
      ...(id === 'inception_v3'
        ? {
            aux: 'Rethinking §4 and Table 3: the BN-auxiliary head (its conv/fc layers batch-normalised), loss weight from the spec.',
          }
        : {}),
      batch: 'Batch 32, as Rethinking §8 (per replica).',
      bnMomentum: BN_NOTE,
    },
  };
}

/** Apply a partial edit on top of a recipe (nested objects merge one level deep). */
export function editRecipe(base: Recipe, edit: RecipeEdit = {}): Recipe {
  return {
    ...base,
    ...edit,
    optimizer: { ...base.optimizer, ...(edit.optimizer ?? {}) },
    clip: { ...base.clip, ...(edit.clip ?? {}) },
    augment: { ...base.augment, ...(edit.augment ?? {}) },
    auxWeights: { ...base.auxWeights, ...(edit.auxWeights ?? {}) },
    notes: base.notes,
  };
}

export type RecipeEdit = Partial<Omit<Recipe, 'optimizer' | 'clip' | 'augment' | 'notes'>> & {
  optimizer?: Partial<OptimizerConfig>;
  clip?: Partial<ClipConfig>;
  augment?: Partial<Recipe['augment']>;
};

/** The learning rate at a step. */
export function learningRate(r: Recipe, step: number, totalSteps: number, stepsPerEpoch: number): number {
  if (r.schedule === 'constant') return r.lr;
  const epoch =
    r.schedule === 'epochs' ? step / stepsPerEpoch : (step / Math.max(1, totalSteps)) * r.referenceEpochs;
  return r.lr * Math.pow(r.decayRate, Math.floor(epoch / r.decayEpochs));
}

/** One paragraph for the UI: what the schedule does in this run and why. */
export function explainSchedule(r: Recipe, totalSteps: number, stepsPerEpoch: number): string {
  return scheduleMessage(r, totalSteps, stepsPerEpoch).text;
}

/** The same paragraph, with a dictionary key and its values so the UI can word it in its language. */
export function scheduleMessage(
  r: Recipe,
  totalSteps: number,
  stepsPerEpoch: number,
): { text: string; msg: TextMsg } {
  const runEpochs = totalSteps / stepsPerEpoch;
  const paper = `The paper decays the rate ×${r.decayRate} every ${r.decayEpochs} epochs`;
  const base = { rate: r.decayRate, every: r.decayEpochs, lr: r.lr };
  if (r.schedule === 'constant')
    return {
      text: `Constant learning rate ${r.lr}. ${paper}; that schedule is off for this run.`,
      msg: { key: 'train.msg.schedule.constant', params: base },
    };
  if (r.schedule === 'epochs') {
    const decays = Math.floor(runEpochs / r.decayEpochs);
    const end = fmt(r.lr * Math.pow(r.decayRate, decays));
    return {
      text: `${paper}, and so does this run: ${fmt(runEpochs)} epochs give ${decays} decay(s), ending at ${end}.`,
      msg: { key: 'train.msg.schedule.epochs', params: { ...base, epochs: fmt(runEpochs), decays, end } },
    };
  }
  const decays = Math.floor(r.referenceEpochs / r.decayEpochs);
  const every = totalSteps / decays;
  const end = r.lr * Math.pow(r.decayRate, decays);
  const params = {
    ...base,
    reference: r.referenceEpochs,
    decays,
    end: fmt(end),
    percent: fmt((100 * end) / r.lr),
    steps: totalSteps,
    epochs: fmt(runEpochs),
    everySteps: fmt(every),
  };
  return {
    text:
      `${paper} over about ${r.referenceEpochs} epochs: ${decays} decays, ending at ${fmt(end)} ` +
      `(${fmt((100 * end) / r.lr)} % of ${r.lr}). This run lasts ${totalSteps} steps (${fmt(runEpochs)} epochs), ` +
      `far shorter, so the same ${decays} decays are spread over it: ×${r.decayRate} every ${fmt(every)} steps, ` +
      `from ${r.lr} down to ${fmt(end)}. The shape of the schedule matches the paper; its time axis is compressed.`,
    msg: { key: 'train.msg.schedule.rescaled', params },
  };
}

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Number(x.toPrecision(3)).toString());
