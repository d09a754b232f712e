import { describe, expect, it } from 'vitest';
import { axisModel } from './axes';
import { computeLines } from './compute';
import { envelopePolygon } from './envelope';
import { nameMatcher, uniqueNames } from './names';
import { pathData, pathMarkup } from './renderer';
import { quantileSorted, robustYRange } from './robust';
import { dataExtent, makeScales, padExtent } from './scales';
import type { Frame } from './types';

const f64 = (a: number[]) => Float64Array.from(a);
const frame: Frame = { width: 400, height: 200, margin: { top: 10, right: 10, bottom: 30, left: 50 } };

describe('ignore outliers (1st–99th percentile)', () => {
  it('interpolates quantiles as numpy.quantile does by default', () => {
    // numpy.quantile([1, 2, 3, 4], 0.25) = 1.75: position 0.75 between 1 and 2.
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
    expect(quantileSorted([5], 0.99)).toBe(5);
  });
  it('a single spike does not set the y range', () => {
    const ys = Array.from({ length: 200 }, (_, i) => 2 - i / 200);
    ys[100] = 1e6;
    const xs = ys.map((_, i) => i);
    const r = robustYRange([{ xs, ys }], 'linear', { quantiles: [0.01, 0.99] })!;
    expect(r[1]).toBeLessThan(3);
    expect(r[0]).toBeGreaterThan(1);
    const all = robustYRange([{ xs, ys }], 'linear', { quantiles: [0, 1] })!;
    expect(all[1]).toBe(1e6);
  });
  it('counts each series on its own, so a short run is not lost beside a long import', () => {
    const long = {
      xs: Array.from({ length: 1000 }, (_, i) => i),
      ys: Array.from({ length: 1000 }, () => 0.1),
    };
    const short = { xs: [0, 1, 2], ys: [2.3, 2.2, 2.1] };
    const r = robustYRange([long, short], 'linear', { quantiles: [0.01, 0.99] })!;
    expect(r[0]).toBeCloseTo(0.1, 12);
    expect(r[1]).toBeGreaterThan(2.2);
  });
  it('only points inside the zoomed x range count; log scales skip y ≤ 0', () => {
    const s = { xs: [0, 1, 2, 3], ys: [10, 0, 2, 3] };
    expect(robustYRange([s], 'linear', { quantiles: [0, 1], xRange: [1.5, 3] })).toEqual([2, 3]);
    expect(robustYRange([s], 'log', { quantiles: [0, 1] })).toEqual([2, 10]);
    expect(robustYRange([s], 'linear', { quantiles: [0, 1], xRange: [7, 8] })).toBeNull();
  });
});

describe('log x axis', () => {
  it('drops x ≤ 0 (step 0) from the extent and maps decades evenly', () => {
    const s = [{ xs: f64([0, 1, 10, 100]), ys: f64([1, 2, 3, 4]) }];
    const e = dataExtent(s, 'linear', 'log')!;
    expect(e.x).toEqual([1, 100]);
    const sc = makeScales({ x: [1, 100], y: [0, 5] }, frame, 'linear', 'log');
    // Plot 50..390: 10 sits halfway between 1 and 100.
    expect(sc.x(10)).toBeCloseTo(220, 9);
    expect(padExtent({ x: [5, 5], y: [1, 2] }, 'linear', 'log').x).toEqual([2.5, 10]);
  });
  it('keeps 1, 2 and 5 × 10ⁿ ticks over several decades', () => {
    const sc = makeScales({ x: [1, 10000], y: [0, 1] }, frame, 'linear', 'log');
    const ax = axisModel(sc, frame, { x: String, y: String }, false, true, true);
    const labels = ax.x.map((t) => t.label);
    expect(labels).toContain('1000');
    expect(labels).not.toContain('3000');
    for (const l of labels) expect(['1', '2', '5']).toContain(l[0]);
  });
  it('computed lines break at points a log axis cannot show', () => {
    const [c] = computeLines({
      series: [{ id: 'a', xs: f64([0, 1, 10]), ys: f64([1, 2, 3]) }],
      smoothing: 0,
      x: { kind: 'log', domain: [1, 10], range: [0, 100] },
      y: { kind: 'linear', domain: [0, 4], range: [100, 0] },
    });
    // The step-0 point is left out; the line runs from x = 0 px (step 1) to 100 px (step 10).
    expect(Array.from(c.line)).toEqual([0, 50, 100, 25]);
  });
});

describe('min/max envelope', () => {
  it('per pixel column: the top edge is the maxima, the bottom edge the minima', () => {
    // Pixel y grows downwards, so the top edge has the smallest pixel ys.
    const px = [0, 1, 4, 5, 8];
    const py = [10, 20, 5, 30, 15];
    const p = Array.from(envelopePolygon(px, py, 4));
    expect(p).toEqual([0, 10, 4, 5, 8, 15, 8, 15, 4, 30, 0, 20]);
  });
  it('a gap starts a new polygon; a lone column makes none', () => {
    const p = Array.from(envelopePolygon([0, 4, 8, 12, 16], [1, 2, NaN, 3, 4], 4));
    expect(p.slice(0, 8)).toEqual([0, 1, 4, 2, 4, 2, 0, 1]);
    expect(Number.isNaN(p[8])).toBe(true);
    expect(p.length).toBe(18);
    expect(envelopePolygon([0, 1], [1, 2], 4).length).toBe(0);
  });
  it('computeLines returns bands only when asked, and they draw as closed filled paths', () => {
    const req = {
      series: [{ id: 'a', xs: f64([0, 1, 2, 3]), ys: f64([1, 3, 2, 4]) }],
      smoothing: 0.5,
      x: { kind: 'linear' as const, domain: [0, 3] as [number, number], range: [0, 30] as [number, number] },
      y: { kind: 'linear' as const, domain: [0, 4] as [number, number], range: [40, 0] as [number, number] },
    };
    expect(computeLines(req)[0].band.length).toBe(0);
    const [c] = computeLines({ ...req, envelope: 8 });
    expect(c.band.length).toBeGreaterThan(0);
    expect(pathData(c.band, true).endsWith('Z')).toBe(true);
    const m = pathMarkup({
      id: 'b',
      points: c.band,
      style: { color: '#123456', width: 0, opacity: 0.2, fill: true },
    });
    expect(m).toMatch(/fill="#123456" fill-opacity="0.2" stroke="none"/);
  });
});

describe('run names', () => {
  it('never share a name: later repeats get " (2)", " (3)"', () => {
    const n = uniqueNames([
      { id: 'a', name: 'Inception-v3' },
      { id: 'b', name: 'Inception-v3' },
      { id: 'c', name: 'Inception-v3 (2)' },
      { id: 'd', name: 'Inception-v3' },
    ]);
    expect([...n.values()]).toEqual([
      'Inception-v3',
      'Inception-v3 (2)',
      'Inception-v3 (2) (2)',
      'Inception-v3 (3)',
    ]);
    expect(new Set(n.values()).size).toBe(4);
  });
  it('filter: a regular expression, case-insensitive; invalid ones match as text', () => {
    expect(nameMatcher('^incep.*v3$').test('Inception-v3')).toBe(true);
    expect(nameMatcher('^incep.*v3$').test('Inception-ResNet-v1')).toBe(false);
    expect(nameMatcher('resnet|v4').test('Inception-ResNet-v1')).toBe(true);
    const bad = nameMatcher('v3 (');
    expect(bad.regex).toBe(false);
    expect(bad.test('Inception-v3 (2)')).toBe(true);
    expect(bad.test('Inception-v3')).toBe(false);
    expect(nameMatcher('  ').test('anything')).toBe(true);
  });
});
