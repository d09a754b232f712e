/**
 * The tfjs side of InferenceService: plain inference with model.predict, and the activation pass as
 * one model whose outputs are every node's last layer (one forward pass, not layer by layer). Same
 * result form as OrtEngine: Float32Array + [N, H, W, C] (or [N, C]) per node id.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { BuiltModel } from '../tfjs/build-model.js';
import type { Activations, HostTensor } from './backend.js';
import type { TfjsRunner } from './inference.js';

/** The symbolic output of a node: after its activation, else its BN, else its main layer. */
function nodeOutput(built: BuiltModel, id: string): tfl.SymbolicTensor | null {
  const rec = built.layers.get(id);
  if (!rec) return null;
  const layer = built.model.getLayer(rec.act ?? rec.bn ?? rec.main);
  return layer.output as tfl.SymbolicTensor;
}

export class TfjsModelRunner implements TfjsRunner {
  private actModel: { ids: string[]; model: tfl.LayersModel } | null = null;
  private inputId: string;

  constructor(private built: BuiltModel) {
    this.inputId = built.analysis.nodes.find((n) => n.kind === 'input')!.id;
  }

  async infer(input: HostTensor, signal?: AbortSignal): Promise<HostTensor> {
    signal?.throwIfAborted();
    const x = tf.tensor(input.data, input.shape, 'float32');
    try {
      const y = this.built.model.predict(x) as tf.Tensor | tf.Tensor[];
      const main = Array.isArray(y) ? y[0]! : y;
      const out = { shape: [...main.shape], data: (await main.data()) as Float32Array };
      tf.dispose(y);
      return out;
    } finally {
      x.dispose();
    }
  }

  async activations(input: HostTensor, ids?: readonly string[], signal?: AbortSignal): Promise<Activations> {
    signal?.throwIfAborted();
    const all = this.activationModel();
    const wanted = ids ?? [this.inputId, ...all.ids];
    const unknown = wanted.filter((id) => id !== this.inputId && !this.built.layers.has(id));
    if (unknown.length > 0) throw new Error(`no node ${unknown.slice(0, 3).join(', ')} in the tfjs model`);
    const x = tf.tensor(input.data, input.shape, 'float32');
    const outs = all.model.predict(x) as tf.Tensor | tf.Tensor[];
    const list = Array.isArray(outs) ? outs : [outs];
    try {
      const byId = new Map(all.ids.map((id, i) => [id, list[i]!]));
      const result: Activations = {};
      for (const id of wanted) {
        if (id === this.inputId) {
          result[id] = { shape: [...input.shape], data: input.data };
          continue;
        }
        const t = byId.get(id)!;
        result[id] = { shape: [...t.shape], data: (await t.data()) as Float32Array };
        signal?.throwIfAborted();
      }
      return result;
    } finally {
      x.dispose();
      tf.dispose(list);
    }
  }

  dispose(): void {
    // The activation model shares the layers; disposing it would free the weights of `built.model`.
    this.actModel = null;
  }

  /** One model with every inference node as an output (built once; it shares the weights). */
  private activationModel(): { ids: string[]; model: tfl.LayersModel } {
    if (this.actModel) return this.actModel;
    const ids: string[] = [];
    const outputs: tfl.SymbolicTensor[] = [];
    for (const n of this.built.analysis.nodes) {
      if (n.aux !== undefined || n.kind === 'input') continue;
      const t = nodeOutput(this.built, n.id);
      if (!t) continue;
      ids.push(n.id);
      outputs.push(t);
    }
    const model = tfl.model({ inputs: this.built.model.inputs, outputs, name: `${this.built.analysis.spec.id}_activations` });
    this.actModel = { ids, model };
    return this.actModel;
  }
}
