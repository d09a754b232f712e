/**
 * The optimizers of the papers, written out so their state can be saved and restored exactly
 * (tfjs' own keep it in anonymous variables) and so clipping sees the averaged gradient.
 *
 * RMSProp is TF1's tf.train.RMSPropOptimizer, the one the Inception training scripts call:
 *   ms  ← ρ·ms + (1−ρ)·g²                  (ms starts at `rmsInit`, 1.0 in TF1)
 *   mom ← μ·mom + lr·g / √(ms + ε)
 *   w   ← w − mom
 * SGD with momentum is TF's MomentumOptimizer:  v ← μ·v + g;  w ← w − lr·v.
 * Adam is Kingma & Ba (https://arxiv.org/abs/1412.6980) Algorithm 1 in the ε̂ form Keras uses
 * (momentum = β1, decay = β2):
 *   t ← t+1;  m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  w ← w − lr·√(1−β2^t)/(1−β1^t) · m/(√v + ε)
 * Its step count t is a slot of shape [1] per variable, so a checkpoint carries it.
 * optimizer-js.ts is the same arithmetic on Float32Arrays (the ONNX Runtime trainer); the state is the
 * same list of slots, so a checkpoint of one engine resumes on the other.
 */
import * as tf from '@tensorflow/tfjs-core';

export type OptimizerKind = 'rmsprop' | 'sgd' | 'adam';

export interface OptimizerConfig {
  kind: OptimizerKind;
  /** RMSProp's ρ (the papers' "decay 0.9"); Adam's β2. */
  decay: number;
  /** RMSProp's ε, added under the square root (the papers' "ε = 1.0"). */
  epsilon: number;
  /** Momentum μ: SGD's, or RMSProp's TF1 momentum term (0 turns it off); Adam's β1. */
  momentum: number;
  /** Initial mean square for RMSProp (TF1 starts at 1, Keras at 0). */
  rmsInit: number;
  /** L2 weight decay added to the gradients of conv and dense kernels (0 = none). */
  weightDecay: number;
}

export interface ClipConfig {
  /** 'global-norm' scales all gradients together when their joint L2 norm exceeds the threshold. */
  kind: 'global-norm' | 'none';
  threshold: number;
}

export interface SlotState {
  variable: string;
  slot: string;
  shape: number[];
  data: Float32Array;
}

export interface StepReport {
  /** L2 norm of all gradients before clipping. */
  gradNorm: number;
  clipped: boolean;
}

export const isKernel = (name: string) => /kernel|weights|\/W$/.test(name);

/** Each kind's slots, in the order a checkpoint lists them. */
export function slotNames(kind: OptimizerKind): string[] {
  return kind === 'rmsprop' ? ['ms', 'mom'] : kind === 'adam' ? ['m', 'v', 't'] : ['v'];
}

/** A slot's shape: the variable's, except Adam's step count. */
export const slotShape = (slot: string, variable: readonly number[]): number[] =>
  slot === 't' ? [1] : [...variable];

export class Optimizer {
  private readonly slots = new Map<string, Record<string, tf.Variable>>();

  constructor(
    readonly config: OptimizerConfig,
    private readonly vars: Map<string, tf.Variable>,
  ) {}

  private slotsFor(name: string, v: tf.Variable): Record<string, tf.Variable> {
    let s = this.slots.get(name);
    if (!s) {
      s = {};
      for (const slot of slotNames(this.config.kind)) {
        const init = slot === 'ms' ? this.config.rmsInit : 0;
        s[slot] = tf.tidy(() => tf.variable(tf.fill(slotShape(slot, v.shape), init), false));
      }
      this.slots.set(name, s);
    }
    return s;
  }

  /** Apply one update from gradients keyed by variable name. Consumes nothing; the caller disposes grads. */
  step(grads: Record<string, tf.Tensor>, lr: number, clip: ClipConfig): StepReport {
    const names = Object.keys(grads).filter((n) => this.vars.has(n));
    const norm = globalNorm(names.map((n) => grads[n]));
    const clipped = clip.kind === 'global-norm' && norm > clip.threshold;
    const scale = clipped ? clip.threshold / norm : 1;
    const c = this.config;
    for (const name of names) {
      const v = this.vars.get(name)!;
      const s = this.slotsFor(name, v);
      tf.tidy(() => {
        let g = scale === 1 ? grads[name] : tf.mul(grads[name], scale);
        if (c.weightDecay > 0 && isKernel(name)) g = tf.add(g, tf.mul(v, c.weightDecay));
        if (c.kind === 'rmsprop') {
          const ms = tf.add(tf.mul(s.ms, c.decay), tf.mul(tf.square(g), 1 - c.decay));
          const mom = tf.add(
            tf.mul(s.mom, c.momentum),
            tf.div(tf.mul(g, lr), tf.sqrt(tf.add(ms, c.epsilon))),
          );
          s.ms.assign(ms);
          s.mom.assign(mom);
          v.assign(tf.sub(v, mom));
        } else if (c.kind === 'adam') {
          const t = tf.add(s.t, 1);
          const m = tf.add(tf.mul(s.m, c.momentum), tf.mul(g, 1 - c.momentum));
          const vv = tf.add(tf.mul(s.v, c.decay), tf.mul(tf.square(g), 1 - c.decay));
          const step = adamStepSize(lr, c.momentum, c.decay, t.dataSync()[0]);
          s.t.assign(t);
          s.m.assign(m);
          s.v.assign(vv);
          v.assign(tf.sub(v, tf.div(tf.mul(m, step), tf.add(tf.sqrt(vv), c.epsilon))));
        } else {
          const vel = tf.add(tf.mul(s.v, c.momentum), g);
          s.v.assign(vel);
          v.assign(tf.sub(v, tf.mul(vel, lr)));
        }
      });
    }
    return { gradNorm: norm, clipped };
  }

  exportState(): SlotState[] {
    const out: SlotState[] = [];
    for (const [variable, s] of this.slots) {
      for (const [slot, t] of Object.entries(s)) {
        out.push({ variable, slot, shape: [...t.shape], data: t.dataSync() as Float32Array });
      }
    }
    return out;
  }

  importState(state: SlotState[]): void {
    for (const st of state) {
      const v = this.vars.get(st.variable);
      if (!v) throw new Error(`optimizer state names a variable the model does not have: ${st.variable}`);
      if (st.shape.join() !== slotShape(st.slot, v.shape).join()) {
        throw new Error(
          `optimizer state for ${st.variable} has shape [${st.shape}], the variable [${v.shape}]`,
        );
      }
      const s = this.slotsFor(st.variable, v);
      if (!s[st.slot]) throw new Error(`optimizer slot ${st.slot} does not exist for ${this.config.kind}`);
      tf.tidy(() => s[st.slot].assign(tf.tensor(st.data, st.shape)));
    }
  }

  dispose(): void {
    for (const s of this.slots.values()) for (const t of Object.values(s)) t.dispose();
    this.slots.clear();
  }
}

/** Adam's bias-corrected step size lr·√(1−β2^t)/(1−β1^t) at step t (1-based). */
export function adamStepSize(lr: number, beta1: number, beta2: number, t: number): number {
  return (lr * Math.sqrt(1 - Math.pow(beta2, t))) / (1 - Math.pow(beta1, t));
}

/** √Σ‖g‖², read back as a number. */
export function globalNorm(gs: tf.Tensor[]): number {
  if (gs.length === 0) return 0;
  return tf.tidy(() => tf.sqrt(tf.addN(gs.map((g) => tf.sum(tf.square(g))))).dataSync()[0]);
}
