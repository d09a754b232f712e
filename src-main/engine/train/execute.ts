/**
 * Run one stored run to its end on this thread: load its data, build its network, restore the last
 * checkpoint if there is one, and drive the session. The same code runs in the engine, in a run worker
 * thread and in the CLI.
 */
import { loadData, prepare, type LoadedData } from '../data/index.js';
import type { TrainableNet } from './net.js';
import { RunControl, runSession } from './session.js';
import { RunStore, StorageError, storageStopMessage } from './store.js';
import { Trainer, type RemoteReplica } from './trainer.js';
import type { LogRecord, RunMeta, RunStatus } from './types.js';

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
}

export async function executeRun(root: string, id: string, o: ExecuteOptions): Promise<RunStatus> {
  const store = RunStore.open(root, id);
  const meta = store.meta();
  const control = o.control ?? new RunControl();
  let trainer: Trainer | null = null;
  let net: TrainableNet | null = null;
  try {
    const data = prepare(o.loaded ?? loadData(meta.data), {
      valFraction: meta.recipe.valFraction,
      seed: meta.seed,
      maxTrain: meta.maxTrain,
      maxVal: meta.maxVal,
    });
    net = await o.factory(meta);
    const replicas = meta.replicas > 1 && o.replicas ? await o.replicas(meta) : [];
    trainer = new Trainer(
      net,
      data,
      {
        recipe: meta.recipe,
        seed: meta.seed,
        steps: meta.steps,
        batch: meta.batch,
        microBatch: meta.microBatch,
        input: [meta.input, meta.input, 3],
        classes: meta.classes,
      },
      replicas,
    );
    const ckpt = store.loadCheckpoint();
    if (ckpt) trainer.restore(ckpt);
    // Steps logged after the checkpoint are computed again; the record tells readers to drop the old ones.
    if (ckpt || store.rawLog().some((r) => r.t === 'step')) {
      const rec: LogRecord = { t: 'resume', step: trainer.step, time: Date.now() };
      store.append(rec);
      o.onRecord?.(rec);
    }
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
      // The listeners still hear why; the manager keeps the state until the disk takes it.
      if (!(again instanceof StorageError)) throw again;
    }
    o.onRecord?.(rec);
    control.notify('ended');
    return status;
  } finally {
    await trainer?.dispose();
    net?.dispose();
  }
}
