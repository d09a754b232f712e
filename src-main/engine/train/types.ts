/**
 * Training runs as data: what starts a run, what is stored about it, and what its log holds. Type-only
 * and free of Node APIs, so shared/protocol (and through it the renderer) can import it.
 */
import type { DataSource } from '../data/types.js';
import type { FlavourId, NetworkId } from '../../shared/spec.js';
import type { InitScheme } from './init.js';
import type { Recipe, RecipeEdit } from './recipe.js';
import type { TelemetryRecord } from './telemetry.js';

export type { DataSource, InitScheme, Recipe, RecipeEdit };

/** The engines a run can train on: ONNX Runtime (the training graph) or TensorFlow.js. */
export type TrainEngineName = 'onnxruntime' | 'tfjs';
/** 'auto': ONNX Runtime wherever it loads and can build the run's training graph, else tfjs. */
export type TrainEngineChoice = 'auto' | TrainEngineName;

/** One stretch of a run on one engine (a run resumed elsewhere has several). */
export interface EngineUse {
  engine: TrainEngineName;
  /** ONNX Runtime's execution provider ('cpu', 'cuda', ...) or the tfjs backend ('wasm', 'cpu', ...). */
  provider?: string;
  /** The step it started from. */
  fromStep: number;
  /** ms since 1970. */
  since: number;
  /** Why this engine (e.g. why ONNX Runtime was not used), in English. */
  reason: string;
  reasonMsg?: TextMsg;
}

export interface RunVariant {
  network: NetworkId;
  flavour?: FlavourId;
  width?: number;
  /** Square input side. */
  input?: number;
}

/** One member of a group: the network and its own recipe edits. */
export interface RunMember {
  name?: string;
  variant: RunVariant;
  recipe?: RecipeEdit;
}

/** Runs that start together share these, so their curves compare fairly. */
export interface GroupRequest {
  runs: RunMember[];
  data: DataSource;
  steps: number;
  seed?: number;
  init?: InitScheme;
  /** Batch for every member (overrides the recipes' batch, so all see the same data order). */
  batch?: number;
  /** Fraction held out for validation when the data has no validation set (default 0.1). */
  valFraction?: number;
  /** Data-parallel replicas per run (worker threads, gradients averaged). */
  replicas?: number;
  /** Force a backend (e.g. 'cpu'); default the engine's active one. */
  backend?: string;
  /** The training engine (default 'auto': ONNX Runtime where it loads, else tfjs). */
  engine?: TrainEngineChoice;
  checkpointEvery?: number;
  /** Also checkpoint after this many seconds of training (default 60 when checkpointEvery is not given). */
  checkpointSeconds?: number;
  /**
   * Validate every this many steps as well as at each epoch's end (default: 40 times per run for runs
   * under 5 epochs, on the first `valSubset` images, so curves appear within the first minutes).
   */
  valEvery?: number;
  /** Images of the periodic validations (default 256); epoch ends and the last step use the whole set. */
  valSubset?: number;
  /** Caps on the image counts, for short CPU runs. */
  maxTrain?: number;
  maxVal?: number;
  /** Where runs live; default the app's data folder. */
  dataDir?: string;
}

export type RunStatus = 'created' | 'running' | 'paused' | 'stopped' | 'done' | 'failed' | 'interrupted';

/** The process training a run: a run 'running' whose owner is gone was interrupted (engine/train/store.ts). */
export interface RunOwner {
  pid: number;
  host: string;
  /** ms since 1970, when it took the run. */
  since: number;
}

/**
 * A display text as a dictionary key and its values, sent beside the English text so the renderer can
 * word it in the user's language (falling back to the English text for a key it does not know).
 */
export interface TextMsg {
  key: string;
  params: Record<string, string | number>;
}

/** The fairness conditions shared by a group, stated for the UI. */
export interface Conditions {
  seed: number;
  init: InitScheme;
  initText: string;
  data: string;
  batch: number;
  steps: number;
  /** One paragraph that says what is shared and what differs. */
  text: string;
  textMsg?: TextMsg;
}

export interface RunMeta {
  id: string;
  name: string;
  groupId: string;
  members: string[];
  createdAt: number;
  network: NetworkId;
  flavour: FlavourId;
  width: number;
  input: number;
  classes: number;
  classNames: string[];
  data: DataSource;
  dataName: string;
  dataNotes: string[];
  trainCount: number;
  valCount: number;
  recipe: Recipe;
  /** How the learning-rate schedule maps onto this run, for the UI. */
  scheduleText: string;
  scheduleMsg?: TextMsg;
  seed: number;
  init: InitScheme;
  steps: number;
  batch: number;
  stepsPerEpoch: number;
  replicas: number;
  /** Micro-batch actually used (batch / accumulate), after the memory check. */
  microBatch: number;
  accumulate: number;
  memoryText?: string;
  memoryMsg?: TextMsg;
  backend?: string;
  /** The engine asked for (absent: 'auto'). */
  engine?: TrainEngineChoice;
  /** Every engine that trained the run, in order; the last one trains it now (or did last). */
  trainedOn?: EngineUse[];
  checkpointEvery: number;
  /** Also checkpoint when this many seconds of training passed since the last checkpoint. */
  checkpointSeconds?: number;
  /** 0: only at epoch ends. */
  valEvery?: number;
  /** Images of a periodic validation; the whole set at epoch ends and the last step. */
  valSubset?: number;
  maxTrain?: number;
  maxVal?: number;
  status: RunStatus;
  /** Set while running or paused: which process trains the run. */
  owner?: RunOwner;
  message?: string;
  messageMsg?: TextMsg;
  lastStep: number;
  conditions: Conditions;
  auxHeads: { name: string; weight: number }[];
}

export interface StepRecord {
  t: 'step';
  step: number;
  epoch: number;
  /** ms since 1970. */
  time: number;
  /** Active training seconds since the run began. */
  wall: number;
  lr: number;
  /** Total loss (main + weighted aux). */
  loss: number;
  /** Main head's loss. */
  main: number;
  aux: Record<string, number>;
  /** Top-1 error on this training batch. */
  top1: number;
  gradNorm: number;
  imagesPerSec: number;
  /** Seconds left at the current speed. */
  eta: number;
  /** CPU load when the step was logged: one-minute load average per core (cpu-load.ts); absent on Windows. */
  load?: number;
}

export interface ValRecord {
  t: 'val';
  step: number;
  epoch: number;
  time: number;
  wall: number;
  loss: number;
  top1: number;
  /** Absent when there are 5 classes or fewer. */
  top5?: number;
  aux: Record<string, number>;
  /** How many validation images this record measured (periodic ones use a subset). */
  images?: number;
}

export interface StatusRecord {
  t: 'status';
  step: number;
  time: number;
  status: RunStatus;
  message?: string;
  messageMsg?: TextMsg;
}

export interface ResumeRecord {
  t: 'resume';
  step: number;
  time: number;
}

export interface CheckpointRecord {
  t: 'checkpoint';
  step: number;
  time: number;
}

/** Something the store did to the log itself, e.g. cutting off a torn last line. */
export interface NoteRecord {
  t: 'note';
  step: number;
  time: number;
  message: string;
  messageMsg?: TextMsg;
}

export type LogRecord =
  StepRecord | ValRecord | StatusRecord | ResumeRecord | CheckpointRecord | NoteRecord | TelemetryRecord;

/** What train.* events stream: every log record, tagged with its run. */
export interface TrainEvent {
  kind: 'train';
  run: string;
  record: LogRecord;
}
