/**
 * Builds a tfjs-layers functional model from a network spec, using the analysis (resolved filters
 * and units, pads and pooling modes, output shapes, the topological node list with inputs) rather
 * than re-deriving them; each node's layers come from its op-table lowering (engine/ops).
 * Layer names are the spec's node ids with '/' → '.', so 'Mixed_5b/Branch_1/Conv2d_0a_1x1' is the
 * conv 'Mixed_5b.Branch_1.Conv2d_0a_1x1' and its BN/ReLU/padding are '<name>.bn', '.relu', '.pad'.
 * countParams() equals the analysis' Keras-convention total (trainable + non-trainable).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { analyse, kerasTotal } from '../../analysis/analyse.js';
import type { AnalysedNode, Analysis } from '../../shared/analysis-types.js';
import { indexOf } from '../../shared/analysis-index.js';
import type { NetworkSpec } from '../../shared/spec.js';
import { loweringOf } from '../ops/table.js';
import type { TfjsContext } from '../ops/types.js';
import * as custom from './custom-layers.js';
import { applyTfjsFixes } from './fixes/index.js';

type ST = tfl.SymbolicTensor;

export interface BuildModelOptions {
  /** 'inference' (default): main output only. 'training': auxiliary heads as extra outputs. */
  graph?: 'inference' | 'training';
  /**
   * What each output returns: as the spec has it (default), logits (a trailing softmax is left
   * out, for losses that take logits), or probabilities (a softmax is added where a head has none).
   */
  head?: 'spec' | 'logits' | 'probabilities';
  /** Seed for the kernel initialisers (Glorot uniform, seeded per layer); unseeded when absent. */
  seed?: number;
}

export interface ModelOutput {
  /** 'main' or the aux head's name. */
  name: string;
  /** The analysis node whose value the output is (before an added softmax). */
  nodeId: string;
  layerName: string;
  lossWeight: number;
  activation: 'softmax' | 'linear';
}

/** The tfjs layers one analysis node became. */
export interface NodeLayers {
  /** The layer named after the node (conv, pool, dense, concat, ScaleAdd, ...). */
  main: string;
  pad?: string;
  bn?: string;
  act?: string;
}

export interface BuiltModel {
  model: tfl.LayersModel;
  analysis: Analysis;
  /** Main output first, then the aux heads in spec order (training graph only). */
  outputs: ModelOutput[];
  /**
   * outputs[i].lossWeight. tfjs-layers 4.22 accepts compile({lossWeights}) but ignores it (a TODO in
   * its training.js), so fold the weights into the losses with weightedLosses().
   */
  lossWeights: number[];
  /** node id → its tfjs layer names, for mapping weights. */
  layers: Map<string, NodeLayers>;
  /** The Keras-convention parameter count the model must have (and has; checked when built). */
  expectedParams: number;
}

/** A spec node id as a tfjs/Keras layer name: '/' becomes '.', anything else unusual '_'. */
export function layerName(nodeId: string): string {
  const s = nodeId.replace(/\//g, '.').replace(/[^A-Za-z0-9._-]/g, '_');
  return /^[A-Za-z0-9]/.test(s) ? s : `n${s}`;
}

class Builder {
  readonly layers = new Map<string, NodeLayers>();
  private readonly names = new Set<string>();
  private weighted = 0;

  constructor(private readonly seed: number | undefined) {}

  name(n: string): string {
    if (this.names.has(n)) throw new Error(`tfjs layer name collision: '${n}'`);
    this.names.add(n);
    return n;
  }

  kernelInit(): ReturnType<typeof tfl.initializers.glorotUniform> {
    const seed = this.seed === undefined ? undefined : this.seed + this.weighted;
    this.weighted += 1;
    return tfl.initializers.glorotUniform(seed === undefined ? {} : { seed });
  }

  /** A node through its op-table lowering; its layer names are recorded for mapping weights. */
  node(n: AnalysedNode, inputs: ST[]): ST {
    const rec: NodeLayers = { main: layerName(n.id) };
    this.layers.set(n.id, rec);
    const ctx: TfjsContext = {
      tfl,
      custom,
      main: rec.main,
      layers: rec,
      name: (x) => this.name(x),
      kernelInit: () => this.kernelInit(),
    };
    return loweringOf(n).tfjs(ctx, n, inputs);
  }
}

export function buildModel(specOrAnalysis: NetworkSpec | Analysis, opts: BuildModelOptions = {}): BuiltModel {
  applyTfjsFixes(); // BN scale:false must be trainable before any model is built
  const a = 'nodes' in specOrAnalysis ? specOrAnalysis : analyse(specOrAnalysis);
  const training = opts.graph === 'training';
  const b = new Builder(opts.seed);
  const values = new Map<string, ST>();
  const get = (id: string) => {
    const v = values.get(id);
    if (!v) throw new Error(`node input '${id}' was not built before its consumer`);
    return v;
  };

  let input: ST | undefined;
  for (const n of a.nodes) {
    if (n.aux !== undefined && !training) continue;
    if (n.kind === 'input') {
      input = tfl.input({ shape: n.outShape, name: b.name('input') });
      values.set(n.id, input);
    } else values.set(n.id, b.node(n, n.inputs.map(get)));
    // Every node's symbolic shape must be the analysis' shape; a mismatch names the node.
    const shape = values.get(n.id)!.shape.slice(1);
    if (shape.join('×') !== n.outShape.join('×')) {
      throw new Error(
        `${n.id}: the tfjs layer gives ${shape.join('×')}, the analysis ${n.outShape.join('×')}`,
      );
    }
  }
  if (!input) throw new Error('the analysis has no input node');

  const ix = indexOf(a);
  const heads = [ix.main, ...(training ? ix.aux : [])].map((h) => ({
    name: h.name,
    nodeId: h.sink,
    lossWeight: h.lossWeight,
  }));
  const head = opts.head ?? 'spec';
  const outputs: ModelOutput[] = [];
  const tensors: ST[] = [];
  for (const h of heads) {
    const node = ix.node(h.nodeId);
    const isSoftmax = node.layer?.op === 'softmax';
    let t = values.get(h.nodeId)!;
    let nodeId = h.nodeId;
    let name = layerName(nodeId);
    if (head === 'logits' && isSoftmax) {
      nodeId = node.inputs[0];
      t = values.get(nodeId)!;
      const rec = b.layers.get(nodeId)!;
      name = rec.act ?? rec.bn ?? rec.main;
    } else if (head === 'probabilities' && !isSoftmax) {
      name = b.name(`${layerName(nodeId)}.softmax`);
      t = tfl.layers.activation({ activation: 'softmax', name }).apply(t) as ST;
    }
    const activation =
      head === 'logits' ? 'linear' : head === 'probabilities' || isSoftmax ? 'softmax' : 'linear';
    outputs.push({ name: h.name, nodeId, layerName: name, lossWeight: h.lossWeight, activation });
    tensors.push(t);
  }

  const model = tfl.model({
    inputs: input,
    outputs: tensors.length === 1 ? tensors[0] : tensors,
    name: a.spec.id,
  });
  const expectedParams = kerasTotal((training ? a.totalsWithAux : a.totals).params);
  const got = model.countParams();
  if (got !== expectedParams) {
    model.dispose();
    throw new Error(
      `${a.spec.id}: the tfjs model has ${got} parameters, the analysis ${expectedParams} (Keras convention)`,
    );
  }
  return {
    model,
    analysis: a,
    outputs,
    lossWeights: outputs.map((o) => o.lossWeight),
    layers: b.layers,
    expectedParams,
  };
}

export type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/** One loss per output, each scaled by its loss weight, for model.compile({loss}). */
export function weightedLosses(built: Pick<BuiltModel, 'lossWeights'>, loss: LossFn): LossFn[] {
  return built.lossWeights.map((w) =>
    w === 1 ? loss : (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.mul(loss(yTrue, yPred), w),
  );
}
