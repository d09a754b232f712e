/**
 * Every network and flavour, exported to ONNX from the tfjs model's own weights and run in ONNX
 * Runtime, gives the tfjs model's output within 1e-4 (reduced variants: width 0.25, input 75, so
 * each case takes about a second on two cores; full size is in the bench).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { OrtEngine } from '../../../src-main/engine/onnx/backend.js';
import { exportOnnx } from '../../../src-main/engine/onnx/export.js';
import { openOnnxModel } from '../../../src-main/engine/onnx/model-file.js';
import { listZoo } from '../../../src-main/zoo/index.js';
import { image, maxAbsDiff, reducedPair, useTfjsCpu, weightsOf } from './helpers.js';

let engine: OrtEngine;
beforeAll(async () => {
  await useTfjsCpu();
  engine = await OrtEngine.create();
});
afterAll(() => engine.dispose());

const cases = listZoo().flatMap((e) => e.flavours.map((f) => [e.id, f] as const));

test('the zoo has the seven networks', () => {
  expect(new Set(cases.map(([id]) => id)).size).toBe(7);
});

test.each(cases)('%s (%s): ONNX Runtime output equals tfjs within 1e-4', async (id, flavour) => {
  const p = reducedPair(id, flavour);
  try {
    const x = image(p.analysis, 2);
    const want = await p.runner.infer(x);
    const net = { analysis: p.analysis, weightsVersion: `${id}-${flavour}`, weights: () => weightsOf(p) };
    const got = await engine.infer(net, x);
    expect(got.shape).toEqual([2, 10]);
    expect(maxAbsDiff(want, got)).toBeLessThan(1e-4);
    // The outputs are real predictions, not a degenerate constant: the two images differ.
    expect(
      maxAbsDiff({ shape: [10], data: want.data.slice(0, 10) }, { shape: [10], data: want.data.slice(10) }),
    ).toBeGreaterThan(1e-6);
    engine.invalidate(net);
  } finally {
    p.built.model.dispose();
  }
});

test('the exported file itself (as export-onnx writes it) loads and gives the same output', async () => {
  const p = reducedPair('inception_resnet_v2', 'released', 0.125);
  try {
    const bytes = exportOnnx(p.analysis, weightsOf(p));
    const { session, model } = await openOnnxModel(bytes);
    expect(model.opsetImport[0]!.version).toBeGreaterThanOrEqual(13);
    const x = image(p.analysis);
    const { Tensor } = await import('onnxruntime-node');
    const r = await session.run({ input: new Tensor('float32', x.data, x.shape) });
    const out = r[session.outputNames[0]!]!;
    const want = await p.runner.infer(x);
    expect(maxAbsDiff(want, { shape: [...out.dims], data: out.data as Float32Array })).toBeLessThan(1e-4);
    await session.release();
  } finally {
    p.built.model.dispose();
  }
});
