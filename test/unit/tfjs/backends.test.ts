import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import {
  BACKEND_ORDER,
  BackendUnavailableError,
  initBackend,
  nativeStatus,
  probeBackends,
  requestedBackend,
} from '../../../src-main/engine/backends.js';
import {
  explainMissingLibraries,
  findMissingLibraries,
  probeNativeAt,
  resolveNative,
} from '../../../src-main/engine/tfjs/native-probe.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/native');

describe('requestedBackend', () => {
  test('reads --backend=NAME and --backend NAME', () => {
    expect(requestedBackend(['node', 'cli', '--backend=wasm'], {})).toBe('wasm');
    expect(requestedBackend(['node', 'cli', 'infer', '--backend', 'cpu', 'x.jpg'], {})).toBe('cpu');
  });
  test('falls back to INCEPTION_BACKEND, and the flag wins over it', () => {
    expect(requestedBackend(['node', 'cli'], { INCEPTION_BACKEND: 'tensorflow' })).toBe('tensorflow');
    expect(requestedBackend(['node', 'cli', '--backend=cpu'], { INCEPTION_BACKEND: 'tensorflow' })).toBe(
      'cpu',
    );
  });
  test('nothing requested gives undefined; an empty variable counts as unset', () => {
    expect(requestedBackend(['node', 'cli'], {})).toBeUndefined();
    expect(requestedBackend(['node', 'cli'], { INCEPTION_BACKEND: '' })).toBeUndefined();
  });
  test('an unknown name or a missing value is an error that lists the choices', () => {
    expect(() => requestedBackend(['--backend=gpu'], {})).toThrow(
      /Unknown backend 'gpu'.*tensorflow-gpu, tensorflow, wasm, cpu/,
    );
    expect(() => requestedBackend([], { INCEPTION_BACKEND: 'webgl' })).toThrow(/INCEPTION_BACKEND/);
    expect(() => requestedBackend(['--backend'], {})).toThrow(/needs a name/);
  });
});

describe('native probe messages', () => {
  const tfLog =
    "2024-01-01 W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library 'libcudart.so.11.0'; dlerror: libcudart.so.11.0: cannot open shared object file: No such file or directory\n" +
    "2024-01-01 W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library 'libnvinfer.so.7'; dlerror: libnvinfer.so.7: cannot open shared object file\n" +
    "2024-01-01 W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library 'libcudnn.so.8'; dlerror: libcudnn.so.8: cannot open shared object file\n";
  test('finds each missing library once and ignores optional TensorRT', () => {
    expect(findMissingLibraries(tfLog)).toEqual(['libcudart.so.11.0', 'libcudnn.so.8']);
  });
  test('names the requirement behind each library', () => {
    expect(explainMissingLibraries(['libcudart.so.11.0'])).toBe(
      'needs CUDA 11.2 (libcudart.so.11.0 was not found)',
    );
    expect(explainMissingLibraries(['libcudnn.so.8'])).toBe('needs cuDNN 8.1 (libcudnn.so.8 was not found)');
  });
  test('a GPU package that loads without a GPU is unavailable, with what it missed', () => {
    const s = nativeStatus('tensorflow-gpu', {
      installed: true,
      loaded: true,
      gpu: false,
      missingLibraries: ['libcudnn.so.8'],
    });
    expect(s.available).toBe(false);
    expect(s.reason).toMatch(/sees no GPU/);
    expect(s.reason).toMatch(/needs cuDNN 8\.1 \(libcudnn\.so\.8 was not found\)/);
    expect(
      nativeStatus('tensorflow', { installed: true, loaded: true, gpu: false, missingLibraries: [] }),
    ).toEqual({
      name: 'tensorflow',
      available: true,
    });
  });
});

describe('probeNativeAt (child process)', () => {
  const gpu = '@tensorflow/tfjs-node-gpu' as const;
  test('not installed', async () => {
    const p = await probeNativeAt(gpu, undefined, 30_000);
    expect(p).toMatchObject({ installed: false, loaded: false });
    expect(p.reason).toMatch(/not installed.*npm install @tensorflow\/tfjs-node-gpu/);
  });
  test('loads and sees a GPU', async () => {
    expect(await probeNativeAt(gpu, path.join(fixtures, 'gpu-ok.mjs'), 30_000)).toMatchObject({
      loaded: true,
      gpu: true,
    });
  });
  test('loads without a GPU and reports the missing cuDNN from TensorFlow’s stderr', async () => {
    const p = await probeNativeAt(gpu, path.join(fixtures, 'gpu-missing-cudnn.mjs'), 30_000);
    expect(p).toMatchObject({ loaded: true, gpu: false, missingLibraries: ['libcudnn.so.8'] });
    expect(nativeStatus('tensorflow-gpu', p).reason).toMatch(/needs cuDNN 8\.1/);
  });
  test('a load error names the missing library and what provides it', async () => {
    const p = await probeNativeAt(gpu, path.join(fixtures, 'load-fails-cudart.cjs'), 30_000);
    expect(p.loaded).toBe(false);
    expect(p.reason).toBe(
      '@tensorflow/tfjs-node-gpu could not load: needs CUDA 11.2 (libcudart.so.11.0 was not found).',
    );
  });
  test('a crash while loading is reported, not fatal to the caller', async () => {
    const p = await probeNativeAt('@tensorflow/tfjs-node', path.join(fixtures, 'crashes.mjs'), 30_000);
    expect(p.loaded).toBe(false);
    expect(p.reason).toMatch(/illegal instruction.*AVX/);
  });
});

describe('initBackend and probeBackends', () => {
  const savedEnv = process.env.INCEPTION_BACKEND;
  afterEach(() => {
    if (savedEnv === undefined) delete process.env.INCEPTION_BACKEND;
    else process.env.INCEPTION_BACKEND = savedEnv;
  });

  test('automatic choice: the first available in order, with a reason for every skipped backend', async () => {
    delete process.env.INCEPTION_BACKEND;
    const report = await initBackend();
    expect(report.statuses.map((s) => s.name)).toEqual([...BACKEND_ORDER]);
    for (const s of report.statuses) if (!s.available) expect(s.reason).toMatch(/\w{10,}/);
    const first = report.statuses.find((s) => s.available)!;
    expect(report.active).toBe(first.name);
    expect(tf.getBackend()).toBe(report.active === 'tensorflow-gpu' ? 'tensorflow' : report.active);
    expect(report.forcedBy).toBeUndefined();
    // Where the native packages are absent (as on the project's machines), the reason says how to get them.
    for (const [name, pkg] of [
      ['tensorflow-gpu', '@tensorflow/tfjs-node-gpu'],
      ['tensorflow', '@tensorflow/tfjs-node'],
    ] as const) {
      if (!resolveNative(pkg))
        expect(report.statuses.find((s) => s.name === name)!.reason).toMatch(/not installed.*npm install/);
    }
    if (report.active === 'wasm') expect(report.simd).toBe(true);
    expect(report.statuses.find((s) => s.name === 'cpu')!.reason).toMatch(/40× slower than wasm/);
  });

  test('a forced backend that is unavailable fails with a clear message instead of falling back', async () => {
    const before = tf.getBackend();
    const err = await initBackend({ force: 'wasm', wasmDir: '/nonexistent/wasm' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendUnavailableError);
    expect((err as Error).message).toMatch(
      /^Backend 'wasm' was requested \(--backend=wasm\) but is not available: the wasm binaries .* are not in \/nonexistent\/wasm\/\. Set INCEPTION_WASM_DIR/,
    );
    expect(tf.getBackend()).toBe(before);
  });

  test('INCEPTION_BACKEND forces a backend and the report says so', async () => {
    process.env.INCEPTION_BACKEND = 'cpu';
    const report = await initBackend();
    expect(report).toMatchObject({ active: 'cpu', forcedBy: 'env' });
    expect(tf.getBackend()).toBe('cpu');
    process.env.INCEPTION_BACKEND = 'tensorflow-gpu';
    if (!resolveNative('@tensorflow/tfjs-node-gpu')) {
      await expect(initBackend()).rejects.toThrow(
        /^Backend 'tensorflow-gpu' was requested \(INCEPTION_BACKEND=tensorflow-gpu\) but is not available: @tensorflow\/tfjs-node-gpu is not installed/,
      );
    }
  });

  test('missing wasm files make wasm unavailable with the reason, and the choice moves on to cpu', async () => {
    delete process.env.INCEPTION_BACKEND;
    const report = await initBackend({ wasmDir: '/nonexistent/wasm' });
    const wasm = report.statuses.find((s) => s.name === 'wasm')!;
    expect(wasm.available).toBe(false);
    expect(wasm.reason).toMatch(/INCEPTION_WASM_DIR/);
    if (!report.statuses.slice(0, 2).some((s) => s.available)) expect(report.active).toBe('cpu');
  });

  test('probeBackends does not switch the active backend', async () => {
    await initBackend({ force: 'cpu' });
    const statuses = await probeBackends();
    expect(statuses.find((s) => s.name === 'wasm')!.available).toBe(true);
    expect(tf.getBackend()).toBe('cpu');
  });
});
