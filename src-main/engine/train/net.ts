/**
 * What the training loop needs from a model: named weights and a forward pass that returns logits for the
 * main head and each auxiliary head, in training or inference mode.
 *
 * tfjs-layers' `model.apply()` drops the `training` flag (Container.call runs the graph without kwargs),
 * so batch norm would use its moving statistics and dropout would stay off. `runGraph` walks the model's
 * layers in their topological order and calls each with `{training}`, as model.fit's executor does.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Block, NetworkSpec, Seq } from '../../shared/spec.js';
import { dropoutMasks } from './dropout.js';

export interface NetWeight {
  /** Stable across processes (tfjs' unique names get _N suffixes when a model is built twice). */
  name: string;
  shape: number[];
  trainable: boolean;
  variable: tf.Variable;
}

export interface Heads {
  main: tf.Tensor2D;
  /** In the order of `TrainableNet.aux`. */
  aux: tf.Tensor2D[];
}

export interface TrainableNet {
  weights: NetWeight[];
  aux: { name: string; weight: number }[];
  /**
   * dropoutSeeds: one seed per image of x. Training then draws each image's dropout mask from its
   * seed, so two runs with the same seed drop the same units, however a batch is split.
   */
  forward(x: tf.Tensor4D, training: boolean, dropoutSeeds?: ArrayLike<number>): Heads;
  dispose(): void;
}

type Sym = tfl.SymbolicTensor;
interface NodeLike {
  inputTensors: Sym[];
  outputTensors: Sym[];
  callArgs?: Record<string, unknown>;
}
interface LayerLike {
  name: string;
  inboundNodes: NodeLike[];
  getClassName(): string;
  apply(x: tf.Tensor | tf.Tensor[], kwargs?: Record<string, unknown>): tf.Tensor | tf.Tensor[];
  getConfig(): Record<string, unknown>;
}

/**
 * The model's outputs for input x. When `logits` is set, an output made by a softmax is replaced by the
 * softmax's input (for a Dense with a softmax activation, by its linear part).
 */
export function runGraph(
  model: tfl.LayersModel,
  x: tf.Tensor,
  training: boolean,
  logits = true,
  dropoutSeeds?: ArrayLike<number>,
): tf.Tensor[] {
  const values = new Map<number, tf.Tensor>();
  values.set(model.inputs[0].id, x);
  const wanted = new Set(model.outputs.map((o) => o.id));
  const pre = new Map<number, tf.Tensor>();
  for (const layer of model.layers as unknown as LayerLike[]) {
    if (layer.getClassName() === 'InputLayer') continue;
    for (const node of layer.inboundNodes) {
      const ins = node.inputTensors.map((t) => values.get(t.id));
      if (ins.some((t) => t === undefined)) continue; // a node of another model sharing this layer
      const arg = ins.length === 1 ? ins[0]! : (ins as tf.Tensor[]);
      const kwargs = { ...(node.callArgs ?? {}), training };
      const seeded = training && dropoutSeeds && layer.getClassName() === 'Dropout';
      const outs = seeded
        ? seededDropout(arg as tf.Tensor, Number(layer.getConfig().rate), dropoutSeeds, layer.name)
        : layer.apply(arg, kwargs);
      const list = Array.isArray(outs) ? outs : [outs];
      list.forEach((o, i) => values.set(node.outputTensors[i].id, o));
      const outId = node.outputTensors[0].id;
      if (logits && wanted.has(outId)) {
        const p = preSoftmax(layer, arg);
        if (p) pre.set(outId, p);
      }
    }
  }
  return model.outputs.map((o) => pre.get(o.id) ?? values.get(o.id)!);
}

/**
 * Inverted dropout with each image's keep-mask drawn from its own seed and the layer's name, by
 * dropout.ts (the ONNX Runtime trainer feeds the same masks, keyed by the same layer name).
 */
export function seededDropout(
  x: tf.Tensor,
  rate: number,
  seeds: ArrayLike<number>,
  layer: string,
): tf.Tensor {
  if (rate <= 0) return x;
  if (seeds.length !== x.shape[0])
    throw new Error(`dropout: ${seeds.length} seeds for a batch of ${x.shape[0]}`);
  const perImage = x.shape.slice(1).reduce((a, b) => a * b, 1);
  return tf.tidy(() => tf.mul(x, tf.tensor(dropoutMasks(seeds, layer, perImage, rate), x.shape)));
}

function preSoftmax(layer: LayerLike, input: tf.Tensor | tf.Tensor[]): tf.Tensor | null {
  const cls = layer.getClassName();
  const cfg = layer.getConfig();
  if (cls === 'Softmax' || (cls === 'Activation' && cfg.activation === 'softmax')) return input as tf.Tensor;
  if (cls === 'Dense' && cfg.activation === 'softmax') {
    const l = layer as unknown as {
      kernel: { read(): tf.Tensor };
      bias?: { read(): tf.Tensor };
      useBias: boolean;
    };
    const z = tf.matMul(input as tf.Tensor2D, l.kernel.read() as tf.Tensor2D);
    return l.useBias && l.bias ? tf.add(z, l.bias.read()) : z;
  }
  return null;
}

/** The tf.Variable behind a tfjs-layers LayerVariable (the layer API only exposes read/write). */
function variableOf(lv: tfl.LayerVariable): tf.Variable {
  return (lv as unknown as { val: tf.Variable }).val;
}

/** Wrap a LayersModel whose outputs are [main, ...aux heads in `aux` order]. */
export function fromLayersModel(
  model: tfl.LayersModel,
  aux: { name: string; weight: number }[],
): TrainableNet {
  if (model.outputs.length !== 1 + aux.length) {
    throw new Error(`model has ${model.outputs.length} outputs, expected 1 main + ${aux.length} aux`);
  }
  const seen = new Set<string>();
  const weights = model.weights.map((lv) => {
    let name = lv.originalName;
    if (seen.has(name)) name = lv.name; // two weights sharing a scoped name: fall back to tfjs' unique one
    seen.add(name);
    return { name, shape: [...lv.shape] as number[], trainable: lv.trainable, variable: variableOf(lv) };
  });
  return {
    weights,
    aux,
    forward(x, training, dropoutSeeds) {
      const [main, ...rest] = runGraph(model, x, training, true, dropoutSeeds);
      return { main: main as tf.Tensor2D, aux: rest as tf.Tensor2D[] };
    },
    dispose: () => model.dispose(),
  };
}

/** A copy of the spec with every scaled residual (scale ≠ 1) set to `scale`: the recipe's override. */
export function withResidualScale(spec: NetworkSpec, scale: number): NetworkSpec {
  const copy = structuredClone(spec);
  const visit = (b: Block): void => {
    if ('kind' in b) {
      if (b.kind === 'seq') b.items.forEach(visit);
      else if (b.kind === 'concat') b.branches.forEach(visit);
      else if (b.kind === 'residual') {
        if (b.scale !== 1) b.scale = scale;
        visit(b.body as Seq);
      }
    }
  };
  for (const st of copy.stages) for (const m of st.modules) visit(m.body);
  return copy;
}

/** A copy of the spec with every batch norm's momentum set (the recipe's override). */
export function withBnMomentum(spec: NetworkSpec, momentum: number): NetworkSpec {
  const copy = structuredClone(spec);
  const visit = (b: Block): void => {
    if ('op' in b) {
      if ((b.op === 'conv' || b.op === 'dense') && b.bn) b.bn.momentum = momentum;
    } else if (b.kind === 'seq') b.items.forEach(visit);
    else if (b.kind === 'concat') b.branches.forEach(visit);
    else visit(b.body);
  };
  for (const st of copy.stages) for (const m of st.modules) visit(m.body);
  for (const a of copy.aux) visit(a.body);
  return copy;
}

/** The residual scales a spec uses, by module type, for the run's record. */
export function residualScales(spec: NetworkSpec): Record<string, number> {
  const out: Record<string, number> = {};
  const visit = (b: Block, type: string): void => {
    if (!('kind' in b)) return;
    if (b.kind === 'seq') b.items.forEach((i) => visit(i, type));
    else if (b.kind === 'concat') b.branches.forEach((i) => visit(i, type));
    else if (b.kind === 'residual') {
      out[type] = b.scale;
      visit(b.body, type);
    }
  };
  for (const st of spec.stages) for (const m of st.modules) visit(m.body, m.type);
  return out;
}
