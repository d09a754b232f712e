/**
 * TensorFlow checkpoints (.index + .data-*) against TensorFlow's own writers
 * (test/fixtures/make-tf-checkpoints.py in the reference environment): variable values as
 * tf.train.load_checkpoint reads them, TF-slim names mapped onto the spec, and the logits of
 * keras.applications' Inception-v3 (written with tf.compat.v1.train.Saver) and Inception-ResNet-v2
 * (written with tf.train.Checkpoint) equal Keras' own within 1e-3 of the logit range, same top-5;
 * Inception-v4 (no Keras model) comes from timm's port of the slim network, against timm's logits.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../../src-main/analysis/analyse.js';
import { OrtEngine } from '../../../src-main/engine/onnx/backend.js';
import { loadWeightsFile } from '../../../src-main/engine/weights/load.js';
import { readTfCheckpoint } from '../../../src-main/engine/weights/tf-checkpoint.js';
import { buildNetwork } from '../../../src-main/zoo/index.js';
import { refPython, torchPython } from '../../support/python.js';
import { fixtureAnalysis, fixtureInput, readFixture } from './fixtures.js';
import { refusal } from '../../support/refusal.js';

const script = new URL('../../fixtures/make-tf-checkpoints.py', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tf-checkpoints-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function make(...args: string[]): void {
  // timm lives in the PyTorch environment, TensorFlow in the other one.
  const py = args[0] === 'timm-v4' ? torchPython() : refPython();
  const r = spawnSync(py, [script, dir, ...args], {
    encoding: 'utf8',
    timeout: 600_000,
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' },
  });
  if (r.status !== 0) throw new Error(`make-tf-checkpoints.py ${args.join(' ')} failed:\n${r.stderr}`);
}

const v3 = () =>
  analyse(buildNetwork('inception_v3', { flavour: 'released', width: 1, input: 299, classes: 1001 }));

describe('the checkpoint reader', () => {
  beforeAll(() => make('basic'), 600_000);

  it.each(['saver/model.ckpt', 'object/ckpt'])(
    '%s: every float variable as tf.train.load_checkpoint reads it',
    async (prefix) => {
      const want = (
        JSON.parse(readFileSync(join(dir, 'basic.json'), 'utf8')) as Record<
          string,
          Record<string, { shape: number[]; values: number[] }>
        >
      )[prefix]!;
      const c = await readTfCheckpoint(join(dir, `${prefix}.index`));
      expect([...c.tensors.keys()].sort()).toEqual(Object.keys(want).sort());
      for (const [name, w] of Object.entries(want)) {
        expect(c.tensors.get(name)!.shape, name).toEqual(w.shape);
        expect(Array.from(c.tensors.get(name)!.data), name).toEqual(w.values.map(Math.fround));
      }
      expect(c.notes.join()).toMatch(
        /float64 and float16 variables were converted to float32|float16 and float64/,
      );
      if (prefix.startsWith('saver'))
        expect(c.other.get('global_step')).toEqual({ dtype: 'int64', shape: [] });
    },
  );

  it('refuses a missing data file, a damaged tensor, a Keras object graph, and the .data file itself', async () => {
    const d = join(dir, 'copy');
    mkdirSync(d);
    copyFileSync(join(dir, 'saver/model.ckpt.index'), join(d, 'model.ckpt.index'));
    const missing = await refusal(loadWeightsFile(v3(), join(d, 'model.ckpt.index')));
    expect(missing.message).toMatch(
      /model\.ckpt\.index is a TensorFlow checkpoint index; its data file model\.ckpt\.data-00000-of-00001 must sit beside it/,
    );
    const data = readFileSync(join(dir, 'saver/model.ckpt.data-00000-of-00001'));
    data[5]! ^= 0xff;
    writeFileSync(join(d, 'model.ckpt.data-00000-of-00001'), data);
    const crc = await refusal(readTfCheckpoint(join(d, 'model.ckpt.index')));
    expect(crc.message).toMatch(
      /model\.ckpt\.data-00000-of-00001 is damaged: the checksum of variable '.*' does not match/,
    );
    const shard = await refusal(loadWeightsFile(v3(), join(d, 'model.ckpt.data-00000-of-00001')));
    expect(shard.message).toMatch(
      /is the data shard of a TensorFlow checkpoint; open the checkpoint's \.index file \(model\.ckpt\.index\)/,
    );
    const keras = await refusal(loadWeightsFile(v3(), join(dir, 'keras-object/ckpt.index')));
    expect(keras.message).toMatch(
      /object-based TensorFlow checkpoint of a Keras model, .*model\.save_weights/,
    );
    const index = readFileSync(join(dir, 'saver/model.ckpt.index'));
    index[3]! ^= 0xff;
    writeFileSync(join(d, 'model.ckpt.index'), index);
    const idx = await refusal(readTfCheckpoint(join(d, 'model.ckpt.index')));
    expect(idx.message).toMatch(
      /is a damaged TensorFlow checkpoint index \(a block checksum does not match\)/,
    );
  });

  it('a slim checkpoint opened as another network names the one it fits', async () => {
    const a = analyse(
      buildNetwork('inception_v4', { flavour: 'released', width: 1, input: 299, classes: 1001 }),
    );
    const e = await refusal(loadWeightsFile(a, join(dir, 'saver/model.ckpt.index')));
    expect(e.message).toMatch(
      /holds TF-slim InceptionV3 weights; open it with network inception_v3, flavour 'released'/,
    );
  });
});

describe('keras.applications / timm networks saved under TF-slim names', () => {
  const cases: [name: string, network: string, writer: string][] = [
    ['inception_v3-saver', 'inception_v3', 'saver'],
    ['inception_resnet_v2-checkpoint', 'inception_resnet_v2', 'checkpoint'],
    // No Keras Inception-v4: timm's port of slim's network, γ included (folded by the app).
    ['inception_v4-saver', 'inception_v4', 'timm'],
  ];
  let engine: OrtEngine | undefined;
  beforeAll(() => {
    make('timm-v4');
    make('keras', ...cases.map(([, net, writer]) => `${net}:${writer}`));
  }, 900_000);
  afterAll(() => engine?.dispose());

  it.each(cases)(
    '%s: logits equal the framework (Keras, timm) within 1e-3 of their range, same top-5',
    async (name) => {
      const c = readFixture(name, dir);
      const a = fixtureAnalysis(c);
      const loaded = await loadWeightsFile(a, join(dir, c.weights[0]!));
      expect(loaded.info).toMatchObject({
        format: 'tf-checkpoint',
        convention: 'slim',
        preprocessing: 'keras',
      });
      const head = a.nodes.filter((n) => n.layer?.op === 'dense' && !n.aux).pop()!.id;
      engine ??= await OrtEngine.create();
      const out = await engine.activations(
        { analysis: a, weightsVersion: `${name}:${Date.now()}`, weights: () => loaded.weights },
        { shape: [1, c.input, c.input, 3], data: fixtureInput(c, dir) },
        [head],
      );
      const got = out[head]!.data;
      const range = Math.max(...c.logits) - Math.min(...c.logits);
      let d = 0;
      for (let i = 0; i < got.length; i++) d = Math.max(d, Math.abs(got[i]! - c.logits[i]!));
      expect(d / range, `${name}: max |Δlogit| ${d} over a range of ${range}`).toBeLessThan(1e-3);
      const top5 = (v: ArrayLike<number>) =>
        Array.from(v, (x, i) => [x, i] as const)
          .sort((p, q) => q[0] - p[0])
          .slice(0, 5)
          .map((p) => p[1]);
      expect(top5(got)).toEqual(top5(c.logits));
      rmSync(join(dir, name), { recursive: true, force: true });
    },
    600_000,
  );
});
