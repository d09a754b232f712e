/** What every handler may need to know about the engine process it runs in. */
import type { BackendReport } from '../engine/backends.js';
import { InferenceService } from '../engine/onnx/inference.js';
import type { ShellKind } from '../shared/protocol/index.js';

export interface EngineEnv {
  /** Resolves once TensorFlow.js has its backend; rejects if no backend could start. */
  backend: Promise<BackendReport>;
  /**
   * The process' one inference service (ONNX Runtime, else tfjs), created on first call: engine.info
   * reports it, the activation pass and ONNX export run on it.
   */
  inference: () => Promise<InferenceService>;
  shell: ShellKind;
  startedAt: number;
  /** How many times the main side restarted the engine before this process. */
  restarts: number;
  version: string;
}

/**
 * A getter for one InferenceService, created on its first call. It waits for tfjs only to name the
 * fallback backend in its report; when tfjs has no backend, ORT still serves.
 */
export function lazyInference(
  backend: Promise<BackendReport>,
  log?: (msg: string) => void,
): () => Promise<InferenceService> {
  let service: Promise<InferenceService> | null = null;
  return () =>
    (service ??= backend.then(
      (tfjs) => InferenceService.create({ tfjs, log }),
      () => InferenceService.create({ log }),
    ));
}
