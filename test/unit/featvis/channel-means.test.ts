/**
 * channelMeans, the one reading of "a channel's spatial mean" that attribution's channel target and
 * feature visualisation's top examples share, on values written out by hand.
 */
import { describe, expect, it } from 'vitest';
import { channelMeans } from '../../../src-main/engine/gradients/values.js';

describe('channelMeans', () => {
  it('averages one channel over each image’s positions of an NHWC batch', () => {
    // Two images, 2×1 positions, 3 channels: image 0 is [[1, 2, 3], [5, 6, 7]], image 1 [[0, -2, 9], [4, 2, 1]].
    const v = { shape: [2, 2, 1, 3], data: Float32Array.of(1, 2, 3, 5, 6, 7, 0, -2, 9, 4, 2, 1) };
    expect(Array.from(channelMeans(v, 0))).toEqual([3, 2]);
    expect(Array.from(channelMeans(v, 1))).toEqual([4, 0]);
    expect(Array.from(channelMeans(v, 2))).toEqual([5, 5]);
  });

  it('reads a vector node ([N, C]) as one position per image', () => {
    const v = { shape: [3, 2], data: Float32Array.of(1, 10, 2, 20, 3, 30) };
    expect(Array.from(channelMeans(v, 1))).toEqual([10, 20, 30]);
  });
});
