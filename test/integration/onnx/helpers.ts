/** Shared set-up for the ONNX-vs-tfjs integration tests: a reduced network in both engines. */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { expect } from 'vitest';
import { analyse } from '../../../src-main/analysis/analyse.js';
import type { Analysis } from '../../../src-main/shared/analysis-types.js';
import type { HostTensor } from '../../../src-main/engine/onnx/backend.js';
import { TfjsActivationRunner } from '../../../src-main/engine/activations/tfjs-runner.js';
import { weightsFromModel } from '../../../src-main/engine/onnx/tfjs-weights.js';
import { randomWeights } from '../../../src-main/engine/onnx/weights.js';
import type { BuiltModel } from '../../../src-main/engine/tfjs/build-model.js';
import { buildNetwork } from '../../../src-main/zoo/index.js';
import type { FlavourId, NetworkId } from '../../../src-main/shared/spec.js';

/** The reference engine: tfjs' plain JavaScript backend (no SIMD or fused kernels to argue about). */
export async function useTfjsCpu(): Promise<void> {
  expect(await tf.setBackend('cpu')).toBe(true);
}

export interface Pair {
  analysis: Analysis;
  built: BuiltModel;
  /** The app's tfjs path (the inference fallback), holding the built model. */
  runner: TfjsActivationRunner;
}

/**
 * A reduced variant in tfjs with seeded random weights written into it (non-trivial BN statistics,
 * so a γ/β/mean/var mix-up would show). The ONNX side must take its weights from this model.
 */
export function reducedPair(id: NetworkId, flavour: FlavourId, width = 0.25, input = 75, seed = 5): Pair {
  const analysis = analyse(buildNetwork(id, { flavour, width, input, classes: 10 }));
  const runner = TfjsActivationRunner.create(analysis, randomWeights(analysis, seed));
  return { analysis, built: runner.built, runner };
}

/** The tfjs model's weights, as the app hands them to ONNX Runtime. */
export const weightsOf = (p: Pair) => weightsFromModel(p.built);

/** A smooth deterministic image in [-1, 1], NHWC with batch `n`. */
export function image(a: Analysis, n = 1): HostTensor {
  const [h, w, c] = a.spec.variant.input;
  const data = new Float32Array(n * h * w * c);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.37) * Math.cos(i * 0.011);
  return { shape: [n, h, w, c], data };
}

/** Largest |a − b| over two tensors of the same shape. */
export function maxAbsDiff(a: HostTensor, b: HostTensor): number {
  expect(b.shape).toEqual(a.shape);
  let d = 0;
  for (let i = 0; i < a.data.length; i++) d = Math.max(d, Math.abs(a.data[i]! - b.data[i]!));
  return d;
}
