/**
 * The line chart's data model. A chart draws series of (x, y) points, sorted by x, with an optional
 * EMA smoothing; the renderer (SVG or canvas) only ever sees pixel polylines.
 */

export type YScaleKind = 'linear' | 'log';

export interface ChartSeries {
  id: string;
  label: string;
  color: string;
  /** Ascending x; NaN/±Inf y values are gaps. */
  xs: Float64Array;
  ys: Float64Array;
  /** Drawn dashed (imported runs). */
  dashed?: boolean;
  /** Extra text for the read-out (e.g. "imported"). */
  tag?: string;
}

export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** Pixel geometry: the whole chart and the plot area inside its margins. */
export interface Frame {
  width: number;
  height: number;
  margin: Margins;
}

export const plotWidth = (f: Frame) => Math.max(1, f.width - f.margin.left - f.margin.right);
export const plotHeight = (f: Frame) => Math.max(1, f.height - f.margin.top - f.margin.bottom);

/** A scale as plain numbers, so it can cross into the worker (d3 scales cannot). */
export interface ScaleSpec {
  kind: 'linear' | 'log';
  domain: [number, number];
  range: [number, number];
}

export interface LineStyle {
  color: string;
  width: number;
  opacity: number;
  /** SVG dash array, e.g. '6 4'. */
  dash?: string;
  /** Radius of a dot at every point (sparse series, where a lone point would not show). */
  dots?: number;
  /** A filled area (the min/max envelope): each sub-path is closed and filled, not stroked. */
  fill?: boolean;
}

/** One polyline to draw: x,y pairs in pixels; a NaN pair breaks the line. */
export interface Polyline {
  id: string;
  points: Float32Array;
  style: LineStyle;
}
