/**
 * Which engine runs inference and the activation pass: onnxruntime whenever it loads, TensorFlow.js
 * otherwise, with the reason in the report. A per-network ORT failure (an export the runtime refuses,
 * a corrupt model file) also falls back to tfjs for that network and says why; callers get the same
 * tensors either way, tagged with the engine that produced them.
 */
import type { BackendReport } from '../backends.js';
import { OrtEngine, type Activations, type HostTensor, type OrtRunInfo, type PassResult } from './backend.js';
import { DISABLE_ENV, ortStatus, type OrtStatus } from './ort.js';
import type { InferenceEngineName, InferenceEngineReport } from './report-types.js';
import type { OnnxNetwork } from './session-cache.js';

// The report types are Node-free (engine.info carries them to the renderer); re-exported here.
export type { InferenceEngineName, InferenceEngineReport };

/** The tfjs path for the same network and weights, supplied by the tfjs side. */
export interface TfjsRunner {
  infer(input: HostTensor, signal?: AbortSignal): Promise<HostTensor>;
  activations(input: HostTensor, ids?: readonly string[], signal?: AbortSignal): Promise<Activations>;
}

export interface RunnableNetwork extends OnnxNetwork {
  tfjs: TfjsRunner;
}

export interface EngineResult<T> {
  result: T;
  engine: InferenceEngineName;
  /** Set when ORT was expected but this call ran on tfjs. */
  fallback?: string;
}

const LABEL: Record<string, string> = { cuda: 'CUDA', dml: 'DirectML', coreml: 'CoreML', cpu: 'CPU' };

export function inferenceEngineReport(ort: OrtStatus, tfjs?: BackendReport): InferenceEngineReport {
  const tfjsBackend = tfjs?.active;
  const tfjsLabel = `TensorFlow.js · ${tfjsBackend ?? 'no backend'}`;
  if (ort.loaded) {
    return {
      engine: 'onnxruntime',
      label: `ONNX Runtime ${ort.version} · ${LABEL[ort.provider!]}`,
      ort,
      tfjsBackend,
      summary: `Inference and activations: ${ort.summary}. Training: ${tfjsLabel}.`,
    };
  }
  return {
    engine: 'tfjs',
    label: tfjsLabel,
    ort,
    tfjsBackend,
    summary: `Inference, activations and training: ${tfjsLabel}. ${ort.summary}.`,
  };
}

export class InferenceService {
  private constructor(
    readonly report: InferenceEngineReport,
    private ort: OrtEngine | null,
    private log: (msg: string) => void,
  ) {}

  /** Never throws for ORT problems: they become the report's reason and tfjs serves every call. */
  static async create(
    opts: { tfjs?: BackendReport; log?: (msg: string) => void } = {},
  ): Promise<InferenceService> {
    const log = opts.log ?? ((m: string) => console.warn(m));
    const status = await ortStatus();
    let engine: OrtEngine | null = null;
    if (status.loaded) {
      try {
        engine = await OrtEngine.create();
      } catch (e) {
        Object.assign(status, { loaded: false, error: (e as Error).message, summary: (e as Error).message });
      }
    }
    const report = inferenceEngineReport(status, opts.tfjs);
    if (!engine) {
      const how = process.env[DISABLE_ENV] === '1' ? '' : ` (set ${DISABLE_ENV}=1 to skip this check)`;
      log(`${status.summary}; inference falls back to TensorFlow.js${how}.`);
    }
    return new InferenceService(report, engine, log);
  }

  get engine(): InferenceEngineName {
    return this.report.engine;
  }

  /** Timing of the last ONNX Runtime run: the run itself, and the export + session build when it had to. */
  get lastOrtRun(): OrtRunInfo | undefined {
    return this.ort?.lastRun;
  }

  infer(net: RunnableNetwork, input: HostTensor, signal?: AbortSignal): Promise<EngineResult<HostTensor>> {
    return this.route(
      net,
      (o) => o.infer(net, input, signal),
      () => net.tfjs.infer(input, signal),
    );
  }

  activations(
    net: RunnableNetwork,
    input: HostTensor,
    ids?: readonly string[],
    signal?: AbortSignal,
  ): Promise<EngineResult<Activations>> {
    return this.route(
      net,
      (o) => o.activations(net, input, ids, signal),
      () => net.tfjs.activations(input, ids, signal),
    );
  }

  /** The activation pass for the viewer: on ORT stats plus feature maps on demand, on tfjs every tensor. */
  activationPass(
    net: RunnableNetwork,
    input: HostTensor,
    signal?: AbortSignal,
  ): Promise<EngineResult<PassResult>> {
    return this.route(
      net,
      (o) => o.pass(net, input, signal),
      async () => ({ tensors: await net.tfjs.activations(input, undefined, signal), measured: {} }),
    );
  }

  /** Drop cached ORT sessions of a network (the weights-version key normally makes this unnecessary). */
  invalidate(net?: OnnxNetwork): void {
    this.ort?.invalidate(net);
  }

  dispose(): void {
    this.ort?.dispose();
  }

  private async route<T>(
    net: RunnableNetwork,
    onOrt: (o: OrtEngine) => Promise<T>,
    onTfjs: () => Promise<T>,
  ): Promise<EngineResult<T>> {
    if (!this.ort) return { result: await onTfjs(), engine: 'tfjs' };
    try {
      return { result: await onOrt(this.ort), engine: 'onnxruntime' };
    } catch (e) {
      if (isAbort(e)) throw e;
      const why = (e as Error).message.split('\n')[0];
      const fallback = `ONNX Runtime failed on ${net.analysis.spec.id} (${why}); this run used TensorFlow.js instead`;
      this.log(fallback);
      return { result: await onTfjs(), engine: 'tfjs', fallback };
    }
  }
}

/** Cancellations pass through untouched; only real ORT failures fall back. */
const isAbort = (e: unknown) => e instanceof Error && e.name === 'AbortError';
