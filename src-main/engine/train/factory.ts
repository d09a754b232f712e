/**
 * The default network factory for runs: the run's spec (zoo variant + recipe overrides) built as a tfjs
 * training graph, wrapped for the trainer, and initialised with the seeded scheme.
 */
import type { TrainableNet } from './net.js';
import type { RunMeta } from './types.js';

export async function createNet(meta: RunMeta): Promise<TrainableNet> {
  throw new Error(`the tfjs model builder is not available yet (cannot build ${meta.network})`);
}
