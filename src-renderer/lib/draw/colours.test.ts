import { describe, expect, it } from 'vitest';
import { gridBucket, gridColour, gridLegend, gridOf } from './colours';

describe('grid colours', () => {
  it('puts grids in octave buckets so 28/35, 14/17 and 7/8 match across networks', () => {
    expect([299, 224, 149, 112, 73, 56, 35, 28, 17, 14, 8, 7, 1].map(gridBucket)).toEqual([
      0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 7,
    ]);
  });
  it('gives 35×35, 17×17 and 8×8 three different colours, vectors grey', () => {
    const fills = [35, 17, 8].map((g) => gridColour(g).fill);
    expect(new Set(fills).size).toBe(3);
    expect(gridColour(undefined).fill).toBe('#e8e8e8');
    expect(gridOf([17, 17, 768])).toBe(17);
    expect(gridOf([1000])).toBeUndefined();
  });
  it('lists the grids present, largest first, sharing a row when they share a colour', () => {
    const rows = gridLegend([[149, 149, 32], [147, 147, 64], [35, 35, 288], [8, 8, 2048], [1000]]).map(
      (r) => r.label,
    );
    expect(rows).toEqual(['149×149, 147×147', '35×35', '8×8', 'vector']);
  });
});
