import { describe, expect, it } from 'vitest';
import { alignStages, ratio, type StageSummary } from './compare-model';

const s = (name: string, out: number[]): StageSummary => ({
  name,
  modules: 1,
  inShape: [],
  outShape: out,
  params: 0,
  macs: 0,
});

describe('compare', () => {
  it('aligns stages by output grid, leaving unmatched stages on their own rows', () => {
    // v3-like: stem 35, grid35 35, grid17 17, grid8 8, head vector
    const a = [
      s('stem', [35, 35, 192]),
      s('grid35', [35, 35, 288]),
      s('grid17', [17, 17, 768]),
      s('grid8', [8, 8, 2048]),
      s('head', [1000]),
    ];
    // IR-v2-like: stem 35, A 35, red-A 17, B 17, red-B 8, C 8, head
    const b = [
      s('stem', [35, 35, 320]),
      s('a', [35, 35, 320]),
      s('ra', [17, 17, 1088]),
      s('b', [17, 17, 1088]),
      s('rb', [8, 8, 2080]),
      s('c', [8, 8, 1536]),
      s('head', [1000]),
    ];
    const rows = alignStages(a, b).map((r) => [r.a?.name ?? '-', r.b?.name ?? '-']);
    expect(rows).toEqual([
      ['stem', 'stem'],
      ['grid35', 'a'],
      ['grid17', 'ra + b'],
      ['grid8', 'rb + c'],
      ['head', 'head'],
    ]);
  });
  it('sums merged stages', () => {
    const p = (name: string, out: number[], params: number, macs: number): StageSummary => ({
      name,
      modules: 1,
      inShape: [],
      outShape: out,
      params,
      macs,
    });
    const rows = alignStages(
      [p('stem', [35, 35, 1], 1, 10), p('x', [17, 17, 1], 2, 20)],
      [p('stem', [35, 35, 1], 1, 10), p('r', [17, 17, 1], 3, 30), p('y', [17, 17, 1], 4, 40)],
    );
    expect(rows[1].b).toEqual({
      name: 'r + y',
      modules: 2,
      inShape: [],
      outShape: [17, 17, 1],
      params: 7,
      macs: 70,
    });
  });
  it("matches GoogLeNet's 28/14/7 grids with the 35/17/8 of the 299-pixel networks", () => {
    const g = [
      s('stem', [28, 28, 192]),
      s('i3', [14, 14, 480]),
      s('i4', [7, 7, 832]),
      s('i5', [7, 7, 1024]),
      s('head', [1000]),
    ];
    const v = [
      s('stem', [35, 35, 192]),
      s('g35', [35, 35, 288]),
      s('g17', [17, 17, 768]),
      s('g8', [8, 8, 2048]),
      s('head', [1000]),
    ];
    expect(alignStages(g, v).map((r) => [r.a?.name ?? '-', r.b?.name ?? '-'])).toEqual([
      ['stem', 'stem'],
      ['-', 'g35'],
      ['i3', 'g17'],
      ['i4 + i5', 'g8'],
      ['head', 'head'],
    ]);
  });
  it('formats ratios', () => {
    expect(ratio(23834568, 55843464)).toBe('×2.34');
    expect(ratio(0, 5)).toBe('—');
  });
});
