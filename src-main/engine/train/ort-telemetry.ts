/**
 * Telemetry for the ONNX Runtime trainer (what telemetry.ts describes), measured with training graphs
 * of its own instead of a tfjs twin: on the first PROBE_IMAGES images of a measured step's batch, in
 * training mode (batch statistics, not written back; no dropout),
 * - one graph of the main loss alone gives ‖∇L_main‖ on each aux head's attachment module and, as
 *   kept values, each residual sum's shortcut and branch;
 * - one graph per weighted aux head, of that head's loss alone, gives ‖∇L_aux‖ there.
 * The per-module norms come from the step's own gradients, as on tfjs.
 */
import type { TrainingGraph, TrainingGraphOptions } from '../onnx/backward/types.js';
import type { OrtWeight } from './ort-net.js';
import {
  auxShare,
  l2,
  moduleNorms,
  PROBE_IMAGES,
  residualMagnitude,
  telemetryRecord,
  type TelemetryRecord,
} from './telemetry.js';
import type { Analysis } from '../../shared/analysis-types.js';

type Outputs = Record<string, { data: unknown }>;

/** What the probe needs from the trainer: graphs (compiled once per key) and a way to run them. */
export interface ProbeRunner {
  run(
    key: string,
    opts: TrainingGraphOptions,
    x: Float32Array,
    y: Int32Array,
  ): Promise<{ graph: TrainingGraph; out: Outputs }>;
}

export class OrtTelemetry {
  private readonly moduleOfNode = new Map<string, string>();
  private readonly moduleOfWeight = new Map<string, string | undefined>();
  private readonly order: string[];
  private readonly sums: {
    module: string;
    scale: number;
    filters: number;
    shortcut: string;
    branch: string;
  }[] = [];

  constructor(
    private readonly analysis: Analysis,
    private readonly weights: readonly OrtWeight[],
    private readonly aux: readonly { name: string; weight: number }[],
  ) {
    for (const n of analysis.nodes) {
      this.moduleOfNode.set(n.id, n.aux ?? n.module);
      if (n.kind === 'add' && n.scale !== undefined && !n.aux)
        this.sums.push({
          module: n.module,
          scale: n.scale,
          filters: n.outShape.at(-1)!,
          shortcut: n.inputs[0]!,
          branch: n.inputs[1]!,
        });
    }
    this.order = analysis.groups.filter((g) => g.kind === 'module' || g.kind === 'aux').map((g) => g.id);
    for (const w of weights) this.moduleOfWeight.set(w.name, this.moduleOfNode.get(w.nodeId));
  }

  /** The record of a measured step: `grads` are the step's (weight name → gradient). */
  async record(
    step: number,
    grads: Record<string, Float32Array>,
    batch: { x: Float32Array; y: Int32Array },
    perImage: number,
    auxWeights: readonly number[],
    runner: ProbeRunner,
  ): Promise<TelemetryRecord> {
    const g = moduleNorms(
      Object.entries(grads).map(([name, d]) => ({ name, sumSq: l2([d]) ** 2 })),
      (w) => this.moduleOfWeight.get(w),
      this.order,
    );
    const n = Math.min(PROBE_IMAGES, batch.y.length);
    const x = batch.x.subarray(0, n * perImage);
    const y = batch.y.subarray(0, n);
    const base = { batch: n, bnMode: 'train', includeAux: this.aux.length > 0, weightDecay: 0 } as const;
    const heads = (w: Record<string, number>) =>
      Object.fromEntries(this.aux.map((h) => [h.name, w[h.name] ?? 0]));

    const main = await runner.run(
      `probe:main:${n}`,
      {
        ...base,
        objective: { kind: 'cross-entropy', auxWeights: heads({}) },
        wrt: { params: true },
        keep: this.sums.flatMap((s) => [s.shortcut, s.branch]),
      },
      x,
      y,
    );
    const aux = [];
    for (let i = 0; i < this.aux.length; i++) {
      const head = this.aux[i]!;
      const w = auxWeights[i] ?? 0;
      const attachTo = this.analysis.groups.find((x) => x.kind === 'aux' && x.name === head.name)?.attachTo;
      if (w <= 0 || !attachTo) continue;
      const alone = await runner.run(
        `probe:aux:${head.name}:${n}`,
        {
          ...base,
          objective: { kind: 'cross-entropy', mainWeight: 0, auxWeights: heads({ [head.name]: 1 }) },
          wrt: { params: true },
        },
        x,
        y,
      );
      aux.push(auxShare(head.name, attachTo, w, this.gradsIn(main, attachTo), this.gradsIn(alone, attachTo)));
    }
    const value = (id: string) => main.out[main.graph.outputs.keep[id]!]!.data as Float32Array;
    const residual = this.sums.map((s) =>
      residualMagnitude(s.module, s.scale, value(s.branch), value(s.shortcut), s.filters),
    );
    return telemetryRecord(step, g, aux, residual);
  }

  /** A graph's parameter gradients on one module's trainable weights. */
  private gradsIn(r: { graph: TrainingGraph; out: Outputs }, module: string): Float32Array[] {
    return this.weights
      .filter((w) => w.trainable && this.moduleOfNode.get(w.nodeId) === module)
      .flatMap((w) => {
        const name = r.graph.outputs.paramGrads[`${w.nodeId}:${w.kind}`];
        return name ? [r.out[name]!.data as Float32Array] : [];
      });
  }
}
