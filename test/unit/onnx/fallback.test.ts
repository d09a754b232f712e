/**
 * Malformed ONNX files give a clear error naming the file, and the inference service then runs the
 * tfjs path for that call and says why. With INCEPTION_DISABLE_ORT=1 every call goes to tfjs and
 * the report explains it. (The tfjs runner here is a recording stand-in: this file tests routing;
 * test/integration/onnx/ compares the real engines.)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { HostTensor } from '../../../src-main/engine/onnx/backend.js';
import { exportOnnx } from '../../../src-main/engine/onnx/export.js';
import { InferenceService, type RunnableNetwork } from '../../../src-main/engine/onnx/inference.js';
import { OnnxModelError, inspectOnnx, openOnnxModel } from '../../../src-main/engine/onnx/model-file.js';
import { resetOrtStatus } from '../../../src-main/engine/onnx/ort.js';
import { encodeModel } from '../../../src-main/engine/onnx/proto.js';
import { conv } from '../../../src-main/zoo/layers.js';
import { idOf, t, tinyAnalysis } from './tiny.js';

const dir = mkdtempSync(join(tmpdir(), 'onnx-fallback-'));
const a = tinyAnalysis([1, 1, 1], conv('c', 1, 1, { activation: 'linear' }));
const weights = { [idOf(a, 'c')]: { kernel: t([1, 1, 1, 1], [3]) } };
const good = exportOnnx(a, weights);
const x: HostTensor = { shape: [1, 1, 1, 1], data: new Float32Array([2]) };

function file(name: string, bytes: Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

/** Stand-in tfjs path: answers −1 so a test can tell which engine produced the number. */
function runnable(extra: Partial<RunnableNetwork> = {}): RunnableNetwork & { tfjsCalls: number } {
  const net = {
    analysis: a,
    weightsVersion: `v${Math.random()}`,
    weights: () => weights,
    tfjsCalls: 0,
    tfjs: {
      infer: async () => {
        net.tfjsCalls += 1;
        return { shape: [1, 1, 1, 1], data: new Float32Array([-1]) };
      },
      activations: async () => {
        net.tfjsCalls += 1;
        return {};
      },
    },
    ...extra,
  };
  return net;
}

describe('malformed ONNX files', () => {
  const cases: [string, Uint8Array, RegExp][] = [
    ['empty.onnx', new Uint8Array(), /empty\.onnx is empty, not an ONNX model/],
    [
      'text.onnx',
      new TextEncoder().encode('this is not a model\n'),
      /text\.onnx is not an ONNX model: cannot decode/,
    ],
    ['truncated.onnx', good.slice(0, Math.floor(good.length * 0.6)), /truncated\.onnx is not an ONNX model/],
    [
      'nograph.onnx',
      encodeModel({
        irVersion: 8,
        producerName: 'x',
        producerVersion: '0',
        opsetImport: [{ domain: '', version: 17 }],
        graph: { name: 'g', node: [], initializer: [], input: [], output: [] },
      }),
      /nograph\.onnx is not an ONNX model: it has no graph nodes/,
    ],
  ];
  for (const [name, bytes, message] of cases) {
    test(`${name}: a clear error naming the file`, async () => {
      await expect(openOnnxModel(file(name, bytes))).rejects.toThrow(message);
      await expect(openOnnxModel(file(name, bytes))).rejects.toBeInstanceOf(OnnxModelError);
    });
  }

  test('a missing file says it cannot be read', async () => {
    await expect(openOnnxModel(join(dir, 'nope.onnx'))).rejects.toThrow(/cannot read .*nope\.onnx/);
  });

  test('the intact export opens', async () => {
    expect(inspectOnnx(good).graph.node.length).toBeGreaterThan(0);
    const { session } = await openOnnxModel(file('good.onnx', good));
    expect(session.outputNames).toEqual([idOf(a, 'c')]);
    await session.release();
  });
});

describe('inference service', () => {
  afterEach(() => {
    delete process.env.INCEPTION_DISABLE_ORT;
    resetOrtStatus();
  });

  test('runs on onnxruntime by default: 2 × kernel 3 = 6', async () => {
    const svc = await InferenceService.create({ log: () => undefined });
    const net = runnable();
    const r = await svc.infer(net, x);
    expect(r.engine).toBe('onnxruntime');
    expect(Array.from(r.result.data)).toEqual([6]);
    expect(net.tfjsCalls).toBe(0);
    expect(svc.report.label).toMatch(/^ONNX Runtime 1\.\d+\.\d+ · CPU$/);
    svc.dispose();
  });

  test('a corrupt model file falls back to tfjs for that call, with the reason', async () => {
    const logs: string[] = [];
    const svc = await InferenceService.create({ log: (m) => logs.push(m) });
    const net = runnable({ onnxFile: file('corrupt.onnx', good.slice(0, 20)) });
    const r = await svc.infer(net, x);
    expect(r.engine).toBe('tfjs');
    expect(r.result.data[0]).toBe(-1);
    expect(r.fallback).toMatch(
      /ONNX Runtime failed on googlenet \(corrupt\.onnx is not an ONNX model.*\); this run used TensorFlow\.js/,
    );
    expect(logs).toEqual([r.fallback]);
    // Without the bad file the same service runs on ORT again.
    expect((await svc.infer(runnable(), x)).engine).toBe('onnxruntime');
    svc.dispose();
  });

  test('INCEPTION_DISABLE_ORT=1: every call on tfjs, and the report says why', async () => {
    process.env.INCEPTION_DISABLE_ORT = '1';
    resetOrtStatus();
    const logs: string[] = [];
    const svc = await InferenceService.create({
      log: (m) => logs.push(m),
      tfjs: { active: 'wasm', statuses: [{ name: 'wasm', available: true }] },
    });
    expect(svc.engine).toBe('tfjs');
    expect(svc.report.label).toBe('TensorFlow.js · wasm');
    expect(svc.report.summary).toMatch(
      /ONNX Runtime not used: ONNX Runtime is disabled by INCEPTION_DISABLE_ORT=1/,
    );
    expect(logs[0]).toMatch(/disabled by INCEPTION_DISABLE_ORT=1; inference falls back to TensorFlow\.js/);
    const net = runnable();
    const r = await svc.infer(net, x);
    expect(r).toEqual({ result: { shape: [1, 1, 1, 1], data: new Float32Array([-1]) }, engine: 'tfjs' });
    expect((await svc.activations(net, x)).engine).toBe('tfjs');
    expect(net.tfjsCalls).toBe(2);
  });
});
