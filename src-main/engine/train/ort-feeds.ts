/**
 * Between the run's weights (TensorFlow layout, named as the tfjs net names them) and a training
 * graph's inputs and outputs (ONNX layout): the weights kept in the graphs' layout, dropout masks.
 */
import { indexOf } from '../../shared/analysis-index.js';
import type { Analysis } from '../../shared/analysis-types.js';
import type { ParamInput, TrainingGraph } from '../onnx/backward/types.js';
import { oihwToHwio } from '../onnx/backward/run.js';
import { hwioToOihw } from '../onnx/weights.js';
import { dropoutMasks, masksToNchw } from './dropout.js';
import type { OrtNet, OrtWeight } from './ort-net.js';
import type { SlotState } from './optimizer.js';

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

/** How one graph parameter maps onto a run weight: as is, or transposed HWIO ↔ OIHW. */
export interface ParamLink {
  input: ParamInput;
  weight: OrtWeight;
  transposed: boolean;
}

export function linkParams(graph: TrainingGraph, net: OrtNet): ParamLink[] {
  const byNode = new Map(net.weights.map((w) => [`${w.nodeId}:${w.kind}`, w]));
  return graph.inputs.params.map((input) => {
    const weight = byNode.get(`${input.nodeId}:${input.kind}`);
    if (!weight)
      throw new Error(`the training graph wants ${input.nodeId}/${input.kind}, which the run does not have`);
    if (sameShape(input.shape, weight.shape)) return { input, weight, transposed: false };
    const [kh, kw, ci, co] = weight.shape;
    if (weight.shape.length === 4 && sameShape(input.shape, [co!, ci!, kh!, kw!])) {
      return { input, weight, transposed: true };
    }
    throw new Error(
      `${input.nodeId}/${input.kind}: the graph's shape [${input.shape}] does not fit the weight's [${weight.shape}]`,
    );
  });
}

/**
 * The run's weights in the graphs' layout, kept there between steps: conv kernels as OIHW copies
 * (every other weight is the run's own array). The optimizer updates these, so no step transposes
 * a kernel; the run's TensorFlow-layout arrays (checkpoints) are written back by `toRun`, and the
 * optimizer's slots are converted the same way when they are saved or restored.
 */
export class GraphLayoutWeights {
  /** Per conv kernel: its OIHW copy, that shape, and the run's (HWIO) shape. */
  private readonly kernels = new Map<string, { data: Float32Array; shape: number[]; runShape: number[] }>();

  constructor(private readonly weights: readonly OrtWeight[]) {
    this.fromRun();
  }

  /** The weight's value in the graphs' layout (the array the optimizer updates). */
  data(w: OrtWeight): Float32Array {
    return this.kernels.get(w.name)?.data ?? w.data;
  }

  shape(w: OrtWeight): number[] {
    return this.kernels.get(w.name)?.shape ?? w.shape;
  }

  /** Re-reads every kernel from the run's arrays (after a restore), into the same arrays. */
  fromRun(): void {
    for (const w of this.weights) {
      if (w.shape.length !== 4) continue;
      const t = hwioToOihw({ shape: w.shape, data: w.data });
      const k = this.kernels.get(w.name);
      if (k) k.data.set(t.data);
      else this.kernels.set(w.name, { data: t.data, shape: t.shape, runShape: w.shape });
    }
  }

  /** Writes every kernel back into the run's arrays (before a checkpoint). */
  toRun(): void {
    for (const w of this.weights) {
      const k = this.kernels.get(w.name);
      if (k) w.data.set(oihwToHwio(k.data, k.shape).data);
    }
  }

  /** Optimizer slots of the graphs' layout → the run's (a checkpoint's) layout. */
  slotsToRun(state: readonly SlotState[]): SlotState[] {
    return state.map((st) => {
      const k = this.kernels.get(st.variable);
      if (!k || st.shape.length !== 4) return st;
      return { ...st, shape: [...k.runShape], data: oihwToHwio(st.data, k.shape).data };
    });
  }

  /** A checkpoint's optimizer slots → the graphs' layout. */
  slotsFromRun(state: readonly SlotState[]): SlotState[] {
    return state.map((st) => {
      const k = this.kernels.get(st.variable);
      if (!k || st.shape.length !== 4) return st;
      return { ...st, shape: [...k.shape], data: hwioToOihw({ shape: st.shape, data: st.data }).data };
    });
  }
}

/**
 * Each dropout input of the graph for a batch whose images have these seeds: the masks the tfjs
 * trainer draws (dropout.ts), in the graph's layout (NCHW when its dims say so).
 */
export function maskFeeds(
  graph: TrainingGraph,
  net: OrtNet,
  analysis: Analysis,
  seeds: ArrayLike<number>,
): { name: string; dims: number[]; data: Float32Array }[] {
  return graph.inputs.dropoutMasks.map((m) => {
    const d = net.dropout.get(m.nodeId);
    if (!d)
      throw new Error(`the training graph has a dropout mask for ${m.nodeId}, which is no dropout node`);
    const n = seeds.length;
    const dims = [n, ...m.dims.slice(1)];
    const per = dims.slice(1).reduce((a, b) => a * b, 1);
    let data = dropoutMasks(seeds, d.key, per, d.rate);
    const shape = indexOf(analysis).byId.get(m.nodeId)?.outShape ?? [];
    // The analysis shape is HWC; a 4-D NCHW mask needs the channel axis moved.
    if (shape.length === 3 && dims.length === 4 && dims[1] === shape[2] && dims[2] === shape[0]) {
      data = masksToNchw(data, n, shape[0]!, shape[1]!, shape[2]!);
    }
    return { name: m.name, dims, data };
  });
}
