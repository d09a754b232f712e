import { describe, expect, it } from 'vitest';
import type { InferenceEngineReport, ProviderStatus } from '../../../src-main/shared/protocol/index.js';
import { inferenceLabel, ortProblem, providerRows } from './inference.js';

const cudaMissing: ProviderStatus = {
  provider: 'cuda',
  label: 'CUDA 12 (NVIDIA GPU)',
  available: false,
  reason: 'the CUDA 12 provider is not installed',
};
const cpu: ProviderStatus = { provider: 'cpu', label: 'CPU', available: true, reason: 'in use' };

const onCpu: InferenceEngineReport = {
  engine: 'onnxruntime',
  label: 'ONNX Runtime 1.30.0 · CPU',
  ort: { loaded: true, version: '1.30.0', provider: 'cpu', providers: [cudaMissing, cpu], summary: '' },
  tfjsBackend: 'wasm',
  summary: '',
};

const disabled: InferenceEngineReport = {
  engine: 'tfjs',
  label: 'TensorFlow.js · wasm',
  ort: {
    loaded: false,
    providers: [],
    summary: 'ONNX Runtime not used: disabled',
    error: 'ONNX Runtime is disabled by INCEPTION_DISABLE_ORT=1',
  },
  tfjsBackend: 'wasm',
  summary: '',
};

describe('the inference engine in the status bar', () => {
  it('names the ORT version and provider, or the tfjs backend that serves instead', () => {
    expect(inferenceLabel(onCpu)).toBe('ONNX Runtime 1.30.0 · CPU');
    expect(inferenceLabel(disabled)).toBe('TensorFlow.js · WebAssembly');
  });

  it('marks a provider that failed before the one in use as skipped, with its reason', () => {
    expect(providerRows(onCpu)).toEqual([
      {
        provider: 'cuda',
        label: 'CUDA 12 (NVIDIA GPU)',
        state: 'skipped',
        reason: 'the CUDA 12 provider is not installed',
      },
      { provider: 'cpu', label: 'CPU', state: 'active', reason: 'in use' },
    ]);
  });

  it('on a GPU, the CPU provider below it was not needed', () => {
    const cudaOk = { ...cudaMissing, available: true, reason: 'in use' };
    const cpuSpare = { ...cpu, reason: 'not needed: CUDA 12 (NVIDIA GPU) runs' };
    const r: InferenceEngineReport = {
      ...onCpu,
      ort: { ...onCpu.ort, provider: 'cuda', providers: [cudaOk, cpuSpare] },
    };
    expect(inferenceLabel(r)).toBe('ONNX Runtime 1.30.0 · CUDA');
    expect(providerRows(r).map((x) => x.state)).toEqual(['active', 'available']);
  });

  it('when every provider failed, all were skipped and the problem is the reason', () => {
    const failed: InferenceEngineReport = {
      ...disabled,
      ort: { loaded: false, version: '1.30.0', providers: [cudaMissing], summary: 's', error: 'CUDA: x' },
    };
    expect(providerRows(failed).map((x) => x.state)).toEqual(['skipped']);
    expect(ortProblem(failed)).toBe('CUDA: x');
  });

  it('says why ORT is off only when it is off', () => {
    expect(ortProblem(onCpu)).toBeUndefined();
    expect(ortProblem(disabled)).toBe('ONNX Runtime is disabled by INCEPTION_DISABLE_ORT=1');
    expect(providerRows(disabled)).toEqual([]);
  });
});
