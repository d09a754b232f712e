/**
 * Loading onnxruntime-node and choosing its execution provider, with a report in words a user can
 * act on. onnxruntime-node is imported lazily: if its native binary cannot load (unsupported
 * platform, stripped package, INCEPTION_DISABLE_ORT=1), the engine falls back to TensorFlow.js.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { availableParallelism } from 'node:os';
import type * as OrtTypes from 'onnxruntime-node';
import { OPSET, IR_VERSION, encodeModel, floatTensor, valueInfo } from './proto.js';

import type { OrtProvider, OrtStatus, ProviderStatus } from './report-types.js';

// The status types are Node-free (the renderer shows them); re-exported so importers are unchanged.
export type { OrtProvider, OrtStatus, ProviderStatus };

export type Ort = typeof OrtTypes;

export const DISABLE_ENV = 'INCEPTION_DISABLE_ORT';
export const PROVIDER_ENV = 'INCEPTION_ORT_PROVIDER';
export const THREADS_ENV = 'INCEPTION_ORT_THREADS';

const LABELS: Record<OrtProvider, string> = {
  cuda: 'CUDA 12 (NVIDIA GPU)',
  dml: 'DirectML (Windows GPU)',
  coreml: 'CoreML (Apple)',
  cpu: 'CPU',
};

export const CUDA_INSTALL_HINT =
  'ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install.js';

/** The providers worth trying on this platform, fastest first. */
export function candidateProviders(platform = process.platform): OrtProvider[] {
  if (platform === 'linux') return ['cuda', 'cpu'];
  if (platform === 'win32') return ['dml', 'cpu'];
  if (platform === 'darwin') return ['coreml', 'cpu'];
  return ['cpu'];
}

let ortPromise: Promise<Ort> | null = null;
let statusPromise: Promise<OrtStatus> | null = null;

/** Import onnxruntime-node once. Rejects with a readable message when disabled or not loadable. */
export function loadOrt(): Promise<Ort> {
  if (process.env[DISABLE_ENV] === '1') {
    return Promise.reject(new Error(`ONNX Runtime is disabled by ${DISABLE_ENV}=1`));
  }
  ortPromise ??= import('onnxruntime-node').then(
    (m) => {
      const ort = (m as unknown as { default?: Ort }).default ?? (m as unknown as Ort);
      // Provider probes log C++ errors at 'warning'; failures reach us as exceptions anyway.
      ort.env.logLevel = 'fatal';
      return ort;
    },
    (e: unknown) => {
      ortPromise = null;
      const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
      throw new Error(`onnxruntime-node could not be loaded on ${process.platform}/${process.arch}: ${why}`, {
        cause: e,
      });
    },
  );
  return ortPromise;
}

/** Folder holding the native binding and provider libraries of the installed onnxruntime-node. */
function ortBinDir(): string | null {
  try {
    const main = createRequire(import.meta.url).resolve('onnxruntime-node');
    return join(dirname(main), '..', 'bin', 'napi-v6', process.platform, process.arch);
  } catch {
    return null;
  }
}

/** A one-Add model: enough to see whether a provider can create a session at all. */
function probeModel(): Uint8Array {
  return encodeModel({
    irVersion: IR_VERSION,
    producerName: 'inception-explorer-probe',
    producerVersion: '0',
    opsetImport: [{ domain: '', version: OPSET }],
    graph: {
      name: 'probe',
      node: [{ name: 'add', opType: 'Add', input: ['x', 'one'], output: ['y'] }],
      initializer: [floatTensor('one', [1], new Float32Array([1]))],
      input: [valueInfo('x', [1])],
      output: [valueInfo('y', [1])],
    },
  });
}

async function tryProvider(ort: Ort, provider: OrtProvider): Promise<string | null> {
  try {
    const s = await ort.InferenceSession.create(probeModel(), { executionProviders: [provider] });
    const r = await s.run({ x: new ort.Tensor('float32', new Float32Array([41]), [1]) });
    await s.release();
    const y = (r.y!.data as Float32Array)[0];
    return y === 42 ? null : `it computed 41 + 1 = ${y}`;
  } catch (e) {
    return (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 240);
  }
}

async function probeProvider(ort: Ort, provider: OrtProvider): Promise<ProviderStatus> {
  const status = (available: boolean, reason: string): ProviderStatus => ({
    provider,
    label: LABELS[provider],
    available,
    reason,
  });
  const supported = new Set(ort.listSupportedBackends().map((b) => b.name));
  if (!supported.has(provider)) {
    return status(false, `this onnxruntime-node build has no ${LABELS[provider]} provider`);
  }
  if (provider === 'cuda') {
    const bin = ortBinDir();
    if (!bin || !existsSync(join(bin, 'libonnxruntime_providers_cuda.so'))) {
      return status(
        false,
        `the CUDA 12 provider is not installed (on a machine with network: ${CUDA_INSTALL_HINT})`,
      );
    }
  }
  const err = await tryProvider(ort, provider);
  if (err === null) return status(true, 'works');
  const hint =
    provider === 'cuda'
      ? ' (needs an NVIDIA driver, CUDA 12 and cuDNN 9 libraries on the library path)'
      : provider === 'dml'
        ? ' (needs a DirectX 12 GPU)'
        : '';
  return status(false, `failed to start: ${err}${hint}`);
}

/**
 * Load ORT and probe its providers once per process: the first working one in
 * candidateProviders() is used, unless INCEPTION_ORT_PROVIDER forces one.
 */
export function ortStatus(): Promise<OrtStatus> {
  statusPromise ??= computeStatus();
  return statusPromise;
}

/** Forget the cached load/probe results (tests flip INCEPTION_DISABLE_ORT between cases). */
export function resetOrtStatus(): void {
  statusPromise = null;
}

async function computeStatus(): Promise<OrtStatus> {
  let ort: Ort;
  try {
    ort = await loadOrt();
  } catch (e) {
    const error = (e as Error).message;
    return { loaded: false, providers: [], summary: `ONNX Runtime not used: ${error}`, error };
  }
  const version = ort.env.versions.node ?? ort.env.versions.common;
  const forced = process.env[PROVIDER_ENV] as OrtProvider | undefined;
  const candidates = candidateProviders();
  if (forced && !(forced in LABELS)) {
    const error = `${PROVIDER_ENV}=${forced} is not one of ${Object.keys(LABELS).join(', ')}`;
    return { loaded: false, version, providers: [], summary: `ONNX Runtime not used: ${error}`, error };
  }
  const order = forced ? [forced] : candidates;
  const providers: ProviderStatus[] = [];
  let chosen: OrtProvider | undefined;
  for (const p of order) {
    if (chosen) {
      providers.push({
        provider: p,
        label: LABELS[p],
        available: true,
        reason: `not needed: ${LABELS[chosen]} runs`,
      });
      continue;
    }
    const s = await probeProvider(ort, p);
    providers.push(s);
    if (s.available) {
      chosen = p;
      s.reason = forced ? `in use (forced by ${PROVIDER_ENV})` : 'in use';
    }
  }
  if (!chosen) {
    const error = providers.map((p) => `${p.label}: ${p.reason}`).join('; ');
    return { loaded: false, version, providers, summary: `ONNX Runtime not used: ${error}`, error };
  }
  const skipped = providers.filter((p) => !p.available).map((p) => `${p.label} skipped: ${p.reason}`);
  const summary = [`ONNX Runtime ${version} on ${LABELS[chosen]}`, ...skipped].join('. ');
  return { loaded: true, version, provider: chosen, providers, summary };
}

/**
 * Session options every app session uses. `share`: how many sessions run at once on this machine
 * (training runs side by side): each then gets its part of the cores and its threads do not spin
 * while waiting, so the sessions do not take each other's cores.
 */
export function sessionOptions(provider: OrtProvider, share = 1): OrtTypes.InferenceSession.SessionOptions {
  const threads = Number(process.env[THREADS_ENV]);
  const opts: OrtTypes.InferenceSession.SessionOptions = {
    executionProviders: provider === 'cpu' ? ['cpu'] : [provider, 'cpu'],
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
  };
  if (Number.isInteger(threads) && threads > 0) opts.intraOpNumThreads = threads;
  else if (share > 1) opts.intraOpNumThreads = Math.max(1, Math.floor(availableParallelism() / share));
  if (share > 1) opts.extra = { session: { intra_op: { allow_spinning: '0' } } };
  return opts;
}
