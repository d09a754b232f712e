/**
 * Fidelity of the Keras readers against Keras itself, at full size: keras.applications InceptionV3
 * and InceptionResNetV2 (weights=None, every variable then set from a seed, BN statistics included),
 * written by Keras 3.15 in every format it has — model.save('.h5'), the legacy weights-only .h5,
 * save_weights('.weights.h5'), model.save('.keras'), .h5 and .keras from a second model of the
 * session (conv2d_94… names) — and as TF.js Layers from both converter paths (.h5 and .keras), the
 * shards encoded by tfjs-core's own writer (io.encodeWeights) and split as the converter does.
 * The files are made in a temp dir by test/fixtures/make-keras-fixtures.py (they are 90–215 MB).
 *
 * The app's logits (ONNX Runtime, its inference engine) on Keras' input tensor must equal Keras'
 * own model(x) within 1e-3 of the logit range, with the same top-5. Every other format must give
 * bit-identical weights to the first, hence the same logits.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../../src-main/analysis/analyse.js';
import type { Analysis } from '../../../src-main/shared/analysis-types.js';
import { OrtEngine } from '../../../src-main/engine/onnx/backend.js';
import type { WeightMap } from '../../../src-main/engine/onnx/weights.js';
import { loadWeightsFile } from '../../../src-main/engine/weights/load.js';
import type { WeightsFormat } from '../../../src-main/engine/weights/types.js';
import { buildNetwork } from '../../../src-main/zoo/index.js';
import type { NetworkId } from '../../../src-main/shared/spec.js';
import { refPython, runPython } from '../../support/python.js';

const SCRIPT = fileURLToPath(new URL('../../fixtures/make-keras-fixtures.py', import.meta.url));

interface KerasCase {
  network: NetworkId;
  width: number;
  input: number;
  classes: number;
  second_first_conv: string;
  /** How many convs keras.applications leaves unnamed (conv2d, conv2d_1, …) in one model. */
  auto_convs: number;
  logits: number[];
}

/** Runs make-keras-fixtures.py into `out`. */
export function makeKerasFixtures(out: string, args: string[]): KerasCase {
  runPython(
    refPython(),
    'import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name="__main__")',
    [SCRIPT, out, ...args],
    { timeoutMs: 900_000 },
  );
  return JSON.parse(readFileSync(join(out, 'case.json'), 'utf8')) as KerasCase;
}

/**
 * The converter's weights (names, shapes, float32 stream from the script) written as a TF.js Layers
 * model: tfjs-core encodes them (io.encodeWeights, what model.save() uses), the stream is split into
 * 4 MB shards named group1-shardXofN.bin as tensorflowjs' write_weights does.
 */
export async function writeTfjsModel(src: string, stem: string, outDir: string): Promise<string> {
  const spec = JSON.parse(readFileSync(join(src, `${stem}.json`), 'utf8')) as {
    topology: unknown;
    weights: [string, number[]][];
  };
  const bin = readFileSync(join(src, `${stem}.bin`));
  const all = new Float32Array(bin.buffer, bin.byteOffset, bin.byteLength / 4);
  let at = 0;
  const named = spec.weights.map(([name, shape]) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const t = tf.tensor(all.subarray(at, at + n), shape, 'float32');
    at += n;
    return { name, tensor: t };
  });
  const { data, specs } = await tf.io.encodeWeights(named);
  tf.dispose(named.map((x) => x.tensor));
  const bytes = new Uint8Array(data as ArrayBuffer);
  const SHARD = 4 * 1024 * 1024;
  const count = Math.ceil(bytes.length / SHARD);
  mkdirSync(outDir, { recursive: true });
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `group1-shard${i + 1}of${count}.bin`;
    writeFileSync(join(outDir, name), bytes.subarray(i * SHARD, (i + 1) * SHARD));
    paths.push(name);
  }
  const modelJson = {
    format: 'layers-model',
    generatedBy: 'keras v3.15',
    convertedBy: 'tfjs-core io.encodeWeights (test)',
    modelTopology: spec.topology,
    weightsManifest: [{ paths, weights: specs }],
  };
  const path = join(outDir, 'model.json');
  writeFileSync(path, JSON.stringify(modelJson));
  return path;
}

const top5 = (v: ArrayLike<number>) =>
  Array.from(v, (x, i) => [x, i] as const)
    .sort((a, b) => b[0] - a[0])
    .slice(0, 5)
    .map((x) => x[1]);

function expectSameWeights(a: WeightMap, b: WeightMap, what: string): void {
  expect(Object.keys(b).sort(), what).toEqual(Object.keys(a).sort());
  for (const [id, w] of Object.entries(a)) {
    for (const [kind, t] of Object.entries(w)) {
      const u = b[id]![kind as keyof typeof w];
      expect(u?.shape, `${what}: ${id}/${kind}`).toEqual(t.shape);
      // Bit-identical: Buffer.equals compares the bytes.
      const same = Buffer.from(u!.data.buffer, u!.data.byteOffset, u!.data.byteLength).equals(
        Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength),
      );
      expect(same, `${what}: ${id}/${kind} differs`).toBe(true);
    }
  }
}

let engine: OrtEngine | undefined;
afterAll(() => engine?.dispose());

async function appLogits(a: Analysis, weights: WeightMap, input: Float32Array, size: number) {
  engine ??= await OrtEngine.create();
  const head = a.nodes.filter((n) => n.layer?.op === 'dense' && n.aux === undefined).pop()!.id;
  const r = await engine.activations(
    { analysis: a, weightsVersion: `keras-formats:${Math.random()}`, weights: () => weights },
    { shape: [1, size, size, 3], data: input },
    [head],
  );
  return r[head]!.data;
}

const FILES: [string, WeightsFormat][] = [
  ['legacy.h5', 'keras-h5'],
  ['model.weights.h5', 'keras-weights-h5'],
  ['model.keras', 'keras'],
  ['second.h5', 'keras-h5'],
  ['second.keras', 'keras'],
  ['tfjs-h5/model.json', 'tfjs-layers'],
  ['tfjs-keras/model.json', 'tfjs-layers'],
];

describe.each([['inception_v3'], ['inception_resnet_v2']] as [NetworkId][])(
  'full-size keras.applications %s in every Keras save format',
  (network) => {
    let dir = '';
    let c: KerasCase;
    let a: Analysis;
    let reference: WeightMap;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'keras-formats-'));
      c = makeKerasFixtures(dir, ['--model', network]);
      await writeTfjsModel(dir, 'tfjs-h5', join(dir, 'tfjs-h5'));
      await writeTfjsModel(dir, 'tfjs-keras', join(dir, 'tfjs-keras'));
      a = analyse(buildNetwork(network, { flavour: 'released', width: 1, input: 299, classes: 1000 }));
    }, 900_000);
    afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

    it('model.save(".h5"): the app’s logits equal Keras’ model(x) within 1e-3 of the range, same top-5', async () => {
      const { weights, info } = await loadWeightsFile(a, join(dir, 'model.h5'));
      expect(info.format).toBe('keras-h5');
      reference = weights;
      const b = readFileSync(join(dir, 'input.f32'));
      const input = new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
      const got = await appLogits(a, weights, input, c.input);
      const want = c.logits;
      const range = Math.max(...want) - Math.min(...want);
      let d = 0;
      for (let i = 0; i < want.length; i++) d = Math.max(d, Math.abs(got[i]! - want[i]!));
      console.info(`${network}: max |Δlogit| = ${d.toExponential(2)}, logit range ${range.toFixed(2)}`);
      expect(d / range, `max |Δlogit| = ${d}, logit range ${range}`).toBeLessThan(1e-3);
      expect(top5(got)).toEqual(top5(want));
    }, 300_000);

    it.each(FILES)(
      '%s loads as %s with the same weights as model.h5',
      async (file, format) => {
        expect(reference, 'model.h5 must load first').toBeDefined();
        const { weights, info } = await loadWeightsFile(a, join(dir, file));
        expect(info.format).toBe(format);
        expectSameWeights(reference, weights, file);
      },
      300_000,
    );

    it('the second model of the session has Keras’ continued numbering', () => {
      // InceptionV3 has 94 unnamed convs, so the second model starts at conv2d_94.
      expect(c.second_first_conv).toBe(`conv2d_${c.auto_convs}`);
      expect(c.auto_convs).toBe(network === 'inception_v3' ? 94 : 203);
    });
  },
);
