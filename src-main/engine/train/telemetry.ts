/**
 * Training telemetry per module, logged every few steps as its own record kind ('telemetry'):
 *
 * - the L2 norm of the parameter gradient of each module (and aux head): the step's own gradient
 *   (the one the optimizer applies), split by the module its weights belong to, so Σ norm² = the
 *   step's gradNorm²;
 * - each auxiliary head's share of the gradient where it attaches: on the attachment module's
 *   parameters, ‖w·∇L_aux‖ against ‖∇L_main‖, share = aux / (main + aux). GoogLeNet (arXiv:1409.4842,
 *   §5) added the heads "to increase the gradient signal that gets propagated back" to the middle
 *   of the network; Rethinking (arXiv:1512.00567, §4) found they do not speed early training and act
 *   as regularisers — the share shows how much of the signal there they are;
 * - in residual blocks, ‖scale·branch‖ / ‖shortcut‖ at the sum. Inception-v4 (arXiv:1602.07261, §3.3):
 *   with more than 1000 filters and no scaling, residual variants "died" early in training (the
 *   layers before the pool gave only zeros); scaling the residuals by 0.1–0.3 kept them alive. A block
 *   whose branch is below DYING_RATIO of its shortcut is flagged.
 *
 * The reductions on host arrays are pure functions (tested against direct computation); the probe
 * measures them on a tfjs training graph built by buildModel (the ONNX Runtime trainer measures them
 * with graphs of its own: ort-telemetry.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { BuiltModel } from '../tfjs/build-model.js';
import { smoothedTargets, softmaxCrossEntropy } from './losses.js';
import { runGraph, type TrainableNet } from './net.js';

/** Below this ‖scale·branch‖ / ‖shortcut‖ a residual block adds nothing visible: it is dying. */
export const DYING_RATIO = 1e-3;

/** How often the probe measures (and on the first step). */
export const TELEMETRY_EVERY = 10;

/** Images of the extra passes for the aux shares and residual magnitudes. */
export const PROBE_IMAGES = 4;

export interface ModuleNorm {
  /** Module name, or the aux head's name. */
  module: string;
  norm: number;
}

export interface AuxShare {
  head: string;
  attachTo: string;
  weight: number;
  /** ‖∇L_main‖ on the attachment module's parameters. */
  main: number;
  /** ‖w·∇L_aux‖ there. */
  aux: number;
  /** aux / (main + aux); 0 when both are 0. */
  share: number;
}

export interface ResidualMagnitude {
  module: string;
  scale: number;
  /** ‖scale·branch‖ and ‖shortcut‖ over the probe images. */
  branch: number;
  shortcut: number;
  ratio: number;
  /** Channels of the block (the paper's "more than 1000 filters"). */
  filters: number;
  dying: boolean;
}

export interface TelemetryRecord {
  t: 'telemetry';
  step: number;
  time: number;
  /** ‖∇‖ over every trainable weight. */
  total: number;
  modules: ModuleNorm[];
  aux: AuxShare[];
  residual: ResidualMagnitude[];
  /** Modules whose residual is dying. */
  dying: string[];
}

/** √Σx² over several arrays (in float64). */
export function l2(arrays: readonly ArrayLike<number>[]): number {
  let s = 0;
  for (const a of arrays) for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
  return Math.sqrt(s);
}

/**
 * Gradient norms per module from squared sums per weight. `moduleOf` names the module of a weight
 * (undefined: 'other'); modules come out in `order`, then any others.
 */
export function moduleNorms(
  squares: readonly { name: string; sumSq: number }[],
  moduleOf: (weight: string) => string | undefined,
  order: readonly string[] = [],
): { total: number; modules: ModuleNorm[] } {
  const sums = new Map<string, number>(order.map((m) => [m, 0]));
  // Modules with weights are listed even at a zero gradient (a dead residual branch learns nothing).
  const weighted = new Set<string>();
  let total = 0;
  for (const w of squares) {
    const m = moduleOf(w.name) ?? 'other';
    sums.set(m, (sums.get(m) ?? 0) + w.sumSq);
    weighted.add(m);
    total += w.sumSq;
  }
  return {
    total: Math.sqrt(total),
    modules: [...sums]
      .filter(([m]) => weighted.has(m))
      .map(([module, s]) => ({ module, norm: Math.sqrt(s) })),
  };
}

export function auxShare(
  head: string,
  attachTo: string,
  weight: number,
  mainGrads: readonly ArrayLike<number>[],
  auxGrads: readonly ArrayLike<number>[],
): AuxShare {
  const main = l2(mainGrads);
  const aux = Math.abs(weight) * l2(auxGrads);
  return { head, attachTo, weight, main, aux, share: main + aux > 0 ? aux / (main + aux) : 0 };
}

export function residualMagnitude(
  module: string,
  scale: number,
  branch: ArrayLike<number>,
  shortcut: ArrayLike<number>,
  filters: number,
): ResidualMagnitude {
  const b = Math.abs(scale) * l2([branch]);
  const s = l2([shortcut]);
  const ratio = s > 0 ? b / s : b > 0 ? Infinity : 0;
  return { module, scale, branch: b, shortcut: s, ratio, filters, dying: ratio < DYING_RATIO };
}

/** A record from its three measurements; the dying blocks are the residuals flagged so. */
export function telemetryRecord(
  step: number,
  norms: { total: number; modules: ModuleNorm[] },
  aux: AuxShare[],
  residual: ResidualMagnitude[],
): TelemetryRecord {
  const dying = residual.filter((r) => r.dying).map((r) => r.module);
  return { t: 'telemetry', step, time: Date.now(), ...norms, aux, residual, dying };
}

/** Measures telemetry on one network built by buildModel (training graph, logits heads). */
export class TelemetryProbe {
  private readonly moduleOfLayer = new Map<string, string>();
  private readonly order: string[];
  /** The residual sums: their module, scale, width and the tfjs layer whose inputs are [shortcut, branch]. */
  private readonly sums: { module: string; scale: number; filters: number; layer: string }[] = [];
  private side: tfl.LayersModel | null = null;

  constructor(
    private readonly built: BuiltModel,
    private readonly net: TrainableNet,
  ) {
    const a = built.analysis;
    for (const n of a.nodes) {
      const names = built.layers.get(n.id);
      if (!names) continue;
      const owner = n.aux ?? n.module;
      for (const l of [names.main, names.pad, names.bn, names.act]) if (l) this.moduleOfLayer.set(l, owner);
      if (n.kind === 'add' && n.scale !== undefined && !n.aux) {
        this.sums.push({ module: n.module, scale: n.scale, filters: n.outShape.at(-1)!, layer: names.main });
      }
    }
    this.order = [...a.groups.filter((g) => g.kind === 'module' || g.kind === 'aux').map((g) => g.id)];
  }

  /** The module a weight (named '<layer>/<variable>') belongs to. */
  moduleOf = (weight: string): string | undefined =>
    this.moduleOfLayer.get(weight.slice(0, weight.lastIndexOf('/')));

  /** Per-module norms of the step's gradients (name → tensor, as the optimizer gets them). */
  gradientNorms(grads: Record<string, tf.Tensor>): { total: number; modules: ModuleNorm[] } {
    // A weight no loss reached (an aux head left out) has no gradient: it counts as zero.
    const names = Object.keys(grads).filter((n) => grads[n]);
    const sq = names.length
      ? tf.tidy(() => tf.stack(names.map((n) => tf.sum(tf.square(grads[n]!)))).dataSync())
      : new Float32Array();
    const sumSq = new Map(names.map((n, i) => [n, sq[i]!]));
    return moduleNorms(
      Object.keys(grads).map((name) => ({ name, sumSq: sumSq.get(name) ?? 0 })),
      this.moduleOf,
      this.order,
    );
  }

  /**
   * Aux shares and residual magnitudes on the first few images of a batch, in training mode (batch
   * statistics, as the step saw them). Training-mode passes move the batch-norm moving statistics,
   * so they are restored afterwards: the probe leaves the run exactly as it found it.
   */
  probe(
    x: Float32Array,
    y: Int32Array,
    input: [number, number, number],
    loss: { classes: number; labelSmoothing: number; auxWeights: number[] },
  ): { aux: AuxShare[]; residual: ResidualMagnitude[] } {
    const n = Math.min(PROBE_IMAGES, y.length);
    const frozen = this.net.weights
      .filter((w) => !w.trainable)
      .map((w) => [w.variable, tf.clone(w.variable)] as const);
    const xs = tf.tensor4d(x.subarray(0, n * input[0] * input[1] * input[2]), [n, ...input]);
    const targets = tf.tensor2d(smoothedTargets(y.subarray(0, n), loss.classes, loss.labelSmoothing), [
      n,
      loss.classes,
    ]);
    try {
      return { aux: this.auxShares(xs, targets, loss.auxWeights), residual: this.residuals(xs) };
    } finally {
      for (const [v, saved] of frozen) v.assign(saved);
      tf.dispose([xs, targets, ...frozen.map(([, s]) => s)]);
    }
  }

  private auxShares(xs: tf.Tensor4D, targets: tf.Tensor2D, weights: number[]): AuxShare[] {
    const out: AuxShare[] = [];
    const model = this.built.model;
    this.net.aux.forEach((head, i) => {
      const w = weights[i] ?? 0;
      const group = this.built.analysis.groups.find((g) => g.kind === 'aux' && g.name === head.name);
      if (w <= 0 || !group?.attachTo) return;
      const vars = this.net.weights.filter((x) => x.trainable && this.moduleOf(x.name) === group.attachTo);
      if (!vars.length) return;
      const gradsOf = (head: number) => {
        const { value, grads } = tf.variableGrads(
          () => softmaxCrossEntropy(runGraph(model, xs, true)[head] as tf.Tensor2D, targets),
          vars.map((v) => v.variable),
        );
        const data = vars.map(
          (v) => (grads[v.variable.name]?.dataSync() as Float32Array) ?? new Float32Array(),
        );
        tf.dispose([value, ...Object.values(grads)]);
        return data;
      };
      out.push(auxShare(head.name, group.attachTo, w, gradsOf(0), gradsOf(1 + i)));
    });
    return out;
  }

  private residuals(xs: tf.Tensor4D): ResidualMagnitude[] {
    if (!this.sums.length) return [];
    const model = this.built.model;
    // A model sharing the layers whose outputs are each sum's two inputs.
    this.side ??= tfl.model({
      inputs: model.inputs,
      outputs: this.sums.flatMap((s) => model.getLayer(s.layer).inboundNodes[0]!.inputTensors),
    });
    const values = tf.tidy(() =>
      runGraph(this.side!, xs, true, false).map((t) => t.dataSync() as Float32Array),
    );
    return this.sums.map((s, i) =>
      residualMagnitude(s.module, s.scale, values[2 * i + 1]!, values[2 * i]!, s.filters),
    );
  }

  /** A whole record: gradient norms of the step, aux shares and residual magnitudes on its first images. */
  record(
    step: number,
    grads: Record<string, tf.Tensor>,
    batch: { x: Float32Array; y: Int32Array },
    input: [number, number, number],
    loss: { classes: number; labelSmoothing: number; auxWeights: number[] },
  ): TelemetryRecord {
    const p = this.probe(batch.x, batch.y, input, loss);
    return telemetryRecord(step, this.gradientNorms(grads), p.aux, p.residual);
  }
}

// The hook: the factory registers a probe for the net it builds; the trainer asks for a record on
// measured steps; the run loop takes the queued records and logs them after the step.
const probes = new WeakMap<TrainableNet, TelemetryProbe>();
const queued = new WeakMap<object, TelemetryRecord[]>();

export function registerTelemetry(net: TrainableNet, built: BuiltModel): void {
  probes.set(net, new TelemetryProbe(built, net));
}

export const telemetryProbe = (net: TrainableNet): TelemetryProbe | undefined => probes.get(net);

/** Called by a trainer with the step's gradients before the update; measures every TELEMETRY_EVERY steps. */
export function queueTelemetry(
  trainer: object,
  net: TrainableNet,
  step: number,
  grads: Record<string, tf.Tensor>,
  batch: { x: Float32Array; y: Int32Array },
  input: [number, number, number],
  loss: { classes: number; labelSmoothing: number; auxWeights: number[] },
): void {
  const probe = probes.get(net);
  if (!probe || step % TELEMETRY_EVERY !== 0) return;
  const list = queued.get(trainer) ?? [];
  list.push(probe.record(step, grads, batch, input, loss));
  queued.set(trainer, list);
}

/** The records queued by `trainer` since the last call. */
export function takeTelemetry(trainer: object): TelemetryRecord[] {
  const list = queued.get(trainer) ?? [];
  queued.delete(trainer);
  return list;
}

/** Queues a record measured elsewhere (the ONNX Runtime trainer's, ort-telemetry.ts). */
export function queueRecord(trainer: object, record: TelemetryRecord): void {
  queued.set(trainer, [...(queued.get(trainer) ?? []), record]);
}
