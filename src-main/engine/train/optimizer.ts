/**
 * The optimizers of the papers, written out so their state can be saved and restored exactly
 * (tfjs' own keep it in anonymous variables) and so clipping sees the averaged gradient.
 *
 * RMSProp is TF1's tf.train.RMSPropOptimizer, the one the Inception training scripts call:
 *   ms  ← ρ·ms + (1−ρ)·g²                  (ms starts at `rmsInit`, 1.0 in TF1)
 *   mom ← μ·mom + lr·g / √(ms + ε)
 *   w   ← w − mom
 * SGD with momentum is TF's MomentumOptimizer:  v ← μ·v + g;  w ← w − lr·v.
 */
import * as tf from '@tensorflow/tfjs-core';

export type OptimizerKind = 'rmsprop' | 'sgd';

export interface OptimizerConfig {
  kind: OptimizerKind;
  /** RMSProp's ρ (the papers' "decay 0.9"). */
  decay: number;
  /** RMSProp's ε, added under the square root (the papers' "ε = 1.0"). */
  epsilon: number;
  /** Momentum μ: SGD's, or RMSProp's TF1 momentum term (0 turns it off). */
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

const isKernel = (name: string) => /kernel|weights|\/W$/.test(name);

export class Optimizer {
  private readonly slots = new Map<string, Record<string, tf.Variable>>();

  constructor(
    readonly config: OptimizerConfig,
    private readonly vars: Map<string, tf.Variable>,
  ) {}

  private slotNames(): string[] {
    return this.config.kind === 'rmsprop' ? ['ms', 'mom'] : ['v'];
  }

  private slotsFor(name: string, v: tf.Variable): Record<string, tf.Variable> {
    let s = this.slots.get(name);
    if (!s) {
      s = {};
      for (const slot of this.slotNames()) {
        const init = slot === 'ms' ? this.config.rmsInit : 0;
        s[slot] = tf.tidy(() => tf.variable(tf.fill(v.shape, init), false));
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
      if (st.shape.join() !== v.shape.join()) {
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

/** √Σ‖g‖², read back as a number. */
export function globalNorm(gs: tf.Tensor[]): number {
  if (gs.length === 0) return 0;
  return tf.tidy(() => tf.sqrt(tf.addN(gs.map((g) => tf.sum(tf.square(g))))).dataSync()[0]);
}
