/**
 * The chart's heavy part, as one pure function: smooth every series, project it to pixels and
 * decimate it. It runs in a worker once the points get many (compute-client.ts) and inline otherwise;
 * both give the same answer.
 */
import { decimate } from './decimate';
import { envelopePolygon } from './envelope';
import { project } from './scales';
import { smoothEma } from './smoothing';
import type { ScaleSpec } from './types';

export interface ComputeRequest {
  series: { id: string; xs: Float64Array; ys: Float64Array }[];
  smoothing: number;
  /** Min/max envelopes of the raw values, in columns this many pixels wide (0 = none). */
  envelope?: number;
  x: ScaleSpec;
  y: ScaleSpec;
}

export interface ComputedSeries {
  id: string;
  /** The smoothed values (equal to ys without smoothing), for the read-out. */
  smoothed: Float64Array;
  /** Decimated pixel polylines of the raw and the smoothed values. */
  raw: Float32Array;
  line: Float32Array;
  /** The raw values' min/max band as polygons (empty without an envelope). */
  band: Float32Array;
}

/** Off-screen coordinates are clamped so renderers never see huge numbers (a spike to 1e30). */
const LIMIT = 1e5;
const clamp = (v: number) => (v > LIMIT ? LIMIT : v < -LIMIT ? -LIMIT : v);

function pixels(xs: Float64Array, ys: ArrayLike<number>, sx: ScaleSpec, sy: ScaleSpec) {
  const px = new Float64Array(xs.length);
  const py = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    px[i] = clamp(project(sx, xs[i]));
    const y = ys[i];
    py[i] = Number.isFinite(y) ? clamp(project(sy, y)) : NaN;
  }
  return { px, py };
}

function polyline(xs: Float64Array, ys: ArrayLike<number>, sx: ScaleSpec, sy: ScaleSpec): Float32Array {
  const { px, py } = pixels(xs, ys, sx, sy);
  return decimate(px, py);
}

export function computeLines(req: ComputeRequest): ComputedSeries[] {
  return req.series.map((s) => {
    const smoothed = req.smoothing > 0 ? smoothEma(s.ys, req.smoothing) : Float64Array.from(s.ys);
    const line = polyline(s.xs, smoothed, req.x, req.y);
    const raw = req.smoothing > 0 ? polyline(s.xs, s.ys, req.x, req.y) : new Float32Array(0);
    let band: Float32Array = new Float32Array(0);
    if (req.envelope && req.envelope > 0) {
      const { px, py } = pixels(s.xs, s.ys, req.x, req.y);
      band = envelopePolygon(px, py, req.envelope);
    }
    return { id: s.id, smoothed, raw, line, band };
  });
}
