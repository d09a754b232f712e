import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { applyTfjsFixes } from '../../../src-main/engine/tfjs/fixes/index.js';
import { generateShapes } from '../../../src-main/engine/data/shapes.js';
import { prepare } from '../../../src-main/engine/data/pipeline.js';
import { emptySkips } from '../../../src-main/engine/data/types.js';
import { defaultRecipe, editRecipe } from '../../../src-main/engine/train/recipe.js';
import { Trainer } from '../../../src-main/engine/train/trainer.js';
import { tinyNet } from './tiny-net.js';

beforeAll(async () => {
  applyTfjsFixes();
  await tf.setBackend('cpu');
});

function easyData(count = 200) {
  // Two classes a tiny net separates quickly: bright vs dark images.
  const set = generateShapes(1, count, 8);
  for (let i = 0; i < count; i++) {
    const cls = i % 2;
    set.labels[i] = cls;
    const base = i * 8 * 8 * 3;
    for (let p = 0; p < 192; p++)
      set.pixels[base + p] = cls ? 160 + (set.pixels[base + p] % 90) : set.pixels[base + p] % 90;
  }
  set.classNames = ['dark', 'bright'];
  return prepare(
    {
      name: 'easy',
      source: { kind: 'shapes', seed: 1 },
      train: set,
      val: null,
      skipped: emptySkips(),
      notes: [],
    },
    { valFraction: 0.2, seed: 1 },
  );
}

describe('training mode', () => {
  test('the forward pass honours training for batch norm (model.apply() would not)', () => {
    const net = tinyNet([8, 8, 3], 2);
    const x = tf.randomNormal([4, 8, 8, 3], 3, 2);
    const inf = net.forward(x as tf.Tensor4D, false).main.dataSync();
    const tr = net.forward(x as tf.Tensor4D, true).main.dataSync();
    // Moving stats start at mean 0 / var 1 while the batch has mean 3 / var 4, so the outputs differ.
    expect(Array.from(tr)).not.toEqual(Array.from(inf));
  });
});

describe('trainer', () => {
  test('a short run on a learnable dataset lowers the loss', async () => {
    const data = easyData();
    const recipe = editRecipe(defaultRecipe('inception_v3'), {
      batch: 16,
      augment: { crop: false, flip: false },
    });
    const t = new Trainer(tinyNet([8, 8, 3], 2), data, {
      recipe,
      seed: 1,
      steps: 40,
      batch: 16,
      microBatch: 16,
      input: [8, 8, 3],
      classes: 2,
    });
    const losses: number[] = [];
    for (let i = 0; i < 40; i++) losses.push((await t.trainStep()).main);
    const first = losses.slice(0, 5).reduce((a, b) => a + b) / 5;
    const last = losses.slice(-5).reduce((a, b) => a + b) / 5;
    expect(last).toBeLessThan(first * 0.7);
    const v = t.evaluate();
    expect(v.top1).toBeLessThan(0.3);
  }, 60_000);

  test('gradient accumulation gives the same update as one batch (no BN in the gradient path differs)', async () => {
    const data = easyData(64);
    const recipe = editRecipe(defaultRecipe('googlenet'), {
      batch: 8,
      augment: { crop: false, flip: false },
    });
    const a = new Trainer(tinyNet([8, 8, 3], 2, 5), data, {
      recipe,
      seed: 2,
      steps: 1,
      batch: 8,
      microBatch: 8,
      input: [8, 8, 3],
      classes: 2,
    });
    const b = new Trainer(tinyNet([8, 8, 3], 2, 5), data, {
      recipe,
      seed: 2,
      steps: 1,
      batch: 8,
      microBatch: 4,
      input: [8, 8, 3],
      classes: 2,
    });
    const ra = await a.trainStep();
    const rb = await b.trainStep();
    // Batch norm normalises per micro-batch, so losses differ a little; the weights move alike.
    expect(Math.abs(ra.loss - rb.loss)).toBeLessThan(0.2);
    expect(rb.gradNorm).toBeGreaterThan(0);
  });

  test('snapshot/restore continues at the right step with the same optimizer state', async () => {
    const data = easyData(64);
    const recipe = editRecipe(defaultRecipe('inception_v3'), {
      batch: 8,
      augment: { crop: true, minArea: 0.6, flip: true },
    });
    const cfg = {
      recipe,
      seed: 3,
      steps: 10,
      batch: 8,
      microBatch: 8,
      input: [8, 8, 3] as [number, number, number],
      classes: 2,
    };
    const a = new Trainer(tinyNet([8, 8, 3], 2, 9), data, cfg);
    for (let i = 0; i < 4; i++) await a.trainStep();
    const snap = a.snapshot();
    const b = new Trainer(tinyNet([8, 8, 3], 2, 123), data, cfg);
    b.restore(snap);
    expect(b.step).toBe(4);
    expect(b.optimizer.exportState().map((s) => Array.from(s.data))).toEqual(
      a.optimizer.exportState().map((s) => Array.from(s.data)),
    );
    const ra = await a.trainStep();
    const rb = await b.trainStep();
    expect(rb.step).toBe(4);
    expect(rb.loss).toBeCloseTo(ra.loss, 5);
    expect(rb.lr).toBe(ra.lr);
  });
});
