/**
 * buildModel on reduced variants (width 0.125, input 75, 10 classes; fast to build): parameter counts
 * against the analysis for every network and flavour, names, outputs and loss weights. The full-size
 * counts and the Keras names are in test/integration/tfjs/build-full.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { initBackend } from '../../../src-main/engine/backends.js';
import { buildModel, layerName, type BuiltModel } from '../../../src-main/engine/tfjs/build-model.js';
import { kerasWeightMap } from '../../../src-main/engine/tfjs/keras-weights.js';
import { expectModelsMatchAnalysis } from './model-checks.js';
import { analyse } from '../../../src-main/analysis/analyse.js';
import { buildNetwork, listZoo } from '../../../src-main/zoo/index.js';

beforeAll(async () => {
  await initBackend({ force: 'wasm' });
});

const small = { width: 0.125, input: 75, classes: 10 };
const variants = listZoo().flatMap((e) => e.flavours.map((flavour) => ({ id: e.id, flavour })));

describe.each(variants)('$id ($flavour)', ({ id, flavour }) => {
  test('countParams equals the analysis’ Keras count, inference and training graphs', () => {
    const a = analyse(buildNetwork(id, { flavour, extraAux: true, ...small }));
    expectModelsMatchAnalysis(a);
  });
});

describe('names and heads', () => {
  let v3: BuiltModel;
  let gl: BuiltModel;
  beforeAll(() => {
    v3 = buildModel(buildNetwork('inception_v3', small), { graph: 'training' });
    gl = buildModel(buildNetwork('googlenet', { flavour: 'paper', ...small }), {
      graph: 'training',
      head: 'logits',
    });
  });
  afterAll(() => {
    v3.model.dispose();
    gl.model.dispose();
  });

  test('layer names are the node ids made Keras-safe', () => {
    expect(layerName('Mixed_5b/Branch_1/Conv2d_0a_1x1')).toBe('Mixed_5b.Branch_1.Conv2d_0a_1x1');
    expect(layerName('inception(4a)/1×1')).toBe('inception_4a_.1_1');
    expect(v3.layers.get('Mixed_5b/Branch_1/Conv2d_0a_1x1')).toEqual({
      main: 'Mixed_5b.Branch_1.Conv2d_0a_1x1',
      bn: 'Mixed_5b.Branch_1.Conv2d_0a_1x1.bn',
      act: 'Mixed_5b.Branch_1.Conv2d_0a_1x1.relu',
    });
    expect(v3.model.getLayer('Mixed_5b.concat').getClassName()).toBe('Concatenate');
  });

  test('BN layers follow the spec: ε 1e-3 and no γ for released Inception-v3', () => {
    const bn = v3.model.getLayer('Conv2d_1a_3x3.bn').getConfig();
    expect(bn).toMatchObject({ epsilon: 1e-3, scale: false, center: true });
  });

  test('aux heads are training outputs with the papers’ loss weights; the inference graph has none', () => {
    expect(v3.outputs.map((o) => [o.name, o.lossWeight])).toEqual([
      ['main', 1],
      ['AuxLogits', 0.4],
    ]);
    expect(gl.outputs.map((o) => [o.name, o.lossWeight])).toEqual([
      ['main', 1],
      ['aux1', 0.3],
      ['aux2', 0.3],
    ]);
    const inf = buildModel(buildNetwork('googlenet', { flavour: 'paper', ...small }));
    expect(inf.model.layers.some((l) => l.name.startsWith('aux'))).toBe(false);
    inf.model.dispose();
  });

  test("head 'logits' leaves out the trailing softmax", () => {
    expect(gl.outputs.every((o) => o.activation === 'linear')).toBe(true);
    expect(gl.outputs.map((o) => o.layerName)).toEqual(['fc', 'aux1.fc2', 'aux2.fc2']);
    expect(gl.model.outputs.map((t) => t.shape)).toEqual([
      [null, 10],
      [null, 10],
      [null, 10],
    ]);
  });
});

describe('Keras weight names', () => {
  test('networks Keras does not have are refused', () => {
    const built = buildModel(buildNetwork('inception_v3', { width: 0.125, input: 75, classes: 10 }));
    expect(() => kerasWeightMap(built)).toThrow(/Keras has no weights for inception_v3/);
    built.model.dispose();
  });
});
