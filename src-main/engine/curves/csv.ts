/**
 * Curves as CSV, both ways. Reading accepts the three shapes found in the wild:
 *  - TensorBoard's download:   Wall time,Step,Value            (one tag per file; the tag is the file name)
 *  - wide:                     step[,epoch][,time],loss,val_loss,…   (a column per metric)
 *  - long (this app's export): run,metric,step[,epoch][,time],value    (several runs in one file)
 * Writing produces the long shape, which this reader takes back unchanged.
 */
import type { RawPoint } from './tfevents.js';
import { CurveImportError, type ExportCurve } from './types.js';

/** RFC 4180 fields; the delimiter is guessed from the header (comma, semicolon or tab). */
export function parseCsvRows(text: string): string[][] {
  const src = text.replace(/^\uFEFF/, '');
  const firstLine = src.slice(0, src.search(/\r?\n|$/));
  const delim = [',', ';', '\t'].reduce((a, b) =>
    firstLine.split(b).length > firstLine.split(a).length ? b : a,
  );
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delim) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f.trim() !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f.trim() !== '')) rows.push(row);
  return rows;
}

const norm = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
const STEP = ['step', 'steps', 'global_step', 'iteration', 'iter', 'iterations', 'batch', 'x'];
const EPOCH = ['epoch', 'epochs'];
const TIME = ['wall_time', 'walltime', 'time', 'timestamp', 'wall', 'relative_time'];

/** A time cell as ms: large numbers are ms since 1970, others seconds; dates parse as dates. */
export function parseTime(cell: string): number {
  const s = cell.trim();
  if (s === '') return NaN;
  const n = Number(s);
  if (Number.isFinite(n)) return n > 1e11 ? n : n * 1000;
  const d = Date.parse(s);
  return Number.isNaN(d) ? NaN : d;
}

/** A number, with the spellings of infinity that Python and pandas write. */
export function parseValue(cell: string): number {
  const m = /^([+-]?)(inf|infinity)$/i.exec(cell);
  if (m) return m[1] === '-' ? -Infinity : Infinity;
  return Number(cell);
}

export interface CsvRun {
  /** Run name from a 'run' column; undefined for single-run files. */
  run?: string;
  tags: Map<string, RawPoint[]>;
}

export interface CsvResult {
  runs: CsvRun[];
  notes: string[];
}

/** `tagFromName` names the value column of a TensorBoard download (its file name). */
export function parseCurvesCsv(text: string, tagFromName: string): CsvResult {
  const rows = parseCsvRows(text);
  if (rows.length < 2)
    throw new CurveImportError('This CSV has no data rows (it needs a header line and at least one row).');
  const header = rows[0].map(norm);
  const find = (names: string[]) => header.findIndex((h) => names.includes(h));
  const stepCol = find(STEP);
  const epochCol = find(EPOCH);
  const timeCol = find(TIME);
  const runCol = find(['run', 'run_name', 'experiment']);
  const metricCol = find(['metric', 'tag', 'name', 'series']);
  const valueCol = find(['value', 'y']);
  const notes: string[] = [];
  const long = metricCol >= 0 && valueCol >= 0;
  const used = new Set([stepCol, epochCol, timeCol, runCol, metricCol, valueCol]);
  const valueCols = long
    ? [valueCol]
    : header.map((_, i) => i).filter((i) => !used.has(i) || (i === valueCol && valueCol >= 0));
  if (valueCols.length === 0)
    throw new CurveImportError('This CSV has no value columns: only step/epoch/time columns were found.');
  if (stepCol < 0)
    notes.push(
      epochCol >= 0
        ? 'No step column: the epoch column is used as the step.'
        : 'No step column: the row number is used as the step.',
    );
  const byRun = new Map<string, Map<string, RawPoint[]>>();
  let skipped = 0;
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    const num = (c: number) =>
      c >= 0 && row[c] !== undefined && row[c].trim() !== '' ? Number(row[c]) : NaN;
    const step = stepCol >= 0 ? num(stepCol) : epochCol >= 0 ? num(epochCol) : r - 1;
    if (!Number.isFinite(step)) {
      skipped++;
      continue;
    }
    const time = timeCol >= 0 ? parseTime(row[timeCol] ?? '') : NaN;
    const run = runCol >= 0 ? (row[runCol] ?? '').trim() : '';
    let tags = byRun.get(run);
    if (!tags) byRun.set(run, (tags = new Map()));
    for (const c of valueCols) {
      const cell = (row[c] ?? '').trim();
      if (cell === '') continue;
      const value = parseValue(cell);
      // NaN and ±Inf are kept when spelled so: a diverged run logs them on purpose.
      if (Number.isNaN(value) && !/^nan$/i.test(cell)) {
        skipped++;
        continue;
      }
      const tag = long
        ? (row[metricCol] ?? '').trim()
        : header[c] === 'value' && valueCols.length === 1
          ? tagFromName
          : rows[0][c].trim();
      if (!tag) {
        skipped++;
        continue;
      }
      let pts = tags.get(tag);
      if (!pts) tags.set(tag, (pts = []));
      pts.push({ step, value, time });
    }
  }
  if (skipped) notes.push(`${skipped} cell(s) or row(s) were not numbers and were skipped.`);
  const runs = [...byRun]
    .map(([run, tags]) => ({ ...(run ? { run } : {}), tags }))
    .filter((r) => r.tags.size > 0);
  if (runs.length === 0) throw new CurveImportError('No numeric values were found in this CSV.');
  return { runs, notes };
}

function cell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const numCell = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '' : String(x));

/** Long-form CSV: one row per point. Time is seconds since 1970 (TensorBoard's "Wall time"). */
export function curvesToCsv(curves: ExportCurve[]): string {
  const lines = ['run,source,metric,step,epoch,wall_time,value'];
  for (const c of curves) {
    const pre = `${cell(c.run)},${c.source},${cell(c.metric)}`;
    for (let i = 0; i < c.steps.length; i++) {
      const t = c.times?.[i];
      const time = t === undefined || Number.isNaN(t) ? '' : String(t / 1000);
      const v = c.values[i];
      const value = Number.isNaN(v) ? 'nan' : String(v);
      lines.push(`${pre},${c.steps[i]},${numCell(c.epochs?.[i])},${time},${value}`);
    }
  }
  return lines.join('\n') + '\n';
}
