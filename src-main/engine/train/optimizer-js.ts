/**
 * The optimizers of optimizer.ts (TF1 RMSProp, SGD with momentum, Adam) on plain Float32Arrays, for
 * the ONNX Runtime trainer, whose parameters live in JS between session runs. The arithmetic mirrors
 * tfjs' float32 ops one by one (each intermediate rounded with Math.fround, constants too), so the two
 * engines step alike; the slot state is the same list of {variable, slot, shape, data}, so a
 * checkpoint written by either engine resumes on the other.
 */
import {
  adamStepSize,
  isKernel,
  slotNames,
  slotShape,
  type ClipConfig,
  type OptimizerConfig,
  type SlotState,
  type StepReport,
} from './optimizer.js';

const f = Math.fround;

/** A parameter the optimizer updates in place. */
export interface JsParam {
  data: Float32Array;
  shape: number[];
}

export class JsOptimizer {
  private readonly slots = new Map<string, Record<string, Float32Array>>();

  constructor(
    readonly config: OptimizerConfig,
    private readonly params: Map<string, JsParam>,
  ) {}

  private slotsFor(name: string, p: JsParam): Record<string, Float32Array> {
    let s = this.slots.get(name);
    if (!s) {
      s = {};
      for (const slot of slotNames(this.config.kind)) {
        const size = slotShape(slot, p.shape).reduce((a, b) => a * b, 1);
        s[slot] = new Float32Array(size).fill(slot === 'ms' ? this.config.rmsInit : 0);
      }
      this.slots.set(name, s);
    }
    return s;
  }

  /** One update from gradients keyed by parameter name (ONNX or TF layout: the param's own). */
  step(grads: Record<string, Float32Array>, lr: number, clip: ClipConfig): StepReport {
    const names = Object.keys(grads).filter((n) => this.params.has(n));
    const norm = jsGlobalNorm(names.map((n) => grads[n]!));
    const clipped = clip.kind === 'global-norm' && norm > clip.threshold;
    const scale = f(clipped ? clip.threshold / norm : 1);
    const c = this.config;
    const wd = f(c.weightDecay);
    const lr32 = f(lr);
    const decay = f(c.decay);
    const decay1 = f(1 - c.decay);
    const mu = f(c.momentum);
    const mu1 = f(1 - c.momentum);
    const eps = f(c.epsilon);
    for (const name of names) {
      const p = this.params.get(name)!;
      const w = p.data;
      const g0 = grads[name]!;
      if (g0.length !== w.length) {
        throw new Error(`gradient of ${name} has ${g0.length} values, the parameter ${w.length}`);
      }
      const s = this.slotsFor(name, p);
      const decayed = wd > 0 && isKernel(name);
      // The gradient as optimizer.ts sees it: clipped, then with the weight-decay term.
      const grad = (i: number): number => {
        let g = scale === 1 ? g0[i]! : f(g0[i]! * scale);
        if (decayed) g = f(g + f(w[i]! * wd));
        return g;
      };
      if (c.kind === 'rmsprop') {
        const ms = s.ms!;
        const mom = s.mom!;
        for (let i = 0; i < w.length; i++) {
          const g = grad(i);
          const m2 = f(f(ms[i]! * decay) + f(f(g * g) * decay1));
          const step = f(f(mom[i]! * mu) + f(f(g * lr32) / f(Math.sqrt(f(m2 + eps)))));
          ms[i] = m2;
          mom[i] = step;
          w[i] = f(w[i]! - step);
        }
      } else if (c.kind === 'adam') {
        const t = f(s.t![0]! + 1);
        s.t![0] = t;
        const size = f(adamStepSize(lr, c.momentum, c.decay, t));
        const m = s.m!;
        const v = s.v!;
        for (let i = 0; i < w.length; i++) {
          const g = grad(i);
          const m1 = f(f(m[i]! * mu) + f(g * mu1));
          const v1 = f(f(v[i]! * decay) + f(f(g * g) * decay1));
          m[i] = m1;
          v[i] = v1;
          w[i] = f(w[i]! - f(f(m1 * size) / f(f(Math.sqrt(v1)) + eps)));
        }
      } else {
        const vel = s.v!;
        for (let i = 0; i < w.length; i++) {
          const g = grad(i);
          const v1 = f(f(vel[i]! * mu) + g);
          vel[i] = v1;
          w[i] = f(w[i]! - f(v1 * lr32));
        }
      }
    }
    return { gradNorm: norm, clipped };
  }

  exportState(): SlotState[] {
    const out: SlotState[] = [];
    for (const [variable, s] of this.slots) {
      const p = this.params.get(variable)!;
      for (const [slot, data] of Object.entries(s)) {
        out.push({ variable, slot, shape: slotShape(slot, p.shape), data: data.slice() });
      }
    }
    return out;
  }

  importState(state: SlotState[]): void {
    for (const st of state) {
      const p = this.params.get(st.variable);
      if (!p) throw new Error(`optimizer state names a variable the model does not have: ${st.variable}`);
      const want = slotShape(st.slot, p.shape);
      if (st.shape.join() !== want.join()) {
        throw new Error(`optimizer state for ${st.variable} has shape [${st.shape}], the variable [${want}]`);
      }
      const s = this.slotsFor(st.variable, p);
      if (!s[st.slot]) throw new Error(`optimizer slot ${st.slot} does not exist for ${this.config.kind}`);
      s[st.slot]!.set(st.data);
    }
  }
}

/** √Σ‖g‖², summed as tfjs' globalNorm does (per tensor, then across tensors, in float32). */
export function jsGlobalNorm(gs: Float32Array[]): number {
  let total = 0;
  for (const g of gs) {
    let sum = 0;
    for (let i = 0; i < g.length; i++) sum += f(g[i]! * g[i]!);
    total = f(total + f(sum));
  }
  return f(Math.sqrt(total));
}
