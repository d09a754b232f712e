import { describe, expect, it } from 'vitest';
import { alignStages, ratio, type StageSummary } from './compare-model';

const s = (name: string, out: number[]): StageSummary => ({ name, modules: 1, inShape: [], outShape: out, params: 0, macs: 0 });

describe('compare', () => {
  it('aligns stages by output grid, leaving unmatched stages on their own rows', () => {
    // v3-like: stem 35, grid35 35, grid17 17, grid8 8, head vector
    const a = [s('stem', [35, 35, 192]), s('grid35', [35, 35, 288]), s('grid17', [17, 17, 768]), s('grid8', [8, 8, 2048]), s('head', [1000])];
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
    const rows = alignStages(a, b).map((r) => [r.key, r.a?.name ?? '-', r.b?.name ?? '-']);
    expect(rows).toEqual([
      ['35×35', 'stem', 'stem'],
      ['35×35', 'grid35', 'a'],
      ['17×17', 'grid17', 'ra'],
      ['17×17', '-', 'b'],
      ['8×8', 'grid8', 'rb'],
      ['8×8', '-', 'c'],
      ['vector', 'head', 'head'],
    ]);
  });
  it('formats ratios', () => {
    expect(ratio(23834568, 55843464)).toBe('×2.34');
    expect(ratio(0, 5)).toBe('—');
  });
});
