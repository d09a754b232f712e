/**
 * The default network factory for runs: the run's spec (zoo variant + the recipe's residual-scale
 * override) built as a tfjs training graph whose outputs are logits (main, then each aux head), and
 * initialised with the seeded scheme, so runs started together begin alike.
 */
import { buildModel } from '../tfjs/build-model.js';
import { initialiseWeights } from './init.js';
import { fromLayersModel, type TrainableNet } from './net.js';
import { runSpec } from './plan.js';
import { registerTelemetry } from './telemetry.js';
import type { RunMeta } from './types.js';

export async function createNet(meta: RunMeta): Promise<TrainableNet> {
  const built = buildModel(runSpec(meta), { graph: 'training', head: 'logits' });
  const aux = built.outputs.slice(1).map((o) => ({ name: o.name, weight: o.lossWeight }));
  const net = fromLayersModel(built.model, aux);
  registerTelemetry(net, built);
  initialiseWeights(
    net.weights.map((w) => ({ name: w.name, shape: w.shape, write: (t) => w.variable.assign(t) })),
    meta.seed,
    meta.init,
    built.outputs.map((o) => o.layerName),
  );
  return net;
}
