/** Number and shape formatting shared by the graph, tables, figures and exports. */

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

/** [3, 3] → "3×3". */
export function formatPair(p: readonly [number, number]): string {
  return `${p[0]}×${p[1]}`;
}
