/** The layer table as CSV or Markdown: module rows, their layers (indented in Markdown) and TOTAL. */
import { formatPct } from '../../../lib/format';
import { downloadText } from '../../../lib/export/download';
import { toCsv, toMarkdown, type ExportColumn, type ExportRow } from '../../../lib/export/table-export';
import type { TableModel } from './table-model';

export const TABLE_COLUMNS: ExportColumn[] = [
  { key: 'name', title: 'name' },
  { key: 'kind', title: 'row' },
  { key: 'type', title: 'type' },
  { key: 'shape', title: 'output' },
  { key: 'params', title: 'params', numeric: true },
  { key: 'macs', title: 'MACs', numeric: true },
  { key: 'pp', title: '% params', numeric: true },
  { key: 'pm', title: '% MACs', numeric: true },
];

/** Every row, modules followed by their layers, then TOTAL. Numbers stay raw (no separators). */
export function tableRows(m: TableModel): ExportRow[] {
  const out: ExportRow[] = [];
  const row = (r: TableModel['rows'][number]): ExportRow => ({
    name: r.name,
    kind: r.kind,
    type: r.type,
    shape: r.shape,
    params: r.params,
    macs: r.macs,
    pp: formatPct(r.params, m.total.params),
    pm: formatPct(r.macs, m.total.macs),
  });
  for (const r of m.rows) {
    out.push(row(r));
    for (const c of r.children) out.push(row(c));
  }
  out.push({
    name: 'TOTAL',
    kind: 'total',
    type: m.convention,
    shape: '',
    params: m.total.params,
    macs: m.total.macs,
    pp: '100%',
    pm: '100%',
  });
  return out;
}

export function tableText(m: TableModel, format: 'csv' | 'md'): string {
  const rows = tableRows(m);
  if (format === 'csv') return toCsv(TABLE_COLUMNS, rows);
  // Markdown: layers indented under their module so the grouping survives.
  const md = rows.map((r) =>
    r.kind === 'layer' && !m.rows.some((x) => x.id === r.name) ? { ...r, name: `  ${r.name}` } : r,
  );
  return toMarkdown(TABLE_COLUMNS, md);
}

export function tableExport(m: TableModel, stem: string, format: 'csv' | 'md'): void {
  downloadText(`${stem}.${format}`, tableText(m, format), format === 'csv' ? 'text/csv' : 'text/markdown');
}
