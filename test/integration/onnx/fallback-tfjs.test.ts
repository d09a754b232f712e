/**
 * Where onnxruntime-node cannot load (simulated with INCEPTION_DISABLE_ORT=1), inference and the
 * activation pass run on the real tfjs path, the report says why, and the results have the same
 * form the ORT path gives.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { InferenceService, type RunnableNetwork } from '../../../src-main/engine/onnx/inference.js';
import { resetOrtStatus } from '../../../src-main/engine/onnx/ort.js';
import { image, reducedPair, useTfjsCpu, weightsOf, type Pair } from './helpers.js';

let p: Pair;
let net: RunnableNetwork;
const logs: string[] = [];
let svc: InferenceService;

beforeAll(async () => {
  process.env.INCEPTION_DISABLE_ORT = '1';
  resetOrtStatus();
  await useTfjsCpu();
  p = reducedPair('googlenet', 'torchvision');
  net = { analysis: p.analysis, weightsVersion: 'r5', weights: () => weightsOf(p), tfjs: p.runner };
  svc = await InferenceService.create({ log: (m) => logs.push(m), tfjs: { active: 'cpu', statuses: [] } });
});
afterAll(() => {
  delete process.env.INCEPTION_DISABLE_ORT;
  resetOrtStatus();
  p.built.model.dispose();
});

test('the report names tfjs and the reason ORT is not used', () => {
  expect(svc.engine).toBe('tfjs');
  expect(svc.report.label).toBe('TensorFlow.js · cpu');
  expect(svc.report.ort.loaded).toBe(false);
  expect(svc.report.summary).toContain('ONNX Runtime is disabled by INCEPTION_DISABLE_ORT=1');
  expect(logs).toEqual([
    'ONNX Runtime not used: ONNX Runtime is disabled by INCEPTION_DISABLE_ORT=1; inference falls back to TensorFlow.js.',
  ]);
});

test('inference and the activation pass run on tfjs, in the app form', async () => {
  const x = image(p.analysis);
  const r = await svc.infer(net, x);
  expect(r.engine).toBe('tfjs');
  expect(r.fallback).toBeUndefined();
  expect(r.result.shape).toEqual([1, 10]);
  expect(r.result.data).toEqual((await p.runner.infer(x)).data);
  const a = await svc.activations(net, x);
  expect(a.engine).toBe('tfjs');
  for (const n of p.analysis.nodes.filter((m) => m.aux === undefined)) {
    expect(a.result[n.id]!.shape).toEqual([1, ...n.outShape]);
    expect(a.result[n.id]!.data).toBeInstanceOf(Float32Array);
  }
});
