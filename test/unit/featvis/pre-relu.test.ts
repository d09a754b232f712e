/**
 * A channel that its ReLU keeps off on the starting picture has no gradient, so optimising it after
 * the ReLU never moves. Feature visualisation then optimises the value before the ReLU (Lucid's
 * pre_relu objectives), found through the concat that the channel belongs to. The tiny net's 1×1
 * branch gets a bias of −50 on its second channel, so that channel is off for every picture the
 * start can be.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backends.js';
import type { Affine } from '../../../src-main/engine/featvis/normalise.js';
import { preReluSource } from '../../../src-main/engine/featvis/pre-relu.js';
import { visualise } from '../../../src-main/engine/featvis/visualise.js';
import { TfjsGradientBackend } from '../../../src-main/engine/gradients/tfjs.js';
import { idEnding, tinyAnalysis, tinyWeights } from '../attribution/tiny-net.js';

const a = tinyAnalysis();
const mixed = idEnding(a, 'mixed/concat');
const affine: Affine = { scale: [1, 1, 1], shift: [0, 0, 0] };

beforeAll(async () => {
  await initBackend({ force: 'cpu' });
});

describe('feature visualisation before the ReLU', () => {
  it('finds the branch conv behind a concat channel, and none behind a pool branch', () => {
    // mixed = [b1x1 (2 channels), b3x3 (3), pool (4)].
    expect(preReluSource(a, mixed, 1)).toEqual({ node: idEnding(a, 'mixed/b1x1/conv'), channel: 1 });
    expect(preReluSource(a, mixed, 4)).toEqual({ node: idEnding(a, 'mixed/b3x3/conv'), channel: 2 });
    expect(preReluSource(a, mixed, 6)).toBeNull();
  });

  it('a channel that is off on the start moves only before its ReLU', async () => {
    const w = tinyWeights(a);
    const conv = idEnding(a, 'mixed/b1x1/conv');
    w[conv]!.bias!.data[1] = -50;
    const b = TfjsGradientBackend.create(a, w);
    try {
      const objective = { kind: 'channel' as const, node: mixed, channel: 1 };
      const opts = { objective, affine, steps: 8, transforms: false };
      const after = await visualise(b, { ...opts, preRelu: false });
      expect(after.preRelu).toBeUndefined();
      expect(Array.from(after.history)).toEqual(new Array(8).fill(0));

      const auto = await visualise(b, opts);
      expect(auto.preRelu).toEqual({ node: conv, channel: 1 });
      // The value before the ReLU climbs, though 50 below zero it stays off after it.
      expect(auto.history[7]!).toBeGreaterThan(auto.history[0]!);
      expect(auto.history[0]!).toBeLessThan(-40);
      expect(auto.objective[0]).toBe(0);

      // A live channel is optimised as asked.
      const live = await visualise(b, { ...opts, objective: { ...objective, channel: 3 } });
      expect(live.preRelu).toBeUndefined();
    } finally {
      b.dispose();
    }
  });
});
