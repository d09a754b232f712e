/**
 * Every number the renderer shows is written by this one module, so that a count reads the same in
 * a lesson, a table and Compare (decimal units K, M, G, T; thousands separators fixed, not the OS's).
 */
import { format } from 'd3';

// Counts and shapes: the graph, tables, figures and exports.

/** 6998552 → "6,998,552" (fixed locale so exports and tests do not depend on the OS). */
export function formatInt(n: number): string {
  const sign = n < 0 ? '-' : '';
  const digits = Math.round(Math.abs(n)).toString();
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const UNITS: [number, string][] = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'K'],
];

/** 6998552 → "7.00M", 1582671872 → "1.58G", 512 → "512". Three significant digits. */
export function formatCompact(n: number): string {
  const a = Math.abs(n);
  for (const [v, u] of UNITS) {
    if (a >= v) {
      const x = n / v;
      const digits = Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2;
      return `${x.toFixed(digits)}${u}`;
    }
  }
  return String(Math.round(n));
}

/** A signed delta: "+6,379,728" or "−12". Zero is "0". */
export function formatDelta(n: number, compact = false): string {
  if (n === 0) return '0';
  const body = compact ? formatCompact(Math.abs(n)) : formatInt(Math.abs(n));
  return (n > 0 ? '+' : '−') + body;
}

/** Percentage with one decimal, "12.3%"; tiny non-zero shares show as "<0.1%". */
export function formatPct(part: number, whole: number): string {
  if (whole === 0 || part === 0) return '0%';
  const p = (100 * part) / whole;
  if (Math.abs(p) < 0.05) return '<0.1%';
  return `${p.toFixed(1)}%`;
}

/** [28, 28, 192] → "28×28×192"; [1000] → "1000". */
export function formatShape(shape: readonly number[] | undefined): string {
  return shape && shape.length ? shape.join('×') : '';
}

// Counts and percents in the lessons' prose.

/** 163328 → "163.3K", 1582671872 → "1.58G". Decimal units; `digits` decimals (one more for G). */
export function compact(n: number, digits = 1): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${trim((n / 1e9).toFixed(digits + 1))}G`;
  if (a >= 1e6) return `${trim((n / 1e6).toFixed(digits))}M`;
  if (a >= 1e3) return `${trim((n / 1e3).toFixed(digits))}K`;
  return trim(n.toFixed(Number.isInteger(n) ? 0 : digits));
}

function trim(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** 0.28 → "28%"; 0.7142 → "71.4%" with digits = 1. */
export function percent(f: number, digits = 0): string {
  return `${trim((f * 100).toFixed(digits))}%`;
}

/** Thousands separators, locale-independent so that tests and both languages agree: 163,328. */
export function grouped(n: number): string {
  const [i, frac] = String(n).split('.');
  const sign = i.startsWith('-') ? '-' : '';
  const digits = sign ? i.slice(1) : i;
  const withCommas = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return sign + withCommas + (frac ? `.${frac}` : '');
}

/** Scientific form the papers use for big counts: 250880000 → "2.51·10⁸". */
export function scientific(n: number, digits = 2): string {
  if (n === 0) return '0';
  const e = Math.floor(Math.log10(Math.abs(n)));
  const m = n / 10 ** e;
  const sup = String(e).replace(/[-0-9]/g, (c) => '⁻⁰¹²³⁴⁵⁶⁷⁸⁹'['-0123456789'.indexOf(c)]);
  return `${m.toFixed(digits)}·10${sup}`;
}

// Chart axes and read-outs.

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
  return Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : formatValue(v);
}

// Activation statistics.

/** 0.000123456 → "1.235e-4", 12.3456 → "12.35", 0 → "0". */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(3).replace('e+', 'e');
  return String(Number(v.toPrecision(4)));
}

/** 0.4567 → "45.7%"; a fraction not yet known (NaN) → "—". */
export function pct(f: number): string {
  if (!Number.isFinite(f)) return '—';
  return `${(f * 100).toFixed(1)}%`;
}

/** 1536000 → "1.5 MB". */
export function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
