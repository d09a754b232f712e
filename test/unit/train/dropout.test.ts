/**
 * Seeded dropout: each image's mask follows from its own seed, so two runs with one seed drop the same
 * units (bit-identical losses), and an image's mask does not depend on the rest of its batch.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { applyTfjsFixes } from '../../../src-main/engine/tfjs/fixes/index.js';
import { generateShapes } from '../../../src-main/engine/data/shapes.js';
import { prepare } from '../../../src-main/engine/data/pipeline.js';
import { emptySkips } from '../../../src-main/engine/data/types.js';
import { seededDropout } from '../../../src-main/engine/train/net.js';
import { defaultRecipe, editRecipe } from '../../../src-main/engine/train/recipe.js';
import { Trainer } from '../../../src-main/engine/train/trainer.js';
import { tinyNet } from './tiny-net.js';

beforeAll(async () => {
  applyTfjsFixes();
  await tf.setBackend('cpu');
});

describe('seeded dropout', () => {
  const x = tf.fill([2, 4000], 3);

  test('keeps units at x / (1 − rate), drops about `rate` of them, and is a function of the seed', () => {
    const a = seededDropout(x, 0.25, [11, 12], 'drop').dataSync();
    const kept = Array.from(a).filter((v) => v !== 0);
    for (const v of kept) expect(v).toBeCloseTo(3 / 0.75, 5);
    expect(1 - kept.length / a.length).toBeGreaterThan(0.22);
    expect(1 - kept.length / a.length).toBeLessThan(0.28);
    expect(Array.from(seededDropout(x, 0.25, [11, 12], 'drop').dataSync())).toEqual(Array.from(a));
    expect(Array.from(seededDropout(x, 0.25, [11, 13], 'drop').dataSync().slice(4000))).not.toEqual(
      Array.from(a.slice(4000)),
    );
  });

  test("an image's mask depends on its seed only, not on the batch around it", () => {
    const pair = seededDropout(x, 0.5, [7, 8], 'drop').dataSync();
    const alone = seededDropout(tf.fill([1, 4000], 3), 0.5, [8], 'drop').dataSync();
    expect(Array.from(pair.slice(4000))).toEqual(Array.from(alone));
  });
});

describe('a net with dropout', () => {
  async function run(): Promise<number[]> {
    const set = generateShapes(1, 64, 8);
    for (let i = 0; i < 64; i++) set.labels[i] = i % 2;
    set.classNames = ['a', 'b'];
    const data = prepare(
      {
        name: 's',
        source: { kind: 'shapes', seed: 1 },
        train: set,
        val: null,
        skipped: emptySkips(),
        notes: [],
      },
      { valFraction: 0.25, seed: 1 },
    );
    const net = tinyNet([8, 8, 3], 2, 1, 0.3, 'aux', 0.5);
    const recipe = editRecipe(defaultRecipe('inception_v3'), {
      batch: 8,
      augment: { crop: false, flip: false },
    });
    const t = new Trainer(net, data, {
      recipe,
      seed: 5,
      steps: 3,
      batch: 8,
      microBatch: 8,
      input: [8, 8, 3],
      classes: 2,
    });
    const losses: number[] = [];
    for (let i = 0; i < 3; i++) losses.push((await t.trainStep()).loss);
    net.dispose();
    return losses;
  }

  test('two runs with the same seed give bit-identical losses', async () => {
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(a.every(Number.isFinite)).toBe(true);
  });
});
