/**
 * Real weights files (Keras HDF5, TF.js Layers, timm safetensors; reduced networks made by
 * test/fixtures/make-fixtures.py) through the export and ONNX Runtime: the logits equal the ones
 * PyTorch computed for the same input within 1e-3, the cross-framework tolerance the weights
 * fixtures use. Expected numbers come from the fixture files.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { OrtEngine } from '../../../src-main/engine/onnx/backend.js';
import { loadWeights } from '../../../src-main/engine/weights/load.js';
import { WEIGHTS_DIR, fixtureAnalysis, fixtureInput, readFixture } from '../../unit/weights/fixtures.js';

const fixtures = ['v3-keras', 'irv2', 'v4-timm'].map((name) => readFixture(name));
const cases = fixtures.flatMap((f) => f.weights.map((w) => [w, f] as const));

let engine: OrtEngine;
beforeAll(async () => {
  engine = await OrtEngine.create();
});
afterAll(() => engine.dispose());

test.each(cases)('%s: ONNX Runtime logits equal PyTorch within 1e-3', async (file, f) => {
  const analysis = fixtureAnalysis(f);
  const { weights } = await loadWeights(analysis, { file: join(WEIGHTS_DIR, file) });
  const data = fixtureInput(f);
  const logitsId = analysis.nodes.find((n) => n.aux === undefined && n.layer?.op === 'dense')!.id;
  const net = { analysis, weightsVersion: file, weights: () => weights };
  const got = (await engine.activations(net, { shape: [1, f.input, f.input, 3], data }, [logitsId]))[
    logitsId
  ]!;
  expect(got.shape).toEqual([1, f.classes]);
  const diff = Math.max(...f.logits.map((v, i) => Math.abs(v - got.data[i]!)));
  expect(diff).toBeLessThan(1e-3);
  engine.invalidate(net);
});
