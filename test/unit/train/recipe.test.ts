import { describe, expect, test } from 'vitest';
import {
  defaultRecipe,
  editRecipe,
  explainSchedule,
  learningRate,
} from '../../../src-main/engine/train/recipe.js';
import { initialValues } from '../../../src-main/engine/train/init.js';
import { residualScales, withBnMomentum, withResidualScale } from '../../../src-main/engine/train/net.js';
import { analyse } from '../../../src-main/analysis/analyse.js';
import { buildNetwork } from '../../../src-main/zoo/index.js';

describe('default recipes follow the papers', () => {
  test('Inception-v3 / v4 / Inception-ResNet: RMSProp 0.9 / ε 1.0, lr 0.045 ×0.94 per 2 epochs, clip 2.0, smoothing 0.1', () => {
    for (const id of [
      'inception_v3',
      'inception_v4',
      'inception_resnet_v1',
      'inception_resnet_v2',
    ] as const) {
      const r = defaultRecipe(id);
      expect(r.optimizer).toMatchObject({ kind: 'rmsprop', decay: 0.9, epsilon: 1.0 });
      expect([r.lr, r.decayRate, r.decayEpochs]).toEqual([0.045, 0.94, 2]);
      expect(r.clip).toEqual({ kind: 'global-norm', threshold: 2.0 });
      expect(r.labelSmoothing).toBe(0.1);
    }
    expect(defaultRecipe('inception_resnet_v2').notes.residualScale).toMatch(/0\.1–0\.3/);
  });
  test('GoogLeNet: SGD momentum 0.9, −4 % every 8 epochs, no smoothing', () => {
    const r = defaultRecipe('googlenet');
    expect(r.optimizer).toMatchObject({ kind: 'sgd', momentum: 0.9 });
    expect([r.decayRate, r.decayEpochs, r.labelSmoothing]).toEqual([0.96, 8, 0]);
  });
  test('edits merge one level deep', () => {
    const r = editRecipe(defaultRecipe('inception_v3'), { lr: 0.01, optimizer: { momentum: 0 } });
    expect(r.lr).toBe(0.01);
    expect(r.optimizer).toMatchObject({ kind: 'rmsprop', decay: 0.9, momentum: 0 });
  });
});

describe('learning-rate schedule', () => {
  const r = defaultRecipe('inception_v3');
  test('rescaled: the paper’s 50 decays spread over the run (1000 steps → every 20)', () => {
    expect(learningRate(r, 0, 1000, 10)).toBeCloseTo(0.045, 10);
    expect(learningRate(r, 19, 1000, 10)).toBeCloseTo(0.045, 10);
    expect(learningRate(r, 20, 1000, 10)).toBeCloseTo(0.0423, 10);
    expect(learningRate(r, 999, 1000, 10)).toBeCloseTo(0.045 * 0.94 ** 49, 10);
    const text = explainSchedule(r, 1000, 10);
    expect(text).toMatch(/50 decays/);
    expect(text).toMatch(/×0\.94 every 20 steps/);
  });
  test('epochs: decays per real epoch pair', () => {
    const e = { ...r, schedule: 'epochs' as const };
    expect(learningRate(e, 39, 1000, 20)).toBeCloseTo(0.045, 10);
    expect(learningRate(e, 40, 1000, 20)).toBeCloseTo(0.0423, 10);
  });
  test('constant', () => {
    expect(learningRate({ ...r, schedule: 'constant' }, 500, 1000, 10)).toBe(0.045);
  });
});

describe('seeded initializer', () => {
  test('glorot uniform stays inside √(6/(fan_in+fan_out)) and depends on (seed, name) only', () => {
    const w = { name: 'Mixed_5b/conv/kernel', shape: [3, 3, 4, 8] };
    const a = initialValues(w, 1, 'glorot-uniform');
    const limit = Math.sqrt(6 / (36 + 72));
    expect(Math.max(...a.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...a.map(Math.abs))).toBeGreaterThan(limit * 0.9);
    expect(Array.from(initialValues(w, 1, 'glorot-uniform'))).toEqual(Array.from(a));
    expect(Array.from(initialValues(w, 2, 'glorot-uniform'))).not.toEqual(Array.from(a));
  });
  test('BN and biases start at their identities', () => {
    expect(Array.from(initialValues({ name: 'x/bn/gamma', shape: [2] }, 1, 'he-normal'))).toEqual([1, 1]);
    expect(Array.from(initialValues({ name: 'x/bn/moving_variance', shape: [2] }, 1, 'he-normal'))).toEqual([
      1, 1,
    ]);
    expect(Array.from(initialValues({ name: 'x/bn/beta', shape: [2] }, 1, 'he-normal'))).toEqual([0, 0]);
    expect(Array.from(initialValues({ name: 'x/conv/bias', shape: [2] }, 1, 'he-normal'))).toEqual([0, 0]);
  });
  test('classifier (logits) kernels start near zero: σ 0.001, so the first loss is ≈ ln K', () => {
    const a = initialValues({ name: 'fc/kernel', shape: [400, 10] }, 1, 'glorot-uniform', true);
    const sd = Math.sqrt(a.reduce((s, x) => s + x * x, 0) / a.length);
    expect(sd).toBeGreaterThan(0.0009);
    expect(sd).toBeLessThan(0.0011);
  });
  test('he-normal has variance ≈ 2/fan_in', () => {
    const a = initialValues({ name: 'd/kernel', shape: [200, 100] }, 3, 'he-normal');
    const v = a.reduce((s, x) => s + x * x, 0) / a.length;
    expect(v).toBeGreaterThan((2 / 200) * 0.95);
    expect(v).toBeLessThan((2 / 200) * 1.05);
  });
});

describe('spec overrides from the recipe', () => {
  test('residual scale replaces every scaled residual and leaves the unscaled last block', () => {
    const spec = buildNetwork('inception_resnet_v2', { width: 0.125, input: 75, classes: 10 });
    const before = residualScales(spec);
    // The released scales (v4 §3.3, TF-slim): A 0.17, B 0.10, C 0.20.
    expect(Object.values(before).sort()).toEqual(expect.arrayContaining([0.17, 0.1, 0.2]));
    const after = residualScales(withResidualScale(spec, 0.3));
    for (const [type, s] of Object.entries(after)) expect(s === 0.3 || before[type] === 1).toBe(true);
    expect(residualScales(spec)).toEqual(before); // the input is not modified
  });
  test('batch-norm momentum reaches every BN', () => {
    const spec = withBnMomentum(buildNetwork('inception_v3', { width: 0.125, input: 75, classes: 10 }), 0.9);
    const a = analyse(spec);
    const bns = a.nodes.filter((n) => n.layer && 'bn' in n.layer && n.layer.bn);
    expect(bns.length).toBeGreaterThan(50);
    expect(bns.every((n) => (n.layer as { bn: { momentum?: number } }).bn.momentum === 0.9)).toBe(true);
  });
});
