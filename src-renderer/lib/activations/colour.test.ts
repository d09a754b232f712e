import { describe, expect, it } from 'vitest';
import { channelRange, codeIndex, paletteFor, rangeOf, unionRange, unit, valueAtUnit } from './colour';
import type { QTensor } from './quant';

const stats = {
  min: Float32Array.of(0, -2),
  max: Float32Array.of(4, 6),
  mean: Float32Array.of(1, 1),
  zeros: Float32Array.of(0.5, 0),
};

describe('colour scales', () => {
  it('a range across zero is diverging, a one-signed range is not', () => {
    expect(rangeOf(-1, 3).diverging).toBe(true);
    expect(rangeOf(0, 3).diverging).toBe(false);
    expect(rangeOf(-3, 0).diverging).toBe(false);
  });

  it('maps values linearly, or around zero when diverging, clamped to [0, 1]', () => {
    expect(unit(5, rangeOf(0, 10))).toBe(0.5);
    expect(unit(2, rangeOf(2, 6))).toBe(0);
    expect(unit(20, rangeOf(0, 10))).toBe(1);
    // Diverging [−10, 5]: the half-width is max(10, 5) = 10, so −5 → 0.5 − 5/20 = 0.25 and 5 → 0.75.
    expect(unit(-5, rangeOf(-10, 5))).toBe(0.25);
    expect(unit(5, rangeOf(-10, 5))).toBe(0.75);
    expect(unit(0, rangeOf(-10, 5))).toBe(0.5);
    // A constant channel (a dead ReLU) sits at the low end.
    expect(unit(3, rangeOf(3, 3))).toBe(0);
  });

  it('inverts the map for colour-bar labels', () => {
    expect(valueAtUnit(0.25, rangeOf(-10, 5))).toBe(-5);
    expect(valueAtUnit(1, rangeOf(-10, 5))).toBe(10);
    expect(valueAtUnit(0.5, rangeOf(2, 6))).toBe(4);
  });

  it('picks the channel, layer or global range', () => {
    const layer = rangeOf(-2, 6);
    const global = rangeOf(-50, 80);
    expect(channelRange('channel', stats, 0, layer, global)).toEqual({ lo: 0, hi: 4, diverging: false });
    expect(channelRange('channel', stats, 1, layer, global)).toEqual({ lo: -2, hi: 6, diverging: true });
    expect(channelRange('layer', stats, 0, layer, global)).toBe(layer);
    expect(channelRange('global', stats, 0, layer, global)).toBe(global);
  });

  it('unions ranges', () => {
    expect(unionRange([rangeOf(0, 4), rangeOf(-2, 1), rangeOf(3, 9)])).toEqual({
      lo: -2,
      hi: 9,
      diverging: true,
    });
    expect(unionRange([])).toEqual({ lo: 0, hi: 0, diverging: false });
  });

  it('maps each code of a channel to a palette index', () => {
    // Channel 0 codes a range [0, 10] (scale 10/255): in its own range code k is index k.
    const t: QTensor = {
      nodeId: 'n',
      zeros: new Float32Array(2),
      C: 1,
      H: 1,
      W: 1,
      codes: new Uint8Array(1),
      scale: Float32Array.of(10 / 255),
      offset: Float32Array.of(0),
    };
    const own = codeIndex(t, 0, rangeOf(0, 10));
    expect([own[0], own[100], own[254], own[255]]).toEqual([0, 100, 254, 255]);
    // In a layer range [0, 20] the channel fills half the map: code 100 = 3.92 → 0.196 → 50; 254 → 127.
    const half = codeIndex(t, 0, rangeOf(0, 20));
    expect([half[0], half[100], half[254]]).toEqual([0, 50, 127]);
    // Diverging [−10, 10]: value 0 (code 0) is the middle, 127.5 rounds to 128.
    expect(codeIndex(t, 0, rangeOf(-10, 10))[0]).toBe(128);
  });

  it('uses Inferno for one-signed ranges and reversed RdBu across zero', () => {
    const seq = paletteFor(rangeOf(0, 1));
    expect([...seq.subarray(0, 3)]).toEqual([0, 0, 4]); // Inferno at 0: #000004
    expect([...seq.subarray(765, 768)]).toEqual([252, 255, 164]); // Inferno at 1: #fcffa4
    const div = paletteFor(rangeOf(-1, 1));
    expect([...div.subarray(0, 3)]).toEqual([5, 48, 97]); // RdBu's blue end #053061 for negatives
    expect([...div.subarray(765, 768)]).toEqual([103, 0, 31]); // RdBu's red end #67001f for positives
  });
});
