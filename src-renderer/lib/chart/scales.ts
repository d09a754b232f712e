/**
 * Extents and scales. d3 makes the scales the axes and the hover use; `toScaleSpec` turns one into
 * plain numbers for the worker, and `project` is the same mapping without d3.
 */
import { scaleLinear, scaleLog, type ScaleLinear, type ScaleLogarithmic } from 'd3';
import type { Frame, ScaleSpec, YScaleKind } from './types';
import { plotHeight, plotWidth } from './types';

export interface Extent {
  x: [number, number];
  y: [number, number];
}

/** Finite x and y over all series; log scales ignore y ≤ 0. Null when nothing can be drawn. */
export function dataExtent(
  series: { xs: ArrayLike<number>; ys: ArrayLike<number> }[],
  yKind: YScaleKind,
  /** A log x axis ignores x ≤ 0 (step 0). */
  xKind: YScaleKind = 'linear',
): Extent | null {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.xs.length; i++) {
      const x = s.xs[i];
      const y = s.ys[i];
      if (!Number.isFinite(x) || !Number.isFinite(y) || (yKind === 'log' && y <= 0)) continue;
      if (xKind === 'log' && x <= 0) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  if (x0 === Infinity) return null;
  return { x: [x0, x1], y: [y0, y1] };
}

/** Room around the data: 5 % of the span (a factor on log scales); a flat line gets a band around it. */
export function padExtent(e: Extent, yKind: YScaleKind, xKind: YScaleKind = 'linear'): Extent {
  let [x0, x1] = e.x;
  if (x0 === x1) [x0, x1] = xKind === 'log' ? [x0 / 2, x1 * 2] : [x0 - 1, x1 + 1];
  const [y0, y1] = e.y;
  if (yKind === 'log') {
    if (y0 === y1) return { x: [x0, x1], y: [y0 / 2, y1 * 2] };
    const f = Math.pow(y1 / y0, 0.05);
    return { x: [x0, x1], y: [y0 / f, y1 * f] };
  }
  if (y0 === y1) {
    const d = Math.abs(y0) > 0 ? Math.abs(y0) * 0.1 : 1;
    return { x: [x0, x1], y: [y0 - d, y1 + d] };
  }
  const pad = (y1 - y0) * 0.05;
  return { x: [x0, x1], y: [y0 - pad, y1 + pad] };
}

/** Keeps a padded extent inside hard bounds (error rates live in [0, 1]). */
export function boundExtent(e: Extent, bounds: [number, number] | undefined): Extent {
  if (!bounds) return e;
  const y0 = Math.max(e.y[0], bounds[0]);
  const y1 = Math.min(e.y[1], bounds[1]);
  return y0 < y1 ? { x: e.x, y: [y0, y1] } : e;
}

export type YScale = ScaleLinear<number, number> | ScaleLogarithmic<number, number>;

export interface Scales {
  x: YScale;
  y: YScale;
}

export function makeScales(e: Extent, frame: Frame, yKind: YScaleKind, xKind: YScaleKind = 'linear'): Scales {
  const left = frame.margin.left;
  const top = frame.margin.top;
  const xr: [number, number] = [left, left + plotWidth(frame)];
  const x = xKind === 'log' ? scaleLog().domain(e.x).range(xr) : scaleLinear().domain(e.x).range(xr);
  const yr: [number, number] = [top + plotHeight(frame), top];
  const y = yKind === 'log' ? scaleLog().domain(e.y).range(yr) : scaleLinear().domain(e.y).range(yr);
  return { x, y };
}

export function toScaleSpec(
  s: ScaleLinear<number, number> | ScaleLogarithmic<number, number>,
  kind: YScaleKind,
): ScaleSpec {
  const d = s.domain();
  const r = s.range();
  return { kind, domain: [d[0], d[1]], range: [r[0], r[1]] };
}

/** The pixel of a value; NaN for values a log scale cannot show. */
export function project(s: ScaleSpec, v: number): number {
  const [d0, d1] = s.domain;
  const [r0, r1] = s.range;
  if (s.kind === 'log') {
    if (!(v > 0)) return NaN;
    const a = Math.log(d0);
    return r0 + ((Math.log(v) - a) / (Math.log(d1) - a)) * (r1 - r0);
  }
  return r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}
