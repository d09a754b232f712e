/**
 * From runs to chart series: app runs (their log records) and imported runs (their tags) become one
 * series per run for a metric, against step, epoch or active wall time. Pure, so it is unit-tested.
 */
import { schemeTableau10 } from 'd3';
import type {
  ImportedRun,
  LogRecord,
  MetricKey,
  RunMeta,
  StepRecord,
  ValRecord,
} from '../../../src-main/shared/protocol/index';
import type { ChartSeries } from '../../lib/chart/types';

export type XAxis = 'step' | 'epoch' | 'wall';

export interface RunHistory {
  steps: StepRecord[];
  val: ValRecord[];
}

/** The charts every comparison starts with, in order. */
export const BASE_METRICS: MetricKey[] = [
  'train.main',
  'train.loss',
  'val.loss',
  'val.top1',
  'val.top5',
  'train.top1',
  'lr',
];

/** A live record joins a history; a 'resume' supersedes the steps it will compute again. */
export function applyRecord(h: RunHistory, r: LogRecord): RunHistory {
  switch (r.t) {
    case 'step':
      return { ...h, steps: [...h.steps, r] };
    case 'val':
      return { ...h, val: [...h.val, r] };
    case 'resume':
      return { steps: h.steps.filter((s) => s.step < r.step), val: h.val.filter((v) => v.step < r.step) };
    default:
      return h;
  }
}

/** Base metrics, then every aux head and unmatched imported tag that some run has. */
export function availableMetrics(histories: RunHistory[], imported: ImportedRun[]): MetricKey[] {
  const extra = new Set<MetricKey>();
  for (const h of histories)
    for (const s of h.steps.slice(0, 1)) for (const a of Object.keys(s.aux)) extra.add(`aux.${a}`);
  for (const r of imported)
    for (const s of r.series) if (!BASE_METRICS.includes(s.metric)) extra.add(s.metric);
  const sorted = [...extra].sort((a, b) =>
    a.startsWith('aux.') === b.startsWith('aux.') ? a.localeCompare(b) : a.startsWith('aux.') ? -1 : 1,
  );
  return [...BASE_METRICS, ...sorted];
}

function xOf(r: StepRecord | ValRecord, x: XAxis): number {
  return x === 'step' ? r.step : x === 'epoch' ? r.epoch : r.wall;
}

export function appPoints(
  h: RunHistory,
  metric: MetricKey,
  x: XAxis,
): { xs: Float64Array; ys: Float64Array } | null {
  let recs: (StepRecord | ValRecord)[];
  let value: (r: StepRecord | ValRecord) => number | undefined;
  if (metric.startsWith('val.')) {
    recs = h.val;
    const k = metric.slice(4) as 'loss' | 'top1' | 'top5';
    value = (r) => (r as ValRecord)[k];
  } else if (metric.startsWith('aux.')) {
    recs = h.steps;
    const name = metric.slice(4);
    value = (r) => r.aux[name];
  } else if (
    metric === 'train.main' ||
    metric === 'train.loss' ||
    metric === 'train.top1' ||
    metric === 'lr'
  ) {
    recs = h.steps;
    const k = ({ 'train.main': 'main', 'train.loss': 'loss', 'train.top1': 'top1', lr: 'lr' } as const)[
      metric
    ];
    value = (r) => (r as StepRecord)[k];
  } else return null;
  const keep = recs.filter((r) => value(r) !== undefined);
  if (keep.length === 0) return null;
  return { xs: Float64Array.from(keep, (r) => xOf(r, x)), ys: Float64Array.from(keep, (r) => value(r)!) };
}

/** Imported runs have no epochs; wall time is measured from their first point. */
export function importedPoints(
  run: ImportedRun,
  metric: MetricKey,
  x: XAxis,
): { xs: Float64Array; ys: Float64Array } | null {
  const s = run.series.find((t) => t.metric === metric);
  if (!s || s.steps.length === 0 || x === 'epoch') return null;
  if (x === 'step') return { xs: s.steps, ys: s.values };
  let t0 = Infinity;
  for (const t of s.times) if (Number.isFinite(t) && t < t0) t0 = t;
  if (t0 === Infinity) return null;
  const xs = s.times.map((t) => (t - t0) / 1000);
  return { xs, ys: s.values };
}

/** A stable colour per run: app runs oldest first, then imported runs, around Tableau 10. */
export function runColours(
  metas: Pick<RunMeta, 'id' | 'createdAt'>[],
  imported: Pick<ImportedRun, 'id'>[],
): Map<string, string> {
  const ids = [
    ...[...metas].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id)).map((m) => m.id),
    ...imported.map((r) => r.id),
  ];
  return new Map(ids.map((id, i) => [id, schemeTableau10[i % schemeTableau10.length]]));
}

export interface SeriesInput {
  metas: RunMeta[];
  histories: Map<string, RunHistory>;
  imported: ImportedRun[];
  hidden: Set<string>;
  colours: Map<string, string>;
  importedTag: string;
  /** Names as the list shows them (unique, renamed); a run's own name otherwise. */
  names?: Map<string, string>;
}

export function chartSeries(inp: SeriesInput, metric: MetricKey, x: XAxis): ChartSeries[] {
  const out: ChartSeries[] = [];
  for (const m of inp.metas) {
    const h = inp.histories.get(m.id);
    if (!h || inp.hidden.has(m.id)) continue;
    const p = appPoints(h, metric, x);
    if (p)
      out.push({
        id: m.id,
        label: inp.names?.get(m.id) ?? m.name,
        color: inp.colours.get(m.id) ?? '#555',
        ...p,
      });
  }
  for (const r of inp.imported) {
    if (inp.hidden.has(r.id)) continue;
    const p = importedPoints(r, metric, x);
    if (p)
      out.push({
        id: r.id,
        label: inp.names?.get(r.id) ?? r.name,
        color: inp.colours.get(r.id) ?? '#555',
        dashed: true,
        tag: inp.importedTag,
        ...p,
      });
  }
  return out;
}

/**
 * The app runs left out of the comparison: those of earlier groups, unless still training. On load
 * only the newest group (and anything running) is ticked; a new group unticks every earlier run.
 */
export function earlierRuns(
  metas: Pick<RunMeta, 'id' | 'groupId' | 'createdAt' | 'status'>[],
  groupId?: string,
): Set<string> {
  let g = groupId;
  if (g === undefined) {
    let newest = -Infinity;
    for (const m of metas)
      if (m.createdAt > newest) {
        newest = m.createdAt;
        g = m.groupId;
      }
  }
  const live = (m: { status: string }) =>
    groupId === undefined && (m.status === 'running' || m.status === 'paused');
  return new Set(metas.filter((m) => m.groupId !== g && !live(m)).map((m) => m.id));
}

export interface Progress {
  /** 1-based epoch the run is in, and how many the run has. */
  epoch: number;
  epochs: number;
  /** Fraction of the current epoch and of the whole run done. */
  inEpoch: number;
  overall: number;
}

/** `done` = steps completed (the last logged step index + 1). */
export function progressOf(meta: Pick<RunMeta, 'steps' | 'stepsPerEpoch'>, done: number): Progress {
  const spe = Math.max(1, meta.stepsPerEpoch);
  const epochs = Math.max(1, Math.ceil(meta.steps / spe));
  const d = Math.min(Math.max(0, done), meta.steps);
  const finished = d >= meta.steps;
  const epoch = finished ? epochs : Math.min(epochs, Math.floor(d / spe) + 1);
  const start = (epoch - 1) * spe;
  const len = Math.min(spe, meta.steps - start);
  return { epoch, epochs, inEpoch: len > 0 ? Math.min(1, (d - start) / len) : 1, overall: d / meta.steps };
}
