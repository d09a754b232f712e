/**
 * One entry point for imported curves: bytes and a file name in, runs out. The format is decided by
 * the bytes (a TFRecord header whose CRC checks out is an event file), not by the name alone.
 */
import { randomBytes } from 'node:crypto';
import { parseCurvesCsv } from './csv.js';
import { maskedCrc32c } from './crc32c.js';
import { applyTransform, mapTag } from './tags.js';
import { parseTfEvents, type RawPoint } from './tfevents.js';
import {
  CurveImportError,
  type ImportFormat,
  type ImportedRun,
  type ImportedSeries,
  type MetricKey,
} from './types.js';

export function looksLikeTfRecord(b: Uint8Array): boolean {
  if (b.length < 12) return false;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return v.getUint32(8, true) === maskedCrc32c(b, 0, 8);
}

export function detectFormat(fileName: string, b: Uint8Array): ImportFormat {
  if (looksLikeTfRecord(b)) return 'tfevents';
  if (/tfevents/i.test(fileName)) return 'tfevents';
  return 'csv';
}

const baseName = (f: string) => f.replace(/^.*[\\/]/, '');

/** A readable run name from the file name (TensorBoard's downloads are run-<run>-tag-<tag>.csv). */
export function nameFromFile(file: string): { run: string; tag: string } {
  const b = baseName(file).replace(/\.(csv|txt)$/i, '');
  const tb = /^run[-_](.+?)[-_]tag[-_](.+)$/.exec(b);
  if (tb) return { run: tb[1], tag: tb[2] };
  const ev = /^events\.out\.tfevents\.\d+\.(.+)$/.exec(b);
  return { run: ev ? ev[1] : b, tag: b };
}

/** Sorted by step (stable, so equal steps keep file order), with the tag mapped to a metric. */
export function toSeries(tag: string, pts: RawPoint[]): ImportedSeries {
  const sorted = pts.map((p, i) => ({ p, i })).sort((a, b) => a.p.step - b.p.step || a.i - b.i);
  const raw = Float64Array.from(sorted, (s) => s.p.value);
  const m = mapTag(tag, raw);
  return {
    tag,
    metric: m.metric,
    ...(m.note ? { note: m.note } : {}),
    steps: Float64Array.from(sorted, (s) => s.p.step),
    values: raw.map((v) => applyTransform(v, m.transform)),
    times: Float64Array.from(sorted, (s) => s.p.time),
  };
}

/** Two tags claiming one metric: the first keeps it, the rest stay visible under their own names. */
function dedupe(series: ImportedSeries[], notes: string[]): ImportedSeries[] {
  const taken = new Set<MetricKey>();
  for (const s of series) {
    if (s.metric.startsWith('tag.')) continue;
    if (taken.has(s.metric)) {
      notes.push(`Tag "${s.tag}" also looks like ${s.metric}; it is kept as its own curve.`);
      s.metric = `tag.${s.tag}`;
    } else taken.add(s.metric);
  }
  return series;
}

const newId = () => `imp-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

export function importCurves(fileName: string, bytes: Uint8Array, now = Date.now()): ImportedRun[] {
  if (bytes.length === 0) throw new CurveImportError(`${baseName(fileName)} is empty.`);
  const format = detectFormat(fileName, bytes);
  const file = baseName(fileName);
  const { run, tag } = nameFromFile(file);
  if (format === 'tfevents') {
    const r = parseTfEvents(bytes);
    const notes = [...r.notes];
    const series = dedupe(
      [...r.tags].map(([t, pts]) => toSeries(t, pts)),
      notes,
    );
    return [{ id: newId(), name: run, format, file, importedAt: now, series, notes }];
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CurveImportError(`${file} is neither a TensorBoard event file nor a text (CSV) file.`);
  }
  const r = parseCurvesCsv(text, tag);
  return r.runs.map((cr) => {
    const notes = [...r.notes];
    const series = dedupe(
      [...cr.tags].map(([t, pts]) => toSeries(t, pts)),
      notes,
    );
    return { id: newId(), name: cr.run ?? run, format, file, importedAt: now, series, notes };
  });
}
