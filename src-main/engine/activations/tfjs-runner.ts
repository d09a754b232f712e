/**
 * The TensorFlow.js path of the activation pass (the fallback when ONNX Runtime does not load):
 * the tfjs model from build-model.ts, given the WeightMap's tensors, plus a second model over the
 * same layers whose outputs are every node's value, so one predict() computes them all. Every
 * tensor it creates is disposed before the call returns (tf.memory() stays flat across runs).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { indexOf } from '../../shared/analysis-index.js';
import type { Analysis } from '../../shared/analysis-types.js';
import type { Activations, HostTensor } from '../onnx/backend.js';
import type { TfjsRunner } from '../onnx/inference.js';
import type { WeightMap, WeightTensor } from '../onnx/weights.js';
import { buildModel, type BuiltModel } from '../tfjs/build-model.js';

const tensorOf = (t: WeightTensor) => tf.tensor(t.data, t.shape, 'float32');

/** Copy a WeightMap into the built model's layers (kernel/bias, then BN γ/β/mean/var, as tfjs orders them). */
export function setModelWeights(built: BuiltModel, weights: WeightMap): void {
  for (const n of built.analysis.nodes) {
    const w = weights[n.id];
    const rec = built.layers.get(n.id);
    if (!w || !rec || !w.kernel) continue;
    const main = built.model.getLayer(rec.main);
    const mainW = [w.kernel, w.bias].filter((x): x is WeightTensor => Boolean(x)).map(tensorOf);
    main.setWeights(mainW);
    tf.dispose(mainW);
    if (rec.bn) {
      const bn = [w.gamma, w.beta, w.movingMean, w.movingVariance]
        .filter((x): x is WeightTensor => Boolean(x))
        .map(tensorOf);
      built.model.getLayer(rec.bn).setWeights(bn);
      tf.dispose(bn);
    }
  }
}

export class TfjsActivationRunner implements TfjsRunner {
  private readonly all: tfl.LayersModel;
  /** Node ids in the activation model's output order. */
  private readonly ids: string[];

  private constructor(
    readonly built: BuiltModel,
    private readonly inputId: string,
  ) {
    const outs: tfl.SymbolicTensor[] = [];
    this.ids = [];
    for (const n of built.analysis.nodes) {
      if (n.aux !== undefined || n.kind === 'input') continue;
      const rec = built.layers.get(n.id)!;
      // A node's value is its last layer: the activation, else the BN, else the layer itself.
      outs.push(built.model.getLayer(rec.act ?? rec.bn ?? rec.main).output as tfl.SymbolicTensor);
      this.ids.push(n.id);
    }
    this.all = tfl.model({
      inputs: built.model.inputs,
      outputs: outs,
      name: `${built.analysis.spec.id}_activations`,
    });
  }

  static create(analysis: Analysis, weights: WeightMap): TfjsActivationRunner {
    const built = buildModel(analysis);
    setModelWeights(built, weights);
    const input = indexOf(analysis).input!.id;
    return new TfjsActivationRunner(built, input);
  }

  async infer(input: HostTensor, signal?: AbortSignal): Promise<HostTensor> {
    signal?.throwIfAborted();
    const y = tf.tidy(() => this.built.model.predict(tf.tensor(input.data, input.shape)) as tf.Tensor);
    try {
      return { shape: y.shape, data: (await y.data()) as Float32Array };
    } finally {
      y.dispose();
    }
  }

  async activations(input: HostTensor, ids?: readonly string[], signal?: AbortSignal): Promise<Activations> {
    signal?.throwIfAborted();
    const wanted = new Set(ids ?? [this.inputId, ...this.ids]);
    const ys = tf.tidy(() => this.all.predict(tf.tensor(input.data, input.shape)) as tf.Tensor[]);
    const out: Activations = {};
    try {
      if (wanted.has(this.inputId)) out[this.inputId] = { shape: [...input.shape], data: input.data };
      for (let i = 0; i < ys.length; i++) {
        const id = this.ids[i]!;
        if (!wanted.has(id)) continue;
        out[id] = { shape: ys[i]!.shape, data: (await ys[i]!.data()) as Float32Array };
      }
    } finally {
      tf.dispose(ys);
    }
    signal?.throwIfAborted();
    return out;
  }

  dispose(): void {
    // The activation model shares the built model's layers: disposing the built model frees the weights.
    this.built.model.dispose();
  }
}
