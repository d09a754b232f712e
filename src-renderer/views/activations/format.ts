/** Numbers as the Activations view shows them: 4 significant digits, fractions as percentages. */

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
