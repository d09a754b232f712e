import { describe, expect, it } from 'vitest';
import { cellAt, gridLayout, hitTest, renderGrid, tileOrigin, type GridLayout } from './grid';
import { rangeOf } from './colour';
import type { QTensor } from './quant';

describe('channel grid layout', () => {
  it('fills the target area with square tiles', () => {
    // 100 × 40 = 4000 px² for 10 channels: √400 = 20, minus the gap → 19 px tiles; 5 columns of 20.
    const g = gridLayout(10, 8, 8, { maxWidth: 100, targetHeight: 40, gap: 1 });
    expect(g).toEqual({
      channels: 10,
      cols: 5,
      rows: 2,
      tileW: 19,
      tileH: 19,
      gap: 1,
      width: 99,
      height: 39,
    });
  });

  it('keeps tiles at least minTile, growing taller than the target', () => {
    // 10000 / 2048 → √4.9 = 2 − 1 = 1 → 4; ⌊101 / 5⌋ = 20 columns, ⌈2048 / 20⌉ = 103 rows.
    const g = gridLayout(2048, 8, 8, { maxWidth: 100, targetHeight: 100, gap: 1, minTile: 4 });
    expect([g.tileW, g.cols, g.rows, g.width, g.height]).toEqual([4, 20, 103, 99, 514]);
  });

  it('caps tiles at maxTile and never has more columns than channels', () => {
    const g = gridLayout(1, 96, 96, { maxWidth: 600, targetHeight: 600, maxTile: 160 });
    expect([g.tileW, g.tileH, g.cols, g.rows, g.width, g.height]).toEqual([160, 160, 1, 1, 160, 160]);
  });

  it('keeps the aspect of non-square planes', () => {
    // 2500 / 2 → √1250 = 35.4 → 35 − 1 = 34 wide, 17 high; ⌊51 / 35⌋ = 1 column.
    const g = gridLayout(2, 4, 8, { maxWidth: 50, targetHeight: 50, gap: 1 });
    expect([g.tileW, g.tileH, g.cols, g.rows, g.width, g.height]).toEqual([34, 17, 1, 2, 34, 35]);
  });

  it('places tiles row by row and finds the channel under a point', () => {
    const g: GridLayout = {
      channels: 8,
      cols: 5,
      rows: 2,
      tileW: 19,
      tileH: 19,
      gap: 1,
      width: 99,
      height: 39,
    };
    expect(tileOrigin(g, 7)).toEqual({ x: 40, y: 20 });
    expect(hitTest(g, 40, 20)).toBe(7);
    expect(hitTest(g, 58, 38)).toBe(7);
    expect(hitTest(g, 39, 20)).toBe(-1); // the gap after column 1
    expect(hitTest(g, 80, 20)).toBe(-1); // row 1, column 4 would be channel 9: there are 8
    expect(hitTest(g, -1, 0)).toBe(-1);
  });

  it('finds the activation under a point of an enlarged tile', () => {
    // A 3×3 plane drawn at 30×30: (15, 29) is column 1, row 2, flat index 7.
    expect(cellAt({ H: 3, W: 3 }, 30, 30, 15, 29)).toEqual({ row: 2, col: 1, index: 7 });
    expect(cellAt({ H: 3, W: 3 }, 30, 30, 30, 0)).toEqual({ row: 0, col: 2, index: 2 });
  });
});

describe('drawing the grid', () => {
  // Two channels of a 1×2 plane, each coding [0, 1]: channel 0 is (low, high), channel 1 (high, low).
  const t: QTensor = {
    nodeId: 'n',
    zeros: new Float32Array(2),
    C: 2,
    H: 1,
    W: 2,
    codes: Uint8Array.of(0, 255, 255, 0),
    scale: Float32Array.of(1 / 255, 1 / 255),
    offset: Float32Array.of(0, 0),
  };
  const px = (buf: Uint8ClampedArray, width: number, x: number, y: number) => [
    ...buf.subarray((y * width + x) * 4, (y * width + x) * 4 + 4),
  ];
  const black = [0, 0, 4, 255]; // Inferno at 0
  const yellow = [252, 255, 164, 255]; // Inferno at 1

  it('draws each channel in its tile with gaps left transparent', () => {
    const g: GridLayout = { channels: 2, cols: 2, rows: 1, tileW: 2, tileH: 1, gap: 1, width: 5, height: 1 };
    const buf = renderGrid(t, g, () => rangeOf(0, 1));
    expect([0, 1, 2, 3, 4].map((x) => px(buf, 5, x, 0))).toEqual([
      black,
      yellow,
      [0, 0, 0, 0],
      yellow,
      black,
    ]);
  });

  it('enlarges planes by repeating activations (nearest neighbour)', () => {
    const g: GridLayout = { channels: 1, cols: 1, rows: 1, tileW: 4, tileH: 2, gap: 0, width: 4, height: 2 };
    const buf = renderGrid(t, g, () => rangeOf(0, 1));
    expect([0, 1, 2, 3].map((x) => px(buf, 4, x, 1))).toEqual([black, black, yellow, yellow]);
  });
});
