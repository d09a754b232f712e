/**
 * The inference engine's report, as engine.info carries it to the status bar. Types only, free of
 * Node and onnxruntime, so shared/protocol (and through it the renderer) can import them; ort.ts probes
 * the providers and inference.ts builds the report.
 */
import type { BackendName } from '../backend-types.js';

/** ORT execution providers this app knows, fastest first. */
export type OrtProvider = 'cuda' | 'dml' | 'coreml' | 'cpu';

export interface ProviderStatus {
  provider: OrtProvider;
  label: string;
  available: boolean;
  /** Why it is not used (or "in use"), in words a user can act on. */
  reason: string;
}

export interface OrtStatus {
  /** onnxruntime-node loaded and a provider works. */
  loaded: boolean;
  version?: string;
  /** The provider sessions are created with (CPU is always appended as the fallback). */
  provider?: OrtProvider;
  providers: ProviderStatus[];
  /** One line for the status bar. */
  summary: string;
  /** Why ORT is not used at all, when it is not. */
  error?: string;
}

export type InferenceEngineName = 'onnxruntime' | 'tfjs';

/** For the status bar: what runs inference, and why anything faster was skipped. */
export interface InferenceEngineReport {
  engine: InferenceEngineName;
  /** Short label, e.g. "ONNX Runtime 1.30.0 · CPU" or "TensorFlow.js · wasm". */
  label: string;
  /** ORT's load and provider-probe result (each provider with its reason). */
  ort: OrtStatus;
  /** The tfjs backend: the fallback for inference, and always the training engine. */
  tfjsBackend?: BackendName;
  /** Full sentences for the tooltip / `backends` CLI. */
  summary: string;
}
