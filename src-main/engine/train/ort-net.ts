/**
 * A run's network for the ONNX Runtime trainer: the analysed spec and its weights as named
 * Float32Arrays in TensorFlow layout, in the order and under the names of the tfjs training net
 * (factory.ts), so checkpoints are the same files on both engines. The tfjs model is built once, for
 * its names and the seeded initialiser (the same values createNet gives), then released.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Analysis } from '../../shared/analysis-types.js';
import type { WeightKind } from '../onnx/weights.js';
import { buildModel, layerName } from '../tfjs/build-model.js';
import { initialiseWeights } from './init.js';
import { fromLayersModel } from './net.js';
import { runSpec } from './plan.js';
import type { RunMeta } from './types.js';

export interface OrtWeight {
  /** The tfjs net's stable name (the checkpoint's key). */
  name: string;
  nodeId: string;
  kind: WeightKind;
  /** TensorFlow layout (conv kernels HWIO, dense [in, out]). */
  shape: number[];
  trainable: boolean;
  data: Float32Array;
}

export interface OrtNet {
  analysis: Analysis;
  weights: OrtWeight[];
  /** Aux heads in the tfjs net's order, with the spec's loss weight. */
  aux: { name: string; weight: number }[];
  /** Each dropout node, its mask key (the tfjs layer name, as seededDropout uses) and rate. */
  dropout: Map<string, { key: string; rate: number }>;
  /** Batch-norm momentum (Keras form) of each node with BN. */
  bnMomentum: Map<string, number>;
}

const KIND: Record<string, WeightKind> = {
  kernel: 'kernel',
  bias: 'bias',
  gamma: 'gamma',
  beta: 'beta',
  moving_mean: 'movingMean',
  moving_variance: 'movingVariance',
};

type LayerVar = tfl.LayerVariable & { val: tf.Variable };

export function createOrtNet(meta: RunMeta): OrtNet {
  const built = buildModel(runSpec(meta), { graph: 'training', head: 'logits' });
  try {
    const aux = built.outputs.slice(1).map((o) => ({ name: o.name, weight: o.lossWeight }));
    const net = fromLayersModel(built.model, aux);
    initialiseWeights(
      net.weights.map((w) => ({ name: w.name, shape: w.shape, write: (t) => w.variable.assign(t) })),
      meta.seed,
      meta.init,
      built.outputs.map((o) => o.layerName),
    );
    // Which node and kind each tfjs variable is, through the layers each node became.
    const owner = new Map<tf.Variable, { nodeId: string; kind: WeightKind }>();
    // A head's softmax is left out of a logits model, so not every recorded layer is in it.
    const present = new Set(built.model.layers.map((l) => l.name));
    for (const [nodeId, rec] of built.layers) {
      for (const name of [rec.main, rec.bn]) {
        if (!name || !present.has(name)) continue;
        for (const lv of built.model.getLayer(name).weights as LayerVar[]) {
          const suffix = lv.originalName.slice(lv.originalName.lastIndexOf('/') + 1);
          const kind = KIND[suffix];
          if (!kind) throw new Error(`${name}: unexpected weight ${lv.originalName}`);
          owner.set(lv.val, { nodeId, kind });
        }
      }
    }
    const weights = net.weights.map((w): OrtWeight => {
      const o = owner.get(w.variable);
      if (!o) throw new Error(`weight ${w.name} belongs to no analysed node`);
      return {
        name: w.name,
        ...o,
        shape: w.shape,
        trainable: w.trainable,
        data: (w.variable.dataSync() as Float32Array).slice(),
      };
    });
    const dropout = new Map<string, { key: string; rate: number }>();
    const bnMomentum = new Map<string, number>();
    for (const n of built.analysis.nodes) {
      const l = n.layer;
      if (l?.op === 'dropout') dropout.set(n.id, { key: layerName(n.id), rate: l.rate });
      if ((l?.op === 'conv' || l?.op === 'dense') && l.bn) bnMomentum.set(n.id, l.bn.momentum ?? 0.99);
    }
    return { analysis: built.analysis, weights, aux, dropout, bnMomentum };
  } finally {
    built.model.dispose();
  }
}
