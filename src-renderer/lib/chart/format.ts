/** Number and time formats for axes and the read-out. */
import { format } from 'd3';

const si = format('.3~s');
const fixed = format('.4~g');

/** Compact value: 0.0451, 1.23k, 2.5e-7. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(2).replace('e+', 'e');
  return a >= 1e4 ? si(v) : fixed(v);
}

/** Seconds as 45 s, 12:05 or 3:02:09 (hours). */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(r).padStart(2, '0')}`;
}

/** Percent with one decimal for error rates in [0, 1]. */
export function formatPercent(v: number): string {
  return Number.isFinite(v) ? `${(v * 100).toFixed(1)} %` : formatValue(v);
}
