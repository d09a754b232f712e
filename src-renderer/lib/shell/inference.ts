/** The inference engine's report in the status bar's words: label, provider rows, tooltip lines. */
import type { InferenceEngineReport, OrtProvider } from '../../../src-main/shared/protocol/index.js';
import { BACKEND_LABELS, type RowState } from './describe.js';

const PROVIDER_SHORT: Record<OrtProvider, string> = {
  cuda: 'CUDA',
  dml: 'DirectML',
  coreml: 'CoreML',
  cpu: 'CPU',
};

/** "ONNX Runtime 1.30.0 · CPU", or "TensorFlow.js · WebAssembly" when ORT is not used. */
export function inferenceLabel(r: InferenceEngineReport): string {
  if (r.engine === 'onnxruntime' && r.ort.provider) {
    const name = r.ort.version ? `ONNX Runtime ${r.ort.version}` : 'ONNX Runtime';
    return `${name} · ${PROVIDER_SHORT[r.ort.provider]}`;
  }
  const b = r.tfjsBackend;
  return `TensorFlow.js · ${b ? (BACKEND_LABELS[b] ?? b) : '?'}`;
}

export interface ProviderRow {
  provider: OrtProvider;
  label: string;
  state: RowState;
  reason: string;
}

/**
 * One row per execution provider ORT tried, fastest first: those before the one in use were skipped
 * (with the engine's reason), those after it were not needed. Empty when ORT did not load.
 */
export function providerRows(r: InferenceEngineReport): ProviderRow[] {
  const used = r.engine === 'onnxruntime' ? r.ort.provider : undefined;
  const at = r.ort.providers.findIndex((p) => p.provider === used);
  return r.ort.providers.map((p, i) => {
    // A failed provider was skipped if ORT tried it on the way to the one in use (or tried all).
    const tried = at < 0 || i < at;
    const state =
      p.provider === used ? 'active' : p.available ? 'available' : tried ? 'skipped' : 'unavailable';
    return { provider: p.provider, label: p.label, state, reason: p.reason };
  });
}

/** Why ONNX Runtime is not used at all (undefined when it runs). */
export function ortProblem(r: InferenceEngineReport): string | undefined {
  if (r.engine === 'onnxruntime') return undefined;
  return r.ort.error ?? r.ort.summary;
}
