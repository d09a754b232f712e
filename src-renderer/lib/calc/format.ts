/** Number formats shared by the lessons: compact counts (K/M/B as the papers print) and percents. */

/** 163328 → "163.3K", 1582671872 → "1.58B". Decimal units; `digits` significant decimals. */
export function compact(n: number, digits = 1): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${trim((n / 1e9).toFixed(digits + 1))}B`;
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
