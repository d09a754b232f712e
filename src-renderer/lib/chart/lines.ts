/**
 * Styles for a chart's lines: smoothed on top, the raw values faded behind (as TensorBoard draws), and
 * the raw values' min/max envelope as a light band at the back.
 */
import type { ComputedSeries } from './compute';
import type { ChartSeries, Polyline } from './types';

/** Series with at most this many points get a dot at each (validation curves: one point per epoch). */
export const DOT_POINTS = 40;

export function polylines(computed: ComputedSeries[], series: ChartSeries[], smoothing: number): Polyline[] {
  const byId = new Map(series.map((s) => [s.id, s]));
  const bands: Polyline[] = [];
  const faded: Polyline[] = [];
  const main: Polyline[] = [];
  for (const c of computed) {
    const s = byId.get(c.id);
    if (!s) continue;
    const dash = s.dashed ? '6 4' : undefined;
    if (c.band.length > 0)
      bands.push({
        id: `${c.id}:band`,
        points: c.band,
        style: { color: s.color, width: 0, opacity: 0.14, fill: true },
      });
    if (smoothing > 0 && c.raw.length > 0)
      faded.push({
        id: `${c.id}:raw`,
        points: c.raw,
        style: { color: s.color, width: 1, opacity: 0.25, dash },
      });
    const dots = s.xs.length <= DOT_POINTS ? 2.5 : undefined;
    main.push({ id: c.id, points: c.line, style: { color: s.color, width: 1.75, opacity: 1, dash, dots } });
  }
  return [...bands, ...faded, ...main];
}
