/** Plain-text tables for the CLI: padded columns, numbers right-aligned with thousands separators. */

export type TextCell = string | number | null | undefined;

export const num = (n: number): string => n.toLocaleString('en-US');

export function textTable(headers: string[], rows: TextCell[][], rightAlign: boolean[] = []): string {
  const str = (c: TextCell) => (c === null || c === undefined ? '' : typeof c === 'number' ? num(c) : c);
  const cells = rows.map((r) => r.map(str));
  const width = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (rightAlign[i] ? c.padStart(width[i]!) : c.padEnd(width[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(width.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
