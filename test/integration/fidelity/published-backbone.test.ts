/**
 * Published weights this machine can get: the Keras InceptionV3 the npm package nsfwjs bundles, as
 * the tensorflowjs converter wrote it (8-bit quantised; scripts/published-backbone.mjs unwraps the
 * package's JS modules back into model.json + .bin shards). Its head is its own (three Dense layers),
 * so the app loads it as a Keras backbone: every conv from the file, the classifier random, a note.
 *
 * The reference is the framework that runs the file: tfjs-layers loads the same model.json and its
 * mixed0 / mixed5 / mixed10 outputs are compared with the app's ONNX Runtime activations on the
 * same input tensor.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../../src-main/analysis/analyse.js';
import { Rng } from '../../../src-main/engine/data/rng.js';
import { OrtEngine } from '../../../src-main/engine/onnx/backend.js';
import { loadWeightsFile } from '../../../src-main/engine/weights/load.js';
import { WeightsError, type LoadedWeights } from '../../../src-main/engine/weights/types.js';
import { buildNetwork } from '../../../src-main/zoo/index.js';

const SCRIPT = fileURLToPath(new URL('../../../scripts/published-backbone.mjs', import.meta.url));
/** Keras' mixedN → the spec's module, as Keras' InceptionV3 and the TF-slim names count them. */
const MODULES: [string, string][] = [
  ['mixed0', 'Mixed_5b/concat'],
  ['mixed5', 'Mixed_6c/concat'],
  ['mixed10', 'Mixed_7c/concat'],
];

const a = analyse(buildNetwork('inception_v3', { flavour: 'released', width: 1, input: 299, classes: 1000 }));
let modelJson = '';
let loaded: LoadedWeights;
let engine: OrtEngine | undefined;

beforeAll(async () => {
  modelJson = execFileSync(process.execPath, [SCRIPT], { encoding: 'utf8' }).trim().split('\n').at(-1)!;
  loaded = await loadWeightsFile(a, modelJson);
  await tf.setBackend('cpu');
}, 300_000);
afterAll(() => engine?.dispose());

describe('the nsfwjs package’s Keras InceptionV3 (tensorflowjs converter, uint8) as a backbone', () => {
  it('loads every conv and BN from the file; the classifier stays random and the notes say so', () => {
    expect(loaded.info.format).toBe('tfjs-layers');
    expect(loaded.info.convention).toBe('keras');
    expect(loaded.info.imagenet).toBe(false);
    expect(loaded.info.backbone).toEqual({ ownHead: ['dense_1', 'dense_2', 'dense_3'] });
    const notes = loaded.info.notes.join('\n');
    expect(notes).toMatch(/Keras backbone.*dense_1, dense_2, dense_3/);
    expect(notes).toMatch(/class scores and class attributions mean nothing/);
    expect(notes).toMatch(/ignored 6 tensors: the file's own head/);
    // The quantised file's first conv, dequantised as tfjs does: min + scale·q (checked on one value).
    const m = JSON.parse(readFileSync(modelJson, 'utf8')) as {
      weightsManifest: {
        weights: { name: string; shape: number[]; quantization: { min: number; scale: number } }[];
      }[];
    };
    const first = m.weightsManifest[0]!.weights.find((w) => w.name === 'conv2d_1/kernel')!;
    const k = loaded.weights['Conv2d_1a_3x3']!.kernel!;
    expect(k.shape).toEqual(first.shape);
    const steps = Array.from(k.data, (v) => (v - first.quantization.min) / first.quantization.scale);
    for (const s of steps.slice(0, 50)) expect(Math.abs(s - Math.round(s))).toBeLessThan(1e-3);
  });

  it('the app’s mixed0, mixed5 and mixed10 equal tfjs-layers’ on the same input (1e-4 of each range)', async () => {
    const json = JSON.parse(readFileSync(modelJson, 'utf8')) as {
      modelTopology: object;
      weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
    };
    const group = json.weightsManifest[0]!;
    const bins = group.paths.map((p) => readFileSync(join(dirname(modelJson), p)));
    const weightData = new Uint8Array(Buffer.concat(bins)).buffer;
    const model = await tfl.loadLayersModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: group.weights, weightData }),
    );
    const probe = tfl.model({
      inputs: model.inputs,
      outputs: MODULES.map(([k]) => model.getLayer(k).output as tfl.SymbolicTensor),
    });
    const rng = new Rng(5);
    const input = Float32Array.from({ length: 299 * 299 * 3 }, () => 2 * rng.next() - 1);
    const x = tf.tensor(input, [1, 299, 299, 3]);
    const want = (probe.predict(x) as tf.Tensor[]).map((t) => t.dataSync() as Float32Array);
    engine ??= await OrtEngine.create();
    const got = await engine.activations(
      { analysis: a, weightsVersion: 'published-backbone', weights: () => loaded.weights },
      { shape: [1, 299, 299, 3], data: input },
      MODULES.map(([, id]) => id),
    );
    MODULES.forEach(([keras, id], i) => {
      const w = want[i]!;
      const g = got[id]!.data;
      expect(g.length, id).toBe(w.length);
      let range = 0;
      let d = 0;
      for (let j = 0; j < w.length; j++) {
        range = Math.max(range, Math.abs(w[j]!));
        d = Math.max(d, Math.abs(g[j]! - w[j]!));
      }
      console.info(`${keras} = ${id}: max |Δ| ${d.toExponential(2)} of range ${range.toFixed(3)}`);
      expect(range, `${id} is not all zero`).toBeGreaterThan(0.1);
      expect(d / range, `${id}: max |Δ| ${d}, range ${range}`).toBeLessThan(1e-4);
    });
    tf.dispose([x, ...model.weights.map((v) => v.read())]);
  }, 300_000);

  it('a copy without one of its convs is still refused: a backbone must be whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'published-cut-'));
    try {
      cpSync(dirname(modelJson), dir, { recursive: true });
      const path = join(dir, 'model.json');
      const json = JSON.parse(readFileSync(path, 'utf8')) as {
        weightsManifest: { weights: { name: string; shape: number[] }[] }[];
      };
      // Drop conv2d_40's kernel from the manifest and its bytes from the shard stream (uint8: one byte
      // a value): the file stays consistent, only the layer is gone.
      const ws = json.weightsManifest[0]!.weights;
      const at = ws.findIndex((w) => w.name === 'conv2d_40/kernel');
      const bytesBefore = ws.slice(0, at).reduce((s, w) => s + w.shape.reduce((p, q) => p * q, 1), 0);
      const size = ws[at]!.shape.reduce((p, q) => p * q, 1);
      ws.splice(at, 1);
      const shards = (json.weightsManifest[0] as unknown as { paths: string[] }).paths;
      const stream = Buffer.concat(shards.map((p) => readFileSync(join(dir, p))));
      const cut = Buffer.concat([stream.subarray(0, bytesBefore), stream.subarray(bytesBefore + size)]);
      rmSync(join(dir, shards[0]!));
      shards.slice(1).forEach((p) => rmSync(join(dir, p)));
      (json.weightsManifest[0] as unknown as { paths: string[] }).paths = ['one.bin'];
      writeFileSync(join(dir, 'one.bin'), cut);
      writeFileSync(path, JSON.stringify(json));
      const err = await loadWeightsFile(a, path).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WeightsError);
      expect((err as WeightsError).code).toBe('mismatch');
      // Keras numbering maps the k-th conv2d of the file to the spec's k-th conv, so the gap shifts
      // the later convs onto layers whose shapes do not fit.
      expect((err as WeightsError).problems.join('\n')).toMatch(/← conv2d_4\d\/kernel: expected shape/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
