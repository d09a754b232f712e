/**
 * One forward pass of every full-size network (default flavour, batch 1) on wasm gives [1, 1000].
 * Slow on two cores (about 1–3 s per network after building), so one pass each.
 */
import { beforeAll, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src-main/engine/backends.js';
import { buildModel } from '../../../src-main/engine/tfjs/build-model.js';
import { buildNetwork, listZoo } from '../../../src-main/zoo/index.js';

beforeAll(async () => {
  const report = await initBackend({ force: 'wasm' });
  expect(report.simd).toBe(true);
});

test.each(listZoo().map((e) => [e.id, e.defaultInput] as const))(
  '%s at %i px: output [1, 1000]',
  (id, size) => {
    const { model } = buildModel(buildNetwork(id), { seed: 1 });
    const x = tf.randomUniform([1, size, size, 3], -1, 1, 'float32', 2);
    const t0 = performance.now();
    const y = model.predict(x) as tf.Tensor;
    const probs = Array.from(y.dataSync());
    const ms = performance.now() - t0;
    expect(y.shape).toEqual([1, 1000]);
    // The spec's softmax head: finite probabilities summing to 1.
    expect(probs.every((p) => Number.isFinite(p) && p >= 0)).toBe(true);
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    console.log(`${id}: forward ${ms.toFixed(0)} ms (wasm, batch 1, first call)`);
    tf.dispose([x, y]);
    model.dispose();
  },
);
