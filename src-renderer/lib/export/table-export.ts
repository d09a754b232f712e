/** Any table as CSV (RFC 4180) or GitHub Markdown. Cells are already-formatted strings or numbers. */

export interface ExportColumn {
  key: string;
  title: string;
  /** Right-align in Markdown (numbers). */
  numeric?: boolean;
}

export type ExportRow = Record<string, string | number | undefined | null>;

const cell = (v: ExportRow[string]): string => (v === undefined || v === null ? '' : String(v));

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV with a header row; numbers stay raw (no thousands separators) so spreadsheets read them. */
export function toCsv(columns: ExportColumn[], rows: ExportRow[]): string {
  const lines = [columns.map((c) => csvField(c.title)).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvField(cell(r[c.key]))).join(','));
  return lines.join('\r\n') + '\r\n';
}

function mdField(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A Markdown pipe table; numeric columns are right-aligned. */
export function toMarkdown(columns: ExportColumn[], rows: ExportRow[]): string {
  const head = `| ${columns.map((c) => mdField(c.title)).join(' | ')} |`;
  const rule = `|${columns.map((c) => (c.numeric ? '---:' : '---')).join('|')}|`;
  const body = rows.map((r) => `| ${columns.map((c) => mdField(cell(r[c.key]))).join(' | ')} |`);
  return [head, rule, ...body].join('\n') + '\n';
}
