/**
 * One interface, two ways to draw lines: SVG paths (crisp, exportable, fine up to a few thousand
 * points) and a canvas (for long runs). The chart picks one; both take the same pixel polylines.
 */
import type { Polyline } from './types';

export interface ChartRenderer {
  readonly kind: 'svg' | 'canvas';
  resize(width: number, height: number): void;
  /** Replace everything drawn with these lines, clipped to the plot rectangle. */
  draw(lines: Polyline[], clip: { x: number; y: number; w: number; h: number }): void;
  destroy(): void;
}

/** Lines are clipped this many pixels outside the plot, so dots on its edge show whole. */
export const CLIP_PAD = 4;

const n = (v: number) => (Math.round(v * 10) / 10).toString();

/** SVG path data for a polyline; a NaN pair starts a new sub-path. */
export function pathData(points: Float32Array, closed = false): string {
  let d = '';
  let move = true;
  for (let i = 0; i + 1 < points.length; i += 2) {
    const x = points[i];
    const y = points[i + 1];
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (closed && !move) d += 'Z';
      move = true;
      continue;
    }
    d += `${move ? 'M' : 'L'}${n(x)},${n(y)}`;
    move = false;
  }
  return closed && d ? `${d}Z` : d;
}

/** The <path> element for a line (and its dots), as markup: the export and the SVG renderer share it. */
export function pathMarkup(l: Polyline): string {
  const s = l.style;
  const d = pathData(l.points, s.fill);
  if (!d) return '';
  if (s.fill) return `<path d="${d}" fill="${s.color}" fill-opacity="${s.opacity}" stroke="none"/>`;
  let dots = '';
  if (s.dots) {
    for (let i = 0; i + 1 < l.points.length; i += 2) {
      const x = l.points[i];
      const y = l.points[i + 1];
      if (!Number.isNaN(x) && !Number.isNaN(y))
        dots += `<circle cx="${n(x)}" cy="${n(y)}" r="${s.dots}" fill="${s.color}" fill-opacity="${s.opacity}"/>`;
    }
  }
  return (
    `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="${s.width}" stroke-opacity="${s.opacity}"` +
    ` stroke-linejoin="round" stroke-linecap="round"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>` +
    dots
  );
}
