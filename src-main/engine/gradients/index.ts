/**
 * The gradient backend for a network and its weights: ONNX Runtime's backward graph wherever ORT
 * loads (the execution provider inference uses), else TensorFlow.js. Both are imported lazily, so
 * an engine without one still has the other. `lastChoice` says which was picked and why.
 */
import type { Analysis } from '../../shared/analysis-types.js';
import type { WeightMap } from '../onnx/weights.js';
import type { GradientBackend, GradientBackendName } from './types.js';

export interface GradientBackendChoice {
  name: GradientBackendName;
  /** Why (e.g. why ONNX Runtime was not used), in English. */
  reason: string;
}

export const GRADIENT_ENGINE_ENV = 'INCEPTION_GRADIENT_ENGINE';

let lastChoice: GradientBackendChoice | null = null;

/** Which backend the last createGradientBackend call returned, and why. */
export function gradientBackendChoice(): GradientBackendChoice | null {
  return lastChoice;
}

export async function createGradientBackend(
  analysis: Analysis,
  weights: WeightMap,
  /** 'auto' (default): ORT where it loads, else tfjs. INCEPTION_GRADIENT_ENGINE=tfjs forces tfjs. */
  prefer: 'auto' | GradientBackendName = (process.env[GRADIENT_ENGINE_ENV] as GradientBackendName) ?? 'auto',
): Promise<GradientBackend> {
  let why = 'TensorFlow.js was asked for';
  if (prefer !== 'tfjs') {
    try {
      const { createOrtGradientBackend } = await import('./ort.js');
      const b = await createOrtGradientBackend(analysis, weights);
      lastChoice = {
        name: 'onnxruntime',
        reason: `ONNX Runtime on ${(b as { provider?: string }).provider ?? 'cpu'}`,
      };
      return b;
    } catch (e) {
      if (prefer === 'onnxruntime') throw e;
      why = (e as Error).message.split('\n')[0]!;
    }
  }
  const { createTfjsGradientBackend } = await import('./tfjs.js');
  const b = await createTfjsGradientBackend(analysis, weights);
  lastChoice = { name: 'tfjs', reason: `TensorFlow.js: ${why}` };
  return b;
}
