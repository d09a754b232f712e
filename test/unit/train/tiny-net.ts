/** A tiny conv net with one auxiliary head, for testing the training loop without the zoo. */
import * as tfl from '@tensorflow/tfjs-layers';
import { fromLayersModel, type TrainableNet } from '../../../src-main/engine/train/net.js';
import { initialiseWeights } from '../../../src-main/engine/train/init.js';

let counter = 0;

export function tinyNet(
  input: [number, number, number],
  classes: number,
  seed = 1,
  auxWeight = 0.3,
  auxName = 'aux',
  dropout = 0,
): TrainableNet {
  const p = `tiny${counter++}`;
  const x = tfl.input({ shape: input });
  const c1 = tfl.layers
    .conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', useBias: false, name: `${p}_c1` })
    .apply(x);
  const b1 = tfl.layers.batchNormalization({ scale: false, name: `${p}_b1` }).apply(c1);
  const r1 = tfl.layers.activation({ activation: 'relu', name: `${p}_r1` }).apply(b1);
  const c2 = tfl.layers
    .conv2d({ filters: 16, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: `${p}_c2` })
    .apply(r1);
  const pooled = tfl.layers.globalAveragePooling2d({ name: `${p}_gap` }).apply(c2);
  const g = dropout > 0 ? tfl.layers.dropout({ rate: dropout, name: 'drop' }).apply(pooled) : pooled;
  const main = tfl.layers.dense({ units: classes, name: `${p}_logits` }).apply(g) as tfl.SymbolicTensor;
  const ga = tfl.layers.globalAveragePooling2d({ name: `${p}_agap` }).apply(r1);
  const aux = tfl.layers.dense({ units: classes, name: `${p}_aux` }).apply(ga) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: x, outputs: [main, aux] });
  const net = fromLayersModel(model, [{ name: auxName, weight: auxWeight }]);
  // Stable names without the per-model prefix, so two tiny nets share checkpoint names.
  for (const w of net.weights) w.name = w.name.replace(`${p}_`, '');
  initialiseWeights(
    net.weights.map((w) => ({ name: w.name, shape: w.shape, write: (t) => w.variable.assign(t) })),
    seed,
    'glorot-uniform',
  );
  return net;
}
