/**
 * A tfjs model built by build-model.ts ↔ the engine-neutral WeightMap. Reading it is how weights
 * trained in the app reach ONNX Runtime (re-exported under a new weights version); writing it puts
 * a WeightMap (a file's, or the seeded random one) into a tfjs model so both engines run the same
 * numbers. Layouts need no change: the WeightMap is in TensorFlow layout already.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BuiltModel } from '../tfjs/build-model.js';
import { WEIGHT_KINDS, type NodeWeights, type WeightKind, type WeightMap } from './weights.js';

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
      if (fromBn === (kind === 'kernel' || kind === 'bias')) throw new Error(`${layerName}: ${suffix} on the wrong layer`);
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

/** Writes a WeightMap into the model; every weight the model has must be in the map with its shape. */
export function weightsIntoModel(built: BuiltModel, weights: WeightMap): void {
  const problems: string[] = [];
  const writes: [LayerWeight['variable'], tf.Tensor][] = [];
  for (const nodeId of built.layers.keys()) {
    for (const { kind, variable } of nodeWeights(built, nodeId)) {
      const t = weights[nodeId]?.[kind];
      if (!t) {
        problems.push(`${nodeId}/${kind}: missing`);
      } else if (t.shape.join() !== variable.shape.join()) {
        problems.push(`${nodeId}/${kind}: model has [${variable.shape.join(', ')}], map has [${t.shape.join(', ')}]`);
      } else {
        writes.push([variable, tf.tensor(t.data, t.shape, 'float32')]);
      }
    }
  }
  if (problems.length > 0) {
    writes.forEach(([, t]) => t.dispose());
    throw new Error(`weights do not fit the tfjs model of ${built.analysis.spec.id}:\n  ${problems.slice(0, 8).join('\n  ')}`);
  }
  for (const [v, t] of writes) {
    v.write(t);
    t.dispose();
  }
}

export { WEIGHT_KINDS };
