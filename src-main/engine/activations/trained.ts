/**
 * Weights trained in the app: a run's last checkpoint, put back into the run's own tfjs training
 * graph (the flat checkpoint is in that graph's weight order) and copied out as a WeightMap, so the
 * activation pass runs them like any other weights. Needs a tfjs backend (the engine has one).
 */
import { assertIntegrity } from '../weights/integrity.js';
import type { Analysis } from '../../shared/analysis-types.js';
import type { NetworkSelection } from '../../shared/spec.js';
import { weightsFromModel } from '../onnx/tfjs-weights.js';
import { buildModel } from '../tfjs/build-model.js';
import { fromLayersModel } from '../train/net.js';
import { runSpec } from '../train/plan.js';
import { assignWeights } from '../train/replica.js';
import { RunStore, runsDir } from '../train/store.js';
import { WeightsError, type LoadedWeights } from '../weights/types.js';

export interface TrainedWeights {
  analysis: Analysis;
  loaded: LoadedWeights;
  /** The run's network variant, so the UI can show the same graph. */
  network: NetworkSelection;
  step: number;
}

export function trainedWeights(runId: string, root = runsDir()): TrainedWeights {
  let store: RunStore;
  try {
    store = RunStore.open(root, runId);
  } catch {
    throw new WeightsError('not_found', `There is no training run ${JSON.stringify(runId)} in ${root}.`);
  }
  const meta = store.meta();
  const ckpt = store.loadCheckpoint();
  if (!ckpt) {
    throw new WeightsError(
      'not_found',
      `Run ${meta.name} has no checkpoint yet: let it train until its first checkpoint (every ${meta.checkpointEvery} steps).`,
    );
  }
  // The default head (softmax) holds the same weights as the run's logits head, and weightsFromModel
  // expects every spec layer to exist in the model.
  const built = buildModel(runSpec(meta), { graph: 'training' });
  try {
    const net = fromLayersModel(
      built.model,
      built.outputs.slice(1).map((o) => ({ name: o.name, weight: o.lossWeight })),
    );
    const want = net.weights.map((w) => w.name).join('|');
    if (ckpt.state.weights.map((w) => w.name).join('|') !== want) {
      throw new WeightsError(
        'mismatch',
        `The checkpoint of run ${meta.name} does not match its network (the weight names differ); it cannot be loaded.`,
      );
    }
    assignWeights(net.weights, ckpt.weights);
    const weights = weightsFromModel(built);
    // A run that diverged can checkpoint NaNs: refuse them here as from any file.
    assertIntegrity(built.analysis, weights, { file: `run ${meta.name}, step ${ckpt.state.step}` });
    const step = ckpt.state.step;
    return {
      analysis: built.analysis,
      network: {
        id: meta.network,
        flavour: meta.flavour,
        width: meta.width,
        input: meta.input,
        classes: meta.classes,
      },
      step,
      loaded: {
        weights,
        info: {
          kind: 'trained',
          label: `${meta.name} (trained in the app, step ${step})`,
          convention: 'spec',
          // The app's training pipeline scales pixels to [−1, 1] at the network's input size.
          preprocessing: 'keras',
          // Trained here on the run's own data, not on ImageNet: class names would mislead.
          imagenet: false,
          notes: [`run ${meta.id}, checkpoint at step ${step} of ${meta.steps}`],
          source: store.dir,
        },
      },
    };
  } finally {
    built.model.dispose();
  }
}
