/**
 * Builds a tfjs-layers functional model from a network spec, using the analysis (resolved filters
 * and units, output shapes, the topological node list with inputs) rather than re-deriving shapes.
 * Layer names are the spec's node ids with '/' → '.', so 'Mixed_5b/Branch_1/Conv2d_0a_1x1' is the
 * conv 'Mixed_5b.Branch_1.Conv2d_0a_1x1' and its BN/ReLU/padding are '<name>.bn', '.relu', '.pad'.
 * countParams() equals the analysis' Keras-convention total (trainable + non-trainable).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { analyse, kerasTotal } from '../../analysis/analyse.js';
import type { AnalysedNode, Analysis } from '../../shared/analysis-types.js';
import type {
  BatchNormSpec,
  ConvLayer,
  DenseLayer,
  Layer,
  NetworkSpec,
  Padding,
  PoolLayer,
} from '../../shared/spec.js';
import { AdaptiveAvgPool2D, LocalResponseNorm, PadPool2D, ScaleAdd } from './custom-layers.js';
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

const sidesOf = (p: Exclude<Padding, 'same' | 'valid'>): [number, number, number, number] => [
  p.top,
  p.bottom,
  p.left,
  p.right,
];

/** TensorFlow's 'same' padding as explicit sides (the extra pixel goes after). */
function samePads(inH: number, inW: number, l: PoolLayer, out: number[]): [number, number, number, number] {
  const total = (size: number, k: number, s: number, o: number) => Math.max((o - 1) * s + k - size, 0);
  const th = total(inH, l.pool[0], l.strides[0], out[0]);
  const tw = total(inW, l.pool[1], l.strides[1], out[1]);
  return [Math.floor(th / 2), th - Math.floor(th / 2), Math.floor(tw / 2), tw - Math.floor(tw / 2)];
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

  bn(x: ST, bn: BatchNormSpec, name: string): ST {
    return tfl.layers
      .batchNormalization({
        axis: -1,
        epsilon: bn.eps,
        scale: bn.scale,
        center: true,
        momentum: bn.momentum ?? 0.99,
        name: this.name(name),
      })
      .apply(x) as ST;
  }

  relu(x: ST, name: string): ST {
    return tfl.layers.activation({ activation: 'relu', name: this.name(name) }).apply(x) as ST;
  }

  layer(n: AnalysedNode, l: Layer, x: ST): ST {
    const name = layerName(n.id);
    const rec: NodeLayers = { main: name };
    this.layers.set(n.id, rec);
    switch (l.op) {
      case 'conv': {
        let padding: 'same' | 'valid' = l.padding === 'same' ? 'same' : 'valid';
        if (typeof l.padding === 'object' && sidesOf(l.padding).some((v) => v > 0)) {
          x = this.zeroPad(x, rec, sidesOf(l.padding));
          padding = 'valid';
        }
        // Without BN the activation fuses into the conv, as Keras writes Conv2D(activation='relu').
        const fused = !l.bn && l.activation === 'relu';
        x = tfl.layers
          .conv2d({
            filters: l.filters as number,
            kernelSize: l.kernel,
            strides: l.strides,
            padding,
            useBias: l.bias,
            activation: fused ? 'relu' : 'linear',
            kernelInitializer: this.kernelInit(),
            name: this.name(name),
          })
          .apply(x) as ST;
        return this.normAndActivate(x, l, rec, fused);
      }
      case 'dense': {
        const fused = !l.bn && l.activation === 'relu';
        x = tfl.layers
          .dense({
            units: l.units as number,
            useBias: l.bias,
            activation: fused ? 'relu' : 'linear',
            kernelInitializer: this.kernelInit(),
            name: this.name(name),
          })
          .apply(x) as ST;
        return this.normAndActivate(x, l, rec, fused);
      }
      case 'maxpool':
      case 'avgpool':
        return this.pool(n, l, x, rec);
      case 'lrn':
        if (l.size % 2 !== 1) throw new Error(`${n.id}: LRN size must be odd, got ${l.size}`);
        // The spec follows Caffe/PyTorch (α is divided by the window size); TensorFlow's α is per element.
        return new LocalResponseNorm({
          depthRadius: (l.size - 1) / 2,
          bias: l.k,
          alpha: l.alpha / l.size,
          beta: l.beta,
          name: this.name(name),
        }).apply(x) as ST;
      case 'globalavgpool':
        return tfl.layers.globalAveragePooling2d({ name: this.name(name) }).apply(x) as ST;
      case 'dropout':
        return tfl.layers.dropout({ rate: l.rate, name: this.name(name) }).apply(x) as ST;
      case 'flatten':
        return tfl.layers.flatten({ name: this.name(name) }).apply(x) as ST;
      case 'softmax':
        return tfl.layers.activation({ activation: 'softmax', name: this.name(name) }).apply(x) as ST;
      case 'relu':
        return tfl.layers.activation({ activation: 'relu', name: this.name(name) }).apply(x) as ST;
    }
  }

  /** Explicit padding as its own ZeroPadding2D layer, '<name>.pad'. */
  private zeroPad(x: ST, rec: NodeLayers, [t, b, lf, r]: [number, number, number, number]): ST {
    rec.pad = this.name(`${rec.main}.pad`);
    const padding: [[number, number], [number, number]] = [
      [t, b],
      [lf, r],
    ];
    return tfl.layers.zeroPadding2d({ padding, name: rec.pad }).apply(x) as ST;
  }

  /** What follows a conv or dense layer: its BN ('<name>.bn') and, unless fused, its ReLU ('<name>.relu'). */
  private normAndActivate(x: ST, l: ConvLayer | DenseLayer, rec: NodeLayers, fused: boolean): ST {
    if (l.bn) x = this.bn(x, l.bn, (rec.bn = `${rec.main}.bn`));
    if (l.activation === 'relu' && !fused) x = this.relu(x, (rec.act = `${rec.main}.relu`));
    return x;
  }

  private pool(n: AnalysedNode, l: PoolLayer, x: ST, rec: NodeLayers): ST {
    const name = rec.main;
    const [inH, inW] = n.inShapes[0];
    const out = n.outShape;
    if (l.adaptive) {
      if (l.op !== 'avgpool') throw new Error(`${n.id}: adaptive max pooling is not supported`);
      return new AdaptiveAvgPool2D({ outputSize: l.adaptive, name: this.name(name) }).apply(x) as ST;
    }
    const builtin = (padding: 'same' | 'valid') => {
      const args = { poolSize: l.pool, strides: l.strides, padding, name: this.name(name) };
      return (l.op === 'maxpool' ? tfl.layers.maxPooling2d(args) : tfl.layers.averagePooling2d(args)).apply(
        x,
      ) as ST;
    };
    if (typeof l.padding === 'string' && !l.ceil && !(l.countIncludePad && l.padding === 'same'))
      return builtin(l.padding);

    // Explicit sides (PyTorch), plus the ceil-mode overhang at the bottom/right, which no engine counts.
    let [t, b, lf, r] =
      l.padding === 'valid'
        ? [0, 0, 0, 0]
        : l.padding === 'same'
          ? samePads(inH, inW, l, out)
          : sidesOf(l.padding);
    let [h, w] = [inH, inW];
    if (l.op === 'avgpool' && l.countIncludePad && t + b + lf + r > 0) {
      // count_include_pad: the explicit zeros are real inputs of the average; the overhang is not.
      x = this.zeroPad(x, rec, [t, b, lf, r]);
      [h, w] = [h + t + b, w + lf + r];
      [t, b, lf, r] = [0, 0, 0, 0];
    }
    const extraH = Math.max(0, (out[0] - 1) * l.strides[0] + l.pool[0] - (h + t + b));
    const extraW = Math.max(0, (out[1] - 1) * l.strides[1] + l.pool[1] - (w + lf + r));
    const pads: [number, number, number, number] = [t, b + extraH, lf, r + extraW];
    const oh = Math.floor((h + pads[0] + pads[1] - l.pool[0]) / l.strides[0]) + 1;
    const ow = Math.floor((w + pads[2] + pads[3] - l.pool[1]) / l.strides[1]) + 1;
    if (oh !== out[0] || ow !== out[1]) {
      throw new Error(`${n.id}: pooling gives ${oh}×${ow}, but the analysis says ${out[0]}×${out[1]}`);
    }
    if (pads.every((p) => p === 0)) return builtin('valid');
    return new PadPool2D({
      mode: l.op === 'maxpool' ? 'max' : 'avg',
      poolSize: l.pool,
      strides: l.strides,
      pads,
      name: this.name(name),
    }).apply(x) as ST;
  }

  concat(n: AnalysedNode, xs: ST[]): ST {
    const name = layerName(n.id);
    this.layers.set(n.id, { main: name });
    return tfl.layers.concatenate({ axis: -1, name: this.name(name) }).apply(xs) as ST;
  }

  add(n: AnalysedNode, x: ST, up: ST): ST {
    const name = layerName(n.id);
    const rec: NodeLayers = { main: name };
    this.layers.set(n.id, rec);
    let y = new ScaleAdd({ scale: n.scale ?? 1, name: this.name(name) }).apply([x, up]) as ST;
    if (n.activation === 'relu') y = this.relu(y, (rec.act = `${name}.relu`));
    return y;
  }
}

/** The main output node: the output of the last stage. */
function mainOutput(a: Analysis): string {
  const stages = a.groups.filter((g) => g.kind === 'stage');
  return stages[stages.length - 1].output;
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
    } else if (n.kind === 'concat') values.set(n.id, b.concat(n, n.inputs.map(get)));
    else if (n.kind === 'add') values.set(n.id, b.add(n, get(n.inputs[0]), get(n.inputs[1])));
    else values.set(n.id, b.layer(n, n.layer!, get(n.inputs[0])));
    // Every node's symbolic shape must be the analysis' shape; a mismatch names the node.
    const shape = values.get(n.id)!.shape.slice(1);
    if (shape.join('×') !== n.outShape.join('×')) {
      throw new Error(
        `${n.id}: the tfjs layer gives ${shape.join('×')}, the analysis ${n.outShape.join('×')}`,
      );
    }
  }
  if (!input) throw new Error('the analysis has no input node');

  const heads = [{ name: 'main', nodeId: mainOutput(a), lossWeight: 1 }];
  if (training) {
    for (const aux of a.spec.aux) {
      const g = a.groups.find((x) => x.kind === 'aux' && x.id === aux.name)!;
      heads.push({ name: aux.name, nodeId: g.output, lossWeight: aux.lossWeight });
    }
  }
  const head = opts.head ?? 'spec';
  const outputs: ModelOutput[] = [];
  const tensors: ST[] = [];
  for (const h of heads) {
    const node = a.nodes.find((n) => n.id === h.nodeId)!;
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
