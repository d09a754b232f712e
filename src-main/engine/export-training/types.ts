/**
 * The export-training and run-watching methods' params, results and events. Type-only and free of Node
 * APIs: shared/protocol (and so the renderer) imports it.
 */
import type { ImportedRun } from '../curves/types.js';
import type { DataSource } from '../data/types.js';
import type { RecipeEdit } from '../train/recipe.js';
import type { FlavourId, NetworkId } from '../../shared/spec.js';

export interface PaperRowInfo {
  topic: string;
  paper: string;
  script: string;
  verdict: 'follows' | 'partly' | 'differs';
}

export interface TrainingExportParams {
  network: NetworkId;
  flavour?: FlavourId;
  width?: number;
  input?: number;
  classes?: number;
  recipe?: RecipeEdit;
  /** The app's data sources (exported as arrays), or an ImageFolder root on the training machine. */
  data: DataSource | { kind: 'imagefolder'; root: string };
  steps: number;
  seed?: number;
  /** The project folder to write: an absolute path, new or empty. */
  out: string;
  maxTrain?: number;
  maxVal?: number;
  runName?: string;
}

export interface TrainingExportResult {
  dir: string;
  files: string[];
  title: string;
  flavour: FlavourId;
  params: number;
  paramsWithAux: number;
  table: PaperRowInfo[];
  trainImages?: number;
  valImages?: number;
  /** The command that starts the run on this machine. */
  command: string;
}

export interface CurvesWatchParams {
  /** A run folder (runs/<name>) or a project folder with runs/ inside; absolute path. */
  folder: string;
  /** Poll interval (default 2 s). */
  intervalMs?: number;
}

/** A watched run (same id on every update: replace, don't add) or a note for the user. */
export type CurvesWatchEvent = { kind: 'run'; run: ImportedRun } | { kind: 'note'; note: string };
