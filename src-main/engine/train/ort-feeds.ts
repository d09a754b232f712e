/**
 * Between the run's weights (TensorFlow layout, named as the tfjs net names them) and a training
 * graph's inputs and outputs (ONNX layout): parameter feeds, gradients back, dropout masks.
 */
import { indexOf } from '../../shared/analysis-index.js';
import type { Analysis } from '../../shared/analysis-types.js';
import type { ParamInput, TrainingGraph } from '../onnx/backward/types.js';
import { hwioToOihw } from '../onnx/weights.js';
import { dropoutMasks, masksToNchw } from './dropout.js';
import type { OrtNet, OrtWeight } from './ort-net.js';

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

/** ONNX Conv weight OIHW → TensorFlow HWIO (the inverse of hwioToOihw). */
export function oihwToHwio(data: Float32Array, [co, ci, kh, kw]: number[]): Float32Array {
  const out = new Float32Array(data.length);
  for (let o = 0; o < co!; o++)
    for (let i = 0; i < ci!; i++)
      for (let h = 0; h < kh!; h++)
        for (let w = 0; w < kw!; w++)
          out[((h * kw! + w) * ci! + i) * co! + o] = data[((o * ci! + i) * kh! + h) * kw! + w]!;
  return out;
}

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

/** The parameter's current value in the graph's layout. */
export function paramFeed(l: ParamLink): Float32Array {
  return l.transposed ? hwioToOihw({ shape: l.weight.shape, data: l.weight.data }).data : l.weight.data;
}

/** A gradient output in the weight's own (TensorFlow) layout. */
export function gradToWeightLayout(l: ParamLink, g: Float32Array): Float32Array {
  return l.transposed ? oihwToHwio(g, l.input.shape) : g;
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
