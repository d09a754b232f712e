/** Number formats of the paper tables: "2.7K", "1072K", "34M". */

/** Parse a printed "2.7K" / "34M" into a number (K = 1000, M = 10⁶). */
export function parsePrinted(s: string): number {
  const m = /^([\d.]+)([KM]?)$/.exec(s.trim());
  if (!m) throw new Error(`unreadable printed number '${s}'`);
  const scale = m[2] === 'K' ? 1e3 : m[2] === 'M' ? 1e6 : 1;
  return Number(m[1]) * scale;
}

/** Thousands as the paper prints them: one decimal below 10K, whole K above. */
export function fmtK(n: number): string {
  const k = n / 1000;
  return k < 10 ? `${k.toFixed(1)}K` : `${Math.round(k)}K`;
}

export const fmtM = (n: number): string => `${Math.round(n / 1e6)}M`;

/** Relative difference, for deciding whether a printed and a computed value "differ". */
export const relDiff = (printed: number, computed: number): number =>
  Math.abs(printed - computed) / Math.max(1, computed);

export const dims = (s: number[]): string => (s.length === 1 ? `1×1×${s[0]}` : s.join('×'));
