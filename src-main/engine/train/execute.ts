/**
 * Run one stored run to its end on this thread: load its data, build its network, restore the last
 * checkpoint if there is one, and drive the session. The same code runs in the engine, in a run worker
 * thread and in the CLI.
 */
import { loadData, prepare, type LoadedData, type PreparedData } from '../data/index.js';
import { engineChoice, ortTrainerDeps } from './engine.js';
import { createNet } from './factory.js';
import type { TrainableNet } from './net.js';
import { createOrtNet } from './ort-net.js';
import { OrtTrainer } from './ort-trainer.js';
import type { RunTrainer } from './run-trainer.js';
import { RunControl, runSession } from './session.js';
import { RunStore, StorageError, storageStopMessage } from './store.js';
import { Trainer, type RemoteReplica, type TrainerConfig } from './trainer.js';
import type { EngineUse, LogRecord, RunMeta, RunStatus, TrainEngineChoice } from './types.js';

export type NetFactory = (meta: RunMeta) => Promise<TrainableNet>;

export interface ExecuteOptions {
  factory: NetFactory;
  control?: RunControl;
  onRecord?: (rec: LogRecord) => void;
  /** Data already loaded by the caller (same source as the run's). */
  loaded?: LoadedData;
  /** Starts the extra data-parallel replicas (meta.replicas − 1 of them). */
  replicas?: (meta: RunMeta) => Promise<RemoteReplica[]>;
  crashAfterStep?: number;
  /** Overrides the run's engine choice (tests). A factory other than createNet always trains on tfjs. */
  engine?: TrainEngineChoice;
  /** How many runs train at once with this one (their ONNX Runtime sessions share the cores). */
  share?: number;
}

/**
 * The ONNX Runtime trainer when the run may use it and it can be built, else null with the reason.
 * An explicit 'onnxruntime' that cannot be built fails the run instead.
 */
async function ortTrainer(
  meta: RunMeta,
  data: PreparedData,
  cfg: TrainerConfig,
  choice: TrainEngineChoice,
  share = 1,
): Promise<{ trainer: OrtTrainer; use: Omit<EngineUse, 'fromStep' | 'since'> } | { why: string }> {
  try {
    const deps = { ...(await ortTrainerDeps()), share };
    const trainer = await OrtTrainer.create(createOrtNet(meta), data, cfg, deps);
    const reason = `ONNX Runtime trains this run on ${deps.providerLabel}`;
    return {
      trainer,
      use: {
        engine: 'onnxruntime',
        provider: deps.provider,
        reason,
        reasonMsg: { key: 'train.engine.use.ort', params: { provider: deps.providerLabel } },
      },
    };
  } catch (e) {
    const why = (e as Error).message.split('\n')[0]!;
    if (choice === 'onnxruntime') throw new Error(`ONNX Runtime cannot train this run: ${why}`, { cause: e });
    return { why };
  }
}

export async function executeRun(root: string, id: string, o: ExecuteOptions): Promise<RunStatus> {
  const store = RunStore.open(root, id);
  const meta = store.meta();
  const control = o.control ?? new RunControl();
  let trainer: RunTrainer | null = null;
  let net: TrainableNet | null = null;
  try {
    const data = prepare(o.loaded ?? loadData(meta.data), {
      valFraction: meta.recipe.valFraction,
      seed: meta.seed,
      maxTrain: meta.maxTrain,
      maxVal: meta.maxVal,
    });
    const cfg: TrainerConfig = {
      recipe: meta.recipe,
      seed: meta.seed,
      steps: meta.steps,
      batch: meta.batch,
      microBatch: meta.microBatch,
      input: [meta.input, meta.input, 3],
      classes: meta.classes,
    };
    // Custom factories (tests) build tfjs models: only the default network may move to ONNX Runtime.
    const custom = o.factory !== createNet;
    const choice = custom ? 'tfjs' : engineChoice(o.engine ?? meta.engine);
    const ort =
      choice !== 'tfjs'
        ? await ortTrainer(meta, data, cfg, choice, o.share)
        : { why: custom ? 'the run builds its network with its own factory' : 'TensorFlow.js was asked for' };
    let use: Omit<EngineUse, 'fromStep' | 'since'>;
    if ('trainer' in ort) {
      trainer = ort.trainer;
      use = ort.use;
    } else {
      net = await o.factory(meta);
      const replicas = meta.replicas > 1 && o.replicas ? await o.replicas(meta) : [];
      trainer = new Trainer(net, data, cfg, replicas);
      const backend = meta.backend ?? 'the default backend';
      use = {
        engine: 'tfjs',
        provider: meta.backend,
        reason: `TensorFlow.js (${backend}) trains this run: ${ort.why}`,
        reasonMsg: { key: 'train.engine.use.tfjs', params: { backend, reason: ort.why } },
      };
    }
    const ckpt = store.loadCheckpoint();
    if (ckpt) trainer.restore(ckpt);
    // Steps logged after the checkpoint are computed again; the record tells readers to drop the old ones.
    if (ckpt || store.rawLog().some((r) => r.t === 'step')) {
      const rec: LogRecord = { t: 'resume', step: trainer.step, time: Date.now() };
      store.append(rec);
      o.onRecord?.(rec);
    }
    // The run records each engine that trains it (run.json; the run card shows the last one). The log
    // stays as it was: its notes are the store's own (a torn line cut off).
    store.updateMeta({
      trainedOn: [...(meta.trainedOn ?? []), { ...use, fromStep: trainer.step, since: Date.now() }],
    });
    return await runSession(store, trainer, {
      checkpointEvery: meta.checkpointEvery,
      checkpointSeconds: meta.checkpointSeconds,
      valEvery: meta.valEvery,
      ...(meta.valSubset !== undefined ? { valSubset: meta.valSubset } : {}),
      control,
      onRecord: o.onRecord,
      crashAfterStep: o.crashAfterStep,
    });
  } catch (e) {
    // A disk that refuses the first writes (the resume record) stops the run like one mid-run does.
    const step = trainer?.step ?? meta.lastStep;
    const stop =
      e instanceof StorageError ? storageStopMessage(e, step, store.checkpoints().at(-1) ?? 0) : null;
    const status = stop ? 'stopped' : 'failed';
    const message = stop ? stop.text : `The run failed: ${(e as Error).message}`;
    const rec: LogRecord = {
      t: 'status',
      step,
      time: Date.now(),
      status,
      message,
      ...(stop ? { messageMsg: stop.msg } : {}),
    };
    try {
      store.updateMeta({ status, message, messageMsg: stop?.msg, owner: undefined });
      store.append(rec);
    } catch (again) {
      // The listeners still hear why; the manager keeps the state until the disk takes it. A folder
      // deleted under the run (ENOENT) has nowhere to take it.
      if (!(again instanceof StorageError) && (again as NodeJS.ErrnoException).code !== 'ENOENT') throw again;
    }
    o.onRecord?.(rec);
    control.notify('ended');
    return status;
  } finally {
    await trainer?.dispose();
    net?.dispose();
  }
}
