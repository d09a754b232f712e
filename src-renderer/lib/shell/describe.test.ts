import { describe, expect, it } from 'vitest';
import type { BackendReport } from '../../../src-main/shared/protocol/index.js';
import { backendLabel, backendRows, describeExit } from './describe.js';

const statuses: BackendReport['statuses'] = [
  { name: 'tensorflow-gpu', available: false, reason: 'no CUDA 11.2' },
  { name: 'tensorflow', available: false, reason: 'not installed' },
  { name: 'wasm', available: true },
  { name: 'cpu', available: true, reason: 'slow' },
];

describe('backend rows for the status bar', () => {
  it('marks backends above the active one as skipped, with their reasons', () => {
    expect(backendRows({ active: 'wasm', statuses, simd: true })).toEqual([
      { name: 'tensorflow-gpu', label: 'TensorFlow GPU (CUDA)', state: 'skipped', reason: 'no CUDA 11.2' },
      { name: 'tensorflow', label: 'TensorFlow CPU (native)', state: 'skipped', reason: 'not installed' },
      { name: 'wasm', label: 'WebAssembly', state: 'active', reason: undefined },
      { name: 'cpu', label: 'JavaScript CPU', state: 'available', reason: 'slow' },
    ]);
  });

  it('says an available backend was passed over because another was forced', () => {
    const rows = backendRows({ active: 'cpu', statuses, forcedBy: 'env' });
    expect(rows[2]).toMatchObject({
      name: 'wasm',
      state: 'skipped',
      reason: 'available, but cpu was chosen with INCEPTION_BACKEND',
    });
    expect(backendRows({ active: 'cpu', statuses, forcedBy: 'flag' })[2].reason).toBe(
      'available, but cpu was chosen with --backend',
    );
  });

  it('labels wasm with its SIMD state', () => {
    expect(backendLabel({ active: 'wasm', statuses, simd: true })).toBe('WebAssembly (SIMD)');
    expect(backendLabel({ active: 'wasm', statuses, simd: false })).toBe('WebAssembly (no SIMD)');
    expect(backendLabel({ active: 'cpu', statuses })).toBe('JavaScript CPU');
  });

  it('describes how the engine stopped', () => {
    expect(describeExit({ code: null, signal: 'SIGKILL' })).toBe('killed by SIGKILL');
    expect(describeExit({ code: 3, signal: null })).toBe('exit code 3');
    expect(describeExit({ code: null, signal: null })).toBe('it exited');
  });
});
