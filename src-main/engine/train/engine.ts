/**
 * Which engine trains a run. ONNX Runtime (the compiled training graph) is the default wherever it
 * loads and can build the run's graph; TensorFlow.js is the fallback, with the reason recorded. The
 * execution provider is the one inference uses (onnx/ort.ts: CUDA 12, DirectML, CoreML, else CPU,
 * each with its reason). INCEPTION_TRAIN_ENGINE=tfjs|onnxruntime overrides a run's 'auto'.
 */
import { ortStatus, loadOrt } from '../onnx/ort.js';
import type { OrtTrainerDeps, TrainingGraphBuilder } from './ort-trainer.js';
import type { TrainEngineChoice } from './types.js';

export const TRAIN_ENGINE_ENV = 'INCEPTION_TRAIN_ENGINE';

/** The run's choice, else the environment's, else 'auto'. */
export function engineChoice(asked?: TrainEngineChoice): TrainEngineChoice {
  if (asked && asked !== 'auto') return asked;
  const env = process.env[TRAIN_ENGINE_ENV];
  return env === 'tfjs' || env === 'onnxruntime' ? env : 'auto';
}

/** ONNX Runtime, its provider and the graph builder, or why not. */
export async function ortTrainerDeps(): Promise<OrtTrainerDeps & { providerLabel: string }> {
  const status = await ortStatus();
  if (!status.loaded || !status.provider) {
    const why = status.error ?? status.summary;
    throw new Error(`ONNX Runtime is not available here (${why})`);
  }
  const ort = await loadOrt();
  const { buildTrainingGraph } = (await import('../onnx/backward/graph.js')) as {
    buildTrainingGraph: TrainingGraphBuilder;
  };
  const label = status.providers.find((p) => p.provider === status.provider)?.label ?? status.provider;
  return { ort, provider: status.provider, build: buildTrainingGraph, providerLabel: label };
}
