/**
 * Runs as curves for export: an app run's log (its history, with superseded steps removed) becomes one
 * curve per metric, and imported runs go out as they came in (after their tag mapping).
 */
import type { StepRecord, ValRecord } from '../train/types.js';
import { curvesToCsv as writeCsv } from './csv.js';
import type { ExportCurve, ImportedRun, MetricKey } from './types.js';

type Rec = StepRecord | ValRecord;

function curve(
  run: string,
  metric: MetricKey,
  recs: Rec[],
  value: (r: Rec) => number | undefined,
): ExportCurve | null {
  const pts = recs
    .map((r) => ({ r, v: value(r) }))
    .filter((p): p is { r: Rec; v: number } => p.v !== undefined);
  if (pts.length === 0) return null;
  return {
    run,
    source: 'app',
    metric,
    steps: pts.map((p) => p.r.step),
    values: pts.map((p) => p.v),
    times: pts.map((p) => p.r.time),
    epochs: pts.map((p) => p.r.epoch),
  };
}

/** Every metric an app run logged, training first. */
export function appRunCurves(name: string, steps: StepRecord[], val: ValRecord[]): ExportCurve[] {
  const auxNames = [...new Set(steps.flatMap((s) => Object.keys(s.aux)))];
  const list = [
    curve(name, 'train.main', steps, (r) => (r as StepRecord).main),
    curve(name, 'train.loss', steps, (r) => (r as StepRecord).loss),
    curve(name, 'train.top1', steps, (r) => (r as StepRecord).top1),
    curve(name, 'lr', steps, (r) => (r as StepRecord).lr),
    ...auxNames.map((a) => curve(name, `aux.${a}`, steps, (r) => r.aux[a])),
    curve(name, 'val.loss', val, (r) => r.loss),
    curve(name, 'val.top1', val, (r) => r.top1),
    curve(name, 'val.top5', val, (r) => (r as ValRecord).top5),
  ];
  return list.filter((c): c is ExportCurve => c !== null);
}

export function importedRunCurves(r: ImportedRun): ExportCurve[] {
  return r.series.map((s) => ({
    run: r.name,
    source: 'imported',
    metric: s.metric.startsWith('tag.') ? s.tag : s.metric,
    steps: s.steps,
    values: s.values,
    times: s.times,
  }));
}

/**
 * A text cell a spreadsheet would run as a formula (=HYPERLINK(…), +cmd, -2+3, @SUM, or one that
 * starts with a tab or CR) gets a leading ', which spreadsheets show as text. Numbers stay numbers:
 * -0.5 and +1e-3 are values, not formulas. (OWASP, "CSV Injection":
 * https://owasp.org/www-community/attacks/CSV_Injection)
 */
export function neutraliseCell(text: string): string {
  if (!/^[=+\-@\t\r]/.test(text)) return text;
  const t = text.trim();
  if (t !== '' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return text;
  return `'${text}`;
}

/** Long-form CSV of the curves; run names and metric names (tags from imported files) are neutralised. */
export function curvesToCsv(curves: ExportCurve[]): string {
  return writeCsv(
    curves.map((c) => ({ ...c, run: neutraliseCell(c.run), metric: neutraliseCell(c.metric) })),
  );
}
