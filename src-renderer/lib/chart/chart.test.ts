import { describe, expect, it } from 'vitest';
import { axisModel } from './axes';
import { computeLines } from './compute';
import { decimate } from './decimate';
import { chartToSvg } from './export';
import { formatDuration, formatValue } from '../format';
import { nearestIndex, readout } from './lookup';
import { pathData, pathMarkup } from './renderer';
import { boundExtent, dataExtent, makeScales, padExtent, project } from './scales';
import { smoothEma } from './smoothing';
import type { Frame } from './types';

const f64 = (a: number[]) => Float64Array.from(a);

describe('EMA smoothing with debiasing (TensorBoard)', () => {
  it('matches a hand computation, w = 0.5', () => {
    // last₁ = 0.5·0 + 0.5·1 = 0.5,   ÷ (1 − 0.5)   = 1
    // last₂ = 0.5·0.5 + 0.5·2 = 1.25, ÷ (1 − 0.25) = 5/3
    // last₃ = 0.5·1.25 + 0.5·3 = 2.125, ÷ (1 − 0.125) = 17/7
    const s = smoothEma([1, 2, 3], 0.5);
    expect(s[0]).toBeCloseTo(1, 12);
    expect(s[1]).toBeCloseTo(5 / 3, 12);
    expect(s[2]).toBeCloseTo(17 / 7, 12);
  });
  it('matches a hand computation, w = 0.9', () => {
    // last₁ = 0.1·10 = 1, ÷ 0.1 = 10;  last₂ = 0.9 + 0.1·0 = 0.9, ÷ 0.19 = 90/19
    const s = smoothEma([10, 0], 0.9);
    expect(s[0]).toBeCloseTo(10, 12);
    expect(s[1]).toBeCloseTo(90 / 19, 12);
  });
  it('passes non-finite values through without advancing the average', () => {
    // [1, NaN, 3], w = 0.5: 1, NaN, then last₂ = 0.25 + 1.5 = 1.75, ÷ 0.75 = 7/3.
    const s = smoothEma([1, NaN, 3], 0.5);
    expect(s[0]).toBeCloseTo(1, 12);
    expect(s[1]).toBeNaN();
    expect(s[2]).toBeCloseTo(7 / 3, 12);
  });
  it('leaves constant series and w = 0 alone', () => {
    expect([...smoothEma([0.3, 0.3, 0.3], 0.9)]).toEqual([0.3, 0.3, 0.3]);
    expect([...smoothEma([1, 5, 2], 0)]).toEqual([1, 5, 2]);
  });
});

describe('scales', () => {
  it('finds the finite extent, ignoring y ≤ 0 on log scales', () => {
    const s = [{ xs: f64([0, 1, 2, 3]), ys: f64([0, 10, NaN, 0.1]) }];
    expect(dataExtent(s, 'linear')).toEqual({ x: [0, 3], y: [0, 10] });
    expect(dataExtent(s, 'log')).toEqual({ x: [1, 3], y: [0.1, 10] });
    expect(dataExtent([{ xs: f64([1]), ys: f64([NaN]) }], 'linear')).toBeNull();
  });
  it('pads by 5 % (a factor of (max/min)^0.05 on log)', () => {
    expect(padExtent({ x: [0, 10], y: [0, 20] }, 'linear')).toEqual({ x: [0, 10], y: [-1, 21] });
    const log = padExtent({ x: [0, 10], y: [1, 1e20] }, 'log');
    expect(log.y[0]).toBeCloseTo(0.1, 12);
    expect(log.y[1]).toBeCloseTo(1e21, -8);
    expect(padExtent({ x: [5, 5], y: [2, 2] }, 'linear')).toEqual({ x: [4, 6], y: [1.8, 2.2] });
  });
  it('projects like the d3 scale it came from', () => {
    expect(project({ kind: 'linear', domain: [0, 10], range: [100, 200] }, 2.5)).toBe(125);
    // log10: 10 is halfway between 1 and 100.
    expect(project({ kind: 'log', domain: [1, 100], range: [200, 0] }, 10)).toBeCloseTo(100, 12);
    expect(project({ kind: 'log', domain: [1, 100], range: [200, 0] }, 0)).toBeNaN();
    const frame: Frame = { width: 300, height: 200, margin: { top: 10, right: 10, bottom: 30, left: 40 } };
    const sc = makeScales({ x: [0, 100], y: [1, 100] }, frame, 'log');
    expect(sc.x(50)).toBe(40 + 250 / 2);
    expect(sc.y(10)).toBeCloseTo(10 + 160 / 2, 9);
  });
});

describe('decimation', () => {
  it('keeps first, min, max and last of each pixel column, in order', () => {
    // Column 0: x 0.1..0.9 with y 5, 1, 9, 4 → all four kept; column 1: one point.
    const px = [0.1, 0.3, 0.6, 0.9, 1.5];
    const py = [5, 1, 9, 4, 7];
    expect([...decimate(px, py)]).toEqual([0.1, 5, 0.3, 1, 0.6, 9, 0.9, 4, 1.5, 7].map(Math.fround));
    // Six points in one column, the middle two neither min nor max: dropped.
    expect([...decimate([0, 0.1, 0.2, 0.3, 0.4, 0.5], [3, 0, 2, 2, 8, 3])]).toEqual(
      [0, 3, 0.1, 0, 0.4, 8, 0.5, 3].map(Math.fround),
    );
  });
  it('turns gaps into one NaN pair and trims trailing gaps', () => {
    const out = [...decimate([0, 1, 2, 3, 4], [1, NaN, NaN, 2, NaN])];
    expect(out.slice(0, 2)).toEqual([0, 1]);
    expect(out[2]).toBeNaN();
    expect(out[3]).toBeNaN();
    expect(out.slice(4)).toEqual([3, 2]);
  });
  it('caps a long run at about 4 points per pixel', () => {
    const n = 100_000;
    const px = Array.from({ length: n }, (_, i) => (i / n) * 500);
    const py = Array.from({ length: n }, (_, i) => Math.sin(i));
    expect(decimate(px, py).length / 2).toBeLessThanOrEqual(4 * 500);
  });
});

describe('hover read-out', () => {
  it('finds the nearest x by binary search', () => {
    const xs = [0, 10, 20, 30];
    expect(nearestIndex(xs, -5)).toBe(0);
    expect(nearestIndex(xs, 14)).toBe(1);
    expect(nearestIndex(xs, 15)).toBe(1); // a tie goes to the lower
    expect(nearestIndex(xs, 16)).toBe(2);
    expect(nearestIndex(xs, 99)).toBe(3);
    expect(nearestIndex([], 1)).toBe(-1);
  });
  it('gives every series its nearest point inside its range, leaving out runs that ended far before x', () => {
    // Sparse points: x = 50 is 50 from either point, yet inside the range, so it reads.
    expect(
      readout([{ id: 's', label: 'val', color: 'k', xs: [0, 100], ys: [1, 2] }], 51, 6)[0],
    ).toMatchObject({ x: 100, raw: 2 });
    const rows = readout(
      [
        { id: 'a', label: 'v3', color: 'red', xs: [0, 10, 20], ys: [3, 2, 1], smoothed: [3, 2.5, 2] },
        { id: 'b', label: 'IR', color: 'blue', xs: [0, 5], ys: [4, 3], tag: 'imported' },
      ],
      19,
      6,
    );
    expect(rows).toEqual([{ id: 'a', label: 'v3', color: 'red', index: 2, x: 20, raw: 1, smoothed: 2 }]);
    expect(
      readout([{ id: 'b', label: 'IR', color: 'blue', xs: [0, 5], ys: [4, 3], tag: 'imported' }], 6, 6)[0],
    ).toMatchObject({
      tag: 'imported',
      raw: 3,
      smoothed: 3,
    });
  });
});

describe('drawing', () => {
  it('writes path data with sub-paths at gaps', () => {
    expect(pathData(Float32Array.from([0, 0, 10, 5.25, NaN, NaN, 20, 1]))).toBe('M0,0L10,5.3M20,1');
  });
  it('projects, smooths and decimates in one pass', () => {
    const [c] = computeLines({
      series: [{ id: 'a', xs: f64([0, 1]), ys: f64([1, 3]) }],
      smoothing: 0.5,
      x: { kind: 'linear', domain: [0, 1], range: [0, 100] },
      y: { kind: 'linear', domain: [0, 4], range: [40, 0] },
    });
    // smoothed: 1, then (0.25 + 1.5) / 0.75 = 7/3 → y pixel 40 − 10·7/3.
    expect(c.smoothed[1]).toBeCloseTo(7 / 3, 12);
    expect(c.line[3]).toBeCloseTo(40 - 70 / 3, 4);
    expect([...c.raw]).toEqual([0, 30, 100, 10]);
  });
  it('exports an SVG with axes, both runs and a legend', () => {
    const frame: Frame = { width: 400, height: 200, margin: { top: 26, right: 16, bottom: 36, left: 58 } };
    const scales = makeScales({ x: [0, 100], y: [0, 1] }, frame, 'linear');
    const axes = axisModel(scales, frame, { x: String, y: String }, false);
    const svg = chartToSvg({
      frame,
      axes,
      title: 'Top-1 error',
      xLabel: 'step',
      lines: [
        {
          id: 'a',
          points: Float32Array.from([58, 100, 300, 50]),
          style: { color: '#d62728', width: 2, opacity: 1 },
        },
      ],
      series: [
        { id: 'a', label: 'Inception-v3', color: '#d62728', xs: f64([]), ys: f64([]) },
        {
          id: 'b',
          label: 'cluster run',
          color: '#1f77b4',
          xs: f64([]),
          ys: f64([]),
          dashed: true,
          tag: 'imported',
        },
      ],
    });
    expect(svg).toContain('<title>Top-1 error</title>');
    expect(svg).toContain('d="M58,100L300,50"');
    expect(svg).toContain('Inception-v3');
    expect(svg).toContain('cluster run (imported)');
    expect(svg).toContain('stroke-dasharray="6 4"');
    expect(new DOMParserLike(svg).wellFormed).toBe(true);
  });
});

describe('formats', () => {
  it('formats values and durations', () => {
    expect(formatValue(0.0451)).toBe('0.0451');
    expect(formatValue(2.5e-7)).toBe('2.50e-7');
    expect(formatValue(12345)).toBe('12.3k');
    expect(formatValue(NaN)).toBe('NaN');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(725)).toBe('12:05');
    expect(formatDuration(3 * 3600 + 2 * 60 + 9)).toBe('3:02:09');
  });
});

/** Tag balance as a cheap well-formedness check (no DOM in this test environment). */
class DOMParserLike {
  wellFormed: boolean;
  constructor(xml: string) {
    const stack: string[] = [];
    let ok = true;
    for (const m of xml.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
      if (m[3] === '/') continue;
      if (m[1] === '/') ok &&= stack.pop() === m[2];
      else stack.push(m[2]);
    }
    this.wellFormed = ok && stack.length === 0;
  }
}

describe('sparse series and bounds', () => {
  it('keeps only whole-number ticks on a step axis', () => {
    const frame: Frame = { width: 500, height: 200, margin: { top: 10, right: 10, bottom: 30, left: 40 } };
    const sc = makeScales({ x: [5, 7], y: [0, 1] }, frame, 'linear');
    expect(axisModel(sc, frame, { x: String, y: String }, false, true).x.map((t) => t.label)).toEqual([
      '5',
      '6',
      '7',
    ]);
  });
  it('draws a dot at each point when asked (a lone validation point shows)', () => {
    const svg = pathMarkup({
      id: 'v',
      points: Float32Array.from([10, 20]),
      style: { color: '#123456', width: 2, opacity: 1, dots: 2.5 },
    });
    expect(svg).toContain('<circle cx="10" cy="20" r="2.5" fill="#123456"');
  });
  it('keeps an error axis inside [0, 1]', () => {
    expect(boundExtent({ x: [0, 1], y: [0.9, 1.1] }, [0, 1])).toEqual({ x: [0, 1], y: [0.9, 1] });
    expect(boundExtent({ x: [0, 1], y: [2, 3] }, [0, 1])).toEqual({ x: [0, 1], y: [2, 3] }); // nothing left: unchanged
  });
});
