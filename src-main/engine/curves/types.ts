/**
 * Curves brought in from elsewhere (TensorBoard event files, CSV) and the metric names every chart
 * uses, for app runs and imported runs alike. Type-only and free of Node APIs: shared/protocol (and so
 * the renderer) imports it.
 */

/**
 * The metrics the Training view draws. App runs fill them from their log; imported tags are mapped
 * onto them by name (see tags.ts). Errors are fractions in [0, 1].
 */
export type MetricKey =
  /** The main head's cross-entropy: what every network has, so what comparisons chart. */
  | 'train.main'
  /** The total training loss: main + weighted aux heads (+ weight decay where the recipe adds it). */
  | 'train.loss'
  | 'train.top1'
  | 'val.loss'
  | 'val.top1'
  | 'val.top5'
  | 'lr'
  /** An auxiliary head's training loss: `aux.<head name>`. */
  | `aux.${string}`
  /** A tag that matched no known metric, kept under its own name: `tag.<tag>`. */
  | `tag.${string}`;

export type ImportFormat = 'tfevents' | 'csv';

/** One tag of an imported run: parallel arrays, sorted by step. */
export interface ImportedSeries {
  /** The tag as the file named it (CSV: the column header). */
  tag: string;
  metric: MetricKey;
  /** How the value was converted, e.g. "accuracy → error (1 − x)". */
  note?: string;
  steps: Float64Array;
  values: Float64Array;
  /** Wall-clock ms since 1970 per point, NaN where the file has none. */
  times: Float64Array;
}

export interface ImportedRun {
  id: string;
  name: string;
  format: ImportFormat;
  /** The file name it came from. */
  file: string;
  importedAt: number;
  series: ImportedSeries[];
  /** What the parser skipped or guessed, in words for the user. */
  notes: string[];
}

/** What a list of imports shows before the points are needed. */
export type ImportedRunSummary = Omit<ImportedRun, 'series'> & {
  series: Omit<ImportedSeries, 'steps' | 'values' | 'times'>[];
  points: number;
};

/** One curve of a run for export: what the CSV writer takes. */
export interface ExportCurve {
  run: string;
  source: 'app' | 'imported';
  metric: MetricKey | string;
  steps: ArrayLike<number>;
  values: ArrayLike<number>;
  /** Wall-clock ms since 1970, or NaN. */
  times?: ArrayLike<number>;
  epochs?: ArrayLike<number>;
}

// The curves.* methods' params and results (shared/protocol re-exports them).

export interface CurvesImportParams {
  /** The file's name (decides the run name; the format is read from the bytes). */
  file: string;
  data: ArrayBuffer | Uint8Array;
}

export interface CurvesExportParams {
  /** App run ids. */
  runs?: string[];
  /** Imported run ids. */
  imported?: string[];
}

export interface CurvesExportResult {
  csv: string;
  /** Data rows (points), header excluded. */
  rows: number;
}

export class CurveImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CurveImportError';
  }
}
