/**
 * The one protocol between the renderer, the main side and the engine process.
 *
 * - Requests carry a numeric id, a method from `MethodMap`, and params; the answer is one result
 *   or one structured error. While it runs, a request may stream events (progress, metrics, tensors).
 * - A request is cancelled by a `cancel` message with its id; the engine sees an AbortSignal.
 * - Binary data (ArrayBuffer, typed arrays) may appear anywhere in params, results and events. It
 *   travels as structured-clone transferables over IPC/MessagePort and as binary WebSocket frames
 *   (see protocol/wire.ts), never as JSON arrays.
 *
 * Adding a method: add an entry to `MethodMap`, then a handler in src-main/host/handlers/.
 * This file is imported by the renderer too, so it must stay free of Node and DOM APIs.
 */
import type { Analysis } from '../analysis-types.js';
import type { PaperTable, PaperTableId } from '../../analysis/paper-tables/types.js';
import type { ZooEntry } from '../../zoo/builder.js';
import type { NetworkId, NetworkSelection } from '../spec.js';

export type { Analysis, PaperTable, PaperTableId, ZooEntry };
import type {
  GroupRequest,
  InitScheme,
  LogRecord,
  Recipe,
  RunMeta,
  StepRecord,
  TextMsg,
  TrainEvent,
  ValRecord,
} from '../../engine/train/types.js';
export type { GroupRequest, LogRecord, Recipe, RunMeta, StepRecord, TextMsg, TrainEvent, ValRecord };
import type {
  CurvesExportParams,
  CurvesExportResult,
  CurvesImportParams,
  ImportedRun,
  ImportedSeries,
  MetricKey,
} from '../../engine/curves/types.js';
export type {
  CurvesExportParams,
  CurvesExportResult,
  CurvesImportParams,
  ImportedRun,
  ImportedSeries,
  MetricKey,
};
import type { PreprocessingId, WeightsInfo } from '../../engine/weights/types.js';
import {
  BACKEND_NAMES,
  type BackendName,
  type BackendReport,
  type BackendStatus,
} from '../../engine/backend-types.js';
export type { PreprocessingId, WeightsInfo };
import type {
  InferenceEngineName,
  InferenceEngineReport,
  OrtProvider,
  OrtStatus,
  ProviderStatus,
} from '../../engine/onnx/report-types.js';
export type { InferenceEngineName, InferenceEngineReport, OrtProvider, OrtStatus, ProviderStatus };

// Errors, binary tensors and messages live in their own files; this module is their one entry point.
import { isRecord, type ApiError } from './errors.js';
export {
  ERROR_CODES,
  ERROR_KINDS,
  errorMessageKeys,
  isApiError,
  isErrorCode,
  isErrorKind,
  ProtocolError,
  toApiError,
} from './errors.js';
export type { ApiError, ErrorCode, ErrorKind, ErrorMessageKey, ErrorParams } from './errors.js';
import type { TensorPayload } from './tensors.js';
export { debugTensorValue, fnv1a, tensorPayload, tensorValues } from './tensors.js';
export type { TensorDType, TensorPayload } from './tensors.js';
import { isId, type ClientMessage } from './messages.js';
export { isEngineMessage, isPingMessage, isReplyMessage, isServerMessage } from './messages.js';
export type {
  CancelMessage,
  ClientMessage,
  EngineExit,
  EngineInbound,
  EngineMessage,
  EngineState,
  EngineStatus,
  ErrorMessage,
  EventMessage,
  PingMessage,
  PongMessage,
  ReadyMessage,
  ReplyMessage,
  RequestMessage,
  ResultMessage,
  ServerMessage,
  StateMessage,
} from './messages.js';

export { PROTOCOL_VERSION } from './messages.js';

// ---------------------------------------------------------------------------------------------
// Streamed events

export interface ProgressEvent {
  kind: 'progress';
  done: number;
  total: number;
  /** What is happening now, e.g. "downloading weights". */
  message?: string;
}

export interface MetricsEvent {
  kind: 'metrics';
  run?: string;
  step: number;
  /** Wall-clock ms since the epoch. */
  time: number;
  values: Record<string, number>;
}

export interface TensorEvent {
  kind: 'tensor';
  name: string;
  tensor: TensorPayload;
}

export interface LogEvent {
  kind: 'log';
  level: 'info' | 'warn' | 'error';
  message: string;
}

export type StreamEvent = ProgressEvent | MetricsEvent | TensorEvent | LogEvent | TrainEvent;

// ---------------------------------------------------------------------------------------------
// Backends, as the engine reports them (engine/backend-types.ts: no Node or tfjs, so the renderer
// can import it too).

export { BACKEND_NAMES };
export type { BackendName, BackendReport, BackendStatus };

// ---------------------------------------------------------------------------------------------
// Methods

export type ShellKind = 'electron' | 'web';

export interface EngineInfo {
  /** TensorFlow.js: training, and inference when ONNX Runtime is not used. */
  backend: BackendReport;
  /** What runs inference and the activation pass (ONNX Runtime and its provider, or tfjs), and why. */
  inference: InferenceEngineReport;
  shell: ShellKind;
  pid: number;
  /** ms since the epoch when this engine process started. */
  startedAt: number;
  /** The app's version (package.json). */
  version: string;
  /** How many times the main side has restarted the engine. */
  restarts: number;
  /** The test harness' debug.* methods are on (never in a packaged app): the frame self-tests can run. */
  testHooks: boolean;
}

export type AnalyseParams = NetworkSelection;

/**
 * debug.tensor returns a float32 tensor whose element i is `debugTensorValue(i, seed)`,
 * plus an FNV-1a hash of its bytes, so both ends can check the binary path.
 */
export interface DebugTensorParams {
  /** Number of float32 elements; default 1 Mi (4 MiB). */
  length?: number;
  seed?: number;
}

export interface DebugTensorResult {
  tensor: TensorPayload;
  fnv1a: number;
}

export interface DebugSleepParams {
  /** Total duration in ms. */
  ms: number;
  /** Number of progress events; default 10. */
  steps?: number;
}

export interface DebugSleepResult {
  steps: number;
  elapsedMs: number;
}

export interface DebugFailParams {
  code: string;
  message: string;
  detail?: string;
}

// Training (engine/train). Runs live in the engine's data folder; 'train.metrics' streams every log
// record of the runs (all when `runs` is absent) until the request is cancelled.

export interface TrainRunRef {
  id: string;
}

export interface TrainResumeParams extends TrainRunRef {
  backend?: string;
}

export interface TrainListItem extends RunMeta {
  /** Whether the run has a thread in this engine now. */
  active: boolean;
  /** How the user chose to show the run (name, colour, hidden), stored beside it (train.setMeta). */
  display?: RunDisplay;
}

/** A run's display name, colour or hidden flag; '' (or hidden: false) clears back to the run's own. */
export interface TrainSetMetaParams extends TrainRunRef, RunDisplayPatch {}
import type { RunDisplay, RunDisplayPatch } from '../../engine/train/display.js';
export type { RunDisplay };

export interface TrainHistory {
  meta: RunMeta;
  /** Superseded records (steps redone after a resume) are already removed. */
  steps: StepRecord[];
  val: ValRecord[];
  records: LogRecord[];
}

export interface TrainDefaultsParams {
  network: NetworkId;
  /** With both, the result explains the learning-rate schedule for such a run. */
  steps?: number;
  stepsPerEpoch?: number;
}

export interface TrainDefaults {
  recipe: Recipe;
  scheduleText?: string;
  /** `scheduleText` as a dictionary key and values (train.msg.schedule.*). */
  scheduleMsg?: TextMsg;
  initSchemes: Record<InitScheme, string>;
}

export interface TrainMetricsParams {
  runs?: string[];
}

// Curves (engine/curves): runs imported from TensorBoard event files or CSV, kept in the data folder
// beside the app's runs, and CSV export of both; their params are in engine/curves/types.ts.

// Training past one machine (engine/export-training): a PyTorch/torchrun project written for a network and
// recipe, and run folders watched while a job writes them.
import type {
  CurvesWatchEvent,
  CurvesWatchParams,
  TrainingExportParams,
  TrainingExportResult,
} from '../../engine/export-training/types.js';
export type { CurvesWatchEvent, CurvesWatchParams, TrainingExportParams, TrainingExportResult };

import type {
  ImageLoadParams,
  ImageInfo,
  WeightsSourceParam,
  WeightsLoadParams,
  WeightsLoadResult,
  WeightsTrainedParams,
  WeightsTrainedResult,
  WeightsUploadParams,
  WeightsUploadResult,
  ActivationsRunParams,
  NodeActivation,
  PredictionItem,
  ActivationsRunResult,
  ActivationsTensorParams,
  ActivationsTensorResult,
  PredictTopParams,
  PredictTopResult,
  OnnxExportParams,
  OnnxExportResult,
  CatalogueItem,
} from './activations.js';
export type {
  ImageLoadParams,
  ImageInfo,
  WeightsSourceParam,
  WeightsLoadParams,
  WeightsLoadResult,
  WeightsTrainedParams,
  WeightsTrainedResult,
  WeightsUploadParams,
  WeightsUploadResult,
  ActivationsRunParams,
  NodeActivation,
  PredictionItem,
  ActivationsRunResult,
  ActivationsTensorParams,
  ActivationsTensorResult,
  PredictTopParams,
  PredictTopResult,
  OnnxExportParams,
  OnnxExportResult,
  CatalogueItem,
};
import type {
  ExplainAttributionParams,
  ExplainAttributionResult,
  ExplainBranchesParams,
  ExplainBranchesResult,
  ExplainEstimateParams,
  ExplainEstimateResult,
} from './explain.js';
export type * from './explain.js';
export { EXPLAIN_METHODS, FORWARD_ONLY_METHODS, NODE_METHODS } from './explain.js';
import type {
  DreamParams,
  DreamResult,
  FeatvisEstimateParams,
  FeatvisEstimateResult,
  FeatvisExamplesParams,
  FeatvisExamplesResult,
  FeatvisPicture,
  FeatvisRenderParams,
  FeatvisSheetParams,
  FeatvisSheetResult,
} from './featvis.js';
export type * from './featvis.js';

import type { ReceptiveFieldParams, ReceptiveFieldResult } from './receptive.js';
export type * from './receptive.js';

/** Every method: its params, its result, and the events it may stream. */
export interface MethodMap {
  'engine.info': { params: void; result: EngineInfo; event: never };
  'zoo.list': { params: void; result: ZooEntry[]; event: never };
  'network.analyse': { params: AnalyseParams; result: Analysis; event: never };
  /** A paper's table (GoogLeNet Table 1, Rethinking Table 1, Inception-v4 Table 1): printed beside computed. */
  'paper.table': { params: { id: PaperTableId }; result: PaperTable; event: never };
  'debug.tensor': { params: DebugTensorParams | void; result: DebugTensorResult; event: never };
  'debug.sleep': { params: DebugSleepParams; result: DebugSleepResult; event: ProgressEvent };
  /** Always fails with the given error: tests how errors reach the UI. */
  'debug.fail': { params: DebugFailParams; result: never; event: never };
  /** A network's default recipe (papers' values, each with its source) and the initialisation schemes. */
  'train.defaults': { params: TrainDefaultsParams; result: TrainDefaults; event: never };
  /** Start a group of runs together (same seed, data order, initialisation); returns their metadata. */
  'train.start': { params: GroupRequest; result: RunMeta[]; event: never };
  /** Resolves once the run has checkpointed and paused. */
  'train.pause': { params: TrainRunRef; result: RunMeta; event: never };
  /** Resumes a paused run, or restarts an interrupted/stopped/failed one from its last checkpoint. */
  'train.resume': { params: TrainResumeParams; result: RunMeta; event: never };
  'train.stop': { params: TrainRunRef; result: RunMeta; event: never };
  'train.list': { params: void; result: TrainListItem[]; event: never };
  /** Renames, recolours or hides a run for every window (display.json beside the run's files). */
  'train.setMeta': { params: TrainSetMetaParams; result: RunDisplay; event: never };
  'train.history': { params: TrainRunRef; result: TrainHistory; event: never };
  'train.metrics': { params: TrainMetricsParams | void; result: void; event: TrainEvent };
  /** Parse a tfevents or CSV file and keep its runs (a long CSV may hold several). */
  'curves.import': { params: CurvesImportParams; result: ImportedRun[]; event: never };
  'curves.list': { params: void; result: ImportedRun[]; event: never };
  'curves.remove': { params: { id: string }; result: void; event: never };
  /** App runs and imported runs as one long CSV (run,source,metric,step,epoch,wall_time,value). */
  'curves.export': { params: CurvesExportParams; result: CurvesExportResult; event: never };
  /** Polls a run folder (local or mounted) and streams its run each time its log grows, until cancelled. */
  'curves.watch': { params: CurvesWatchParams; result: void; event: CurvesWatchEvent };
  /** Writes a distributed PyTorch training project (model.py, train.py for torchrun, data, README). */
  'training.export': { params: TrainingExportParams; result: TrainingExportResult; event: never };
  /** Decode an image (PNG, JPEG, WebP) and keep it engine-side. */
  'image.load': { params: ImageLoadParams; result: ImageInfo; event: never };
  /** Load weights for a network from a file, a URL (downloaded and cached) or a seed; streams progress. */
  'weights.load': { params: WeightsLoadParams; result: WeightsLoadResult; event: ProgressEvent };
  /** The weights of a training run's last checkpoint, ready for activations.run. */
  'weights.trained': { params: WeightsTrainedParams; result: WeightsTrainedResult; event: never };
  /** Stores uploaded weights files in a temporary folder engine-side (only the last upload is kept). */
  'weights.upload': { params: WeightsUploadParams; result: WeightsUploadResult; event: never };
  /** The published-weights catalogue, with each entry's cache state; weights.load { catalogue } loads one. */
  'weights.catalogue': { params: void; result: CatalogueItem[]; event: never };
  /** Every node's activation in one pass; returns the node list with stats and quantisation scales. */
  'activations.run': { params: ActivationsRunParams; result: ActivationsRunResult; event: ProgressEvent };
  /** One node's tensor as uint8 codes with its per-channel scale and offset. */
  'activations.tensor': { params: ActivationsTensorParams; result: ActivationsTensorResult; event: never };
  'predict.top': { params: PredictTopParams; result: PredictTopResult; event: never };
  /** The network (variant, weights) as an ONNX model, named like the app. */
  'onnx.export': { params: OnnxExportParams; result: OnnxExportResult; event: never };
  /** One unit's theoretical field per path through its module, and its effective field (input gradient). */
  'receptive.field': { params: ReceptiveFieldParams; result: ReceptiveFieldResult; event: never };
  /** An attribution map (gradient, SmoothGrad, IG, Grad-CAM(++), occlusion, Score-CAM, Eigen-CAM) with its faithfulness. */
  'explain.attribution': {
    params: ExplainAttributionParams;
    result: ExplainAttributionResult;
    event: ProgressEvent;
  };
  /** Each branch's share of a class score at a concat node, or shortcut against scaled body at a residual add. */
  'explain.branches': { params: ExplainBranchesParams; result: ExplainBranchesResult; event: never };
  /** How many passes a method needs and how long that takes on the current engine. */
  'explain.estimate': { params: ExplainEstimateParams; result: ExplainEstimateResult; event: never };
  /** A Lucid-style feature visualisation of a channel, neuron or direction (cached on disk). */
  'featvis.render': { params: FeatvisRenderParams; result: FeatvisPicture; event: ProgressEvent };
  /** How long a feature visualisation takes on the current engine (one step measured). */
  'featvis.estimate': { params: FeatvisEstimateParams; result: FeatvisEstimateResult; event: never };
  /** Every channel of a node as one sprite sheet, channel by channel, with progress. */
  'featvis.sheet': { params: FeatvisSheetParams; result: FeatvisSheetResult; event: ProgressEvent };
  /** The k images of a folder that drive a channel hardest. */
  'featvis.examples': { params: FeatvisExamplesParams; result: FeatvisExamplesResult; event: ProgressEvent };
  /** DeepDream on an image at a node, with octaves. */
  'featvis.dream': { params: DreamParams; result: DreamResult; event: ProgressEvent };
}

export type Method = keyof MethodMap;
export type ParamsOf<M extends Method> = MethodMap[M]['params'];
export type ResultOf<M extends Method> = MethodMap[M]['result'];
export type EventOf<M extends Method> = MethodMap[M]['event'];

/** Runtime list of methods, checked against MethodMap at compile time. */
const METHOD_SET: Record<Method, true> = {
  'engine.info': true,
  'zoo.list': true,
  'network.analyse': true,
  'paper.table': true,
  'debug.tensor': true,
  'debug.sleep': true,
  'debug.fail': true,
  'train.defaults': true,
  'train.start': true,
  'train.pause': true,
  'train.resume': true,
  'train.stop': true,
  'train.list': true,
  'train.setMeta': true,
  'train.history': true,
  'train.metrics': true,
  'curves.import': true,
  'curves.list': true,
  'curves.remove': true,
  'curves.export': true,
  'curves.watch': true,
  'training.export': true,
  'image.load': true,
  'weights.load': true,
  'weights.upload': true,
  'weights.trained': true,
  'weights.catalogue': true,
  'activations.run': true,
  'activations.tensor': true,
  'predict.top': true,
  'onnx.export': true,
  'receptive.field': true,
  'explain.attribution': true,
  'explain.branches': true,
  'explain.estimate': true,
  'featvis.render': true,
  'featvis.estimate': true,
  'featvis.sheet': true,
  'featvis.examples': true,
  'featvis.dream': true,
};
export const METHODS = Object.keys(METHOD_SET) as Method[];

export function isMethod(x: unknown): x is Method {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(METHOD_SET, x);
}

/** Validates untrusted input (WebSocket, IPC) before anything acts on it. */
export function parseClientMessage(x: unknown): ClientMessage | ApiError {
  if (!isRecord(x) || !isId(x.id))
    return { code: 'bad_request', message: 'Malformed message: expected {t, id}.' };
  if (x.t === 'cancel') return { t: 'cancel', id: x.id };
  if (x.t !== 'req') return { code: 'bad_request', message: `Unknown message type ${JSON.stringify(x.t)}.` };
  if (!isMethod(x.method))
    return { code: 'unknown_method', message: `Unknown method ${JSON.stringify(x.method)}.` };
  return { t: 'req', id: x.id, method: x.method, params: x.params };
}
