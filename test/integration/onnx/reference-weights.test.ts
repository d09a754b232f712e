/**
 * Real weights files (Keras HDF5, TF.js Layers, timm safetensors; reduced networks made by
 * test/fixtures/make-fixtures.py) through the export and ONNX Runtime: the logits equal the ones
 * PyTorch computed for the same input within 1e-3, the cross-framework tolerance the weights
 * fixtures use. Expected numbers come from the fixture files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { analyse } from '../../../src-main/analysis/analyse.js';
import { OrtEngine } from '../../../src-main/engine/onnx/backend.js';
import { loadWeights } from '../../../src-main/engine/weights/load.js';
import { buildNetwork } from '../../../src-main/zoo/index.js';
import type { FlavourId, NetworkId } from '../../../src-main/zoo/spec.js';

const dir = join(import.meta.dirname, '..', '..', 'fixtures', 'weights');

interface Fixture {
  network: NetworkId;
  flavour: FlavourId;
  width: number;
  input: number;
  classes: number;
  weights: string[];
  input_file: string;
  logits: number[];
}

const fixtures = ['v3-keras', 'irv2', 'v4-timm'].map(
  (name) => JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Fixture,
);
const cases = fixtures.flatMap((f) => f.weights.map((w) => [w, f] as const));

let engine: OrtEngine;
beforeAll(async () => {
  engine = await OrtEngine.create();
});
afterAll(() => engine.dispose());

test.each(cases)('%s: ONNX Runtime logits equal PyTorch within 1e-3', async (file, f) => {
  const analysis = analyse(
    buildNetwork(f.network, { flavour: f.flavour, width: f.width, input: f.input, classes: f.classes }),
  );
  const { weights } = await loadWeights(analysis, { file: join(dir, file) });
  const bytes = readFileSync(join(dir, f.input_file));
  const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
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
