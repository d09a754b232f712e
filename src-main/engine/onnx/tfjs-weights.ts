/**
 * A tfjs model built by build-model.ts → the engine-neutral WeightMap. This is how weights trained
 * (or loaded) in tfjs reach ONNX Runtime: re-exported under a new weights version. No layout change:
 * the WeightMap is in TensorFlow layout already. (The other direction is activations/tfjs-runner.ts'
 * setModelWeights.)
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { BuiltModel } from '../tfjs/build-model.js';
import type { NodeWeights, WeightKind, WeightMap } from './weights.js';

/** tfjs/Keras weight suffix → WeightMap kind. */
const KIND: Record<string, WeightKind> = {
  kernel: 'kernel',
  bias: 'bias',
  gamma: 'gamma',
  beta: 'beta',
  moving_mean: 'movingMean',
  moving_variance: 'movingVariance',
};

interface LayerWeight {
  kind: WeightKind;
  variable: { read(): tf.Tensor; write(t: tf.Tensor): void; shape: number[]; originalName: string };
}

/** Every weight variable of a node's layers (main conv/dense, then its BN), tagged with its kind. */
function nodeWeights(built: BuiltModel, nodeId: string): LayerWeight[] {
  const rec = built.layers.get(nodeId);
  if (!rec) return [];
  const out: LayerWeight[] = [];
  for (const layerName of [rec.main, rec.bn]) {
    if (!layerName) continue;
    const layer = built.model.getLayer(layerName);
    const fromBn = layerName === rec.bn;
    for (const v of layer.weights) {
      const suffix = v.originalName.slice(v.originalName.lastIndexOf('/') + 1);
      const kind = KIND[suffix];
      if (!kind) throw new Error(`${layerName}: unexpected weight ${v.originalName}`);
      // A conv's own bias and its BN's β are different tensors; only BN weights come from the BN layer.
      if (fromBn === (kind === 'kernel' || kind === 'bias'))
        throw new Error(`${layerName}: ${suffix} on the wrong layer`);
      out.push({ kind, variable: v as unknown as LayerWeight['variable'] });
    }
  }
  return out;
}

/** The model's current weights (random, loaded or trained) as a WeightMap; copies the data. */
export function weightsFromModel(built: BuiltModel): WeightMap {
  const map: WeightMap = {};
  for (const nodeId of built.layers.keys()) {
    const ws = nodeWeights(built, nodeId);
    if (ws.length === 0) continue;
    const entry: NodeWeights = {};
    for (const { kind, variable } of ws) {
      const t = variable.read();
      entry[kind] = { shape: [...t.shape], data: t.dataSync() as Float32Array };
    }
    map[nodeId] = entry;
  }
  return map;
}
