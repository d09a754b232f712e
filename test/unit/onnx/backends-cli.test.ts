/** `inception-explorer backends`: the inference part, as text a user reads. */
import { afterEach, expect, test } from 'vitest';
import { formatInference } from '../../../src-main/cli/commands/backends.js';
import { ortStatus, resetOrtStatus, type OrtStatus } from '../../../src-main/engine/onnx/ort.js';

afterEach(() => {
  delete process.env.INCEPTION_DISABLE_ORT;
  resetOrtStatus();
});

test('names the provider in use and why the faster one was skipped', () => {
  const ort: OrtStatus = {
    loaded: true,
    version: '1.30.0',
    provider: 'cpu',
    providers: [
      { provider: 'cuda', label: 'CUDA 12 (NVIDIA GPU)', available: false, reason: 'not installed' },
      { provider: 'cpu', label: 'CPU', available: true, reason: 'in use' },
    ],
    summary: '',
  };
  const lines = formatInference(ort, 'wasm').split('\n');
  expect(lines[0]).toBe('Inference: ONNX Runtime 1.30.0, execution providers fastest first:');
  expect(lines[1]).toBe('  no   CUDA 12 (NVIDIA GPU)  not installed');
  expect(lines[2]).toBe('  yes  CPU                   ← in use');
  expect(lines[3]).toBe('TensorFlow.js stays the fallback for inference and runs training.');
});

test('without ONNX Runtime it says why, and that TensorFlow.js serves inference', async () => {
  process.env.INCEPTION_DISABLE_ORT = '1';
  resetOrtStatus();
  const text = formatInference(await ortStatus(), 'wasm');
  expect(text.split('\n').slice(0, 2)).toEqual([
    'Inference: TensorFlow.js (wasm). ONNX Runtime is not used: ONNX Runtime is disabled by INCEPTION_DISABLE_ORT=1.',
    'TensorFlow.js serves inference and the activation pass (slower; training is unaffected).',
  ]);
});
