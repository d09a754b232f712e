/** train.*: the engine side of training runs (engine/train/manager.ts does the work). */
import { DataError } from '../../engine/data/types.js';
import { INIT_SCHEMES } from '../../engine/train/init.js';
import { RunManager } from '../../engine/train/manager.js';
import { MemoryError } from '../../engine/train/memory.js';
import { RunError } from '../../engine/train/run-errors.js';
import { asStorageError } from '../../engine/train/store.js';
import { defaultRecipe, scheduleMessage } from '../../engine/train/recipe.js';
import type { GroupRequest } from '../../engine/train/types.js';
import { ProtocolError, type TrainEvent } from '../../shared/protocol/index.js';
import { isNetworkId } from '../../zoo/index.js';
import type { EngineEnv } from '../env.js';
import { number, optNumber, optString, record } from '../params.js';
import type { Handlers } from '../registry.js';

type TrainMethod =
  | 'train.defaults'
  | 'train.start'
  | 'train.pause'
  | 'train.resume'
  | 'train.stop'
  | 'train.list'
  | 'train.history'
  | 'train.metrics';

const DATA_KINDS = new Set(['mnist', 'shapes', 'folder', 'cifar10']);

/** Shape checks for a group request from the renderer; the planner checks the values. */
function groupRequest(raw: unknown): GroupRequest {
  const p = record(raw, 'train.start');
  number(p, 'steps', 'train.start', { integer: true, min: 1, max: 10_000_000 });
  optNumber(p, 'seed', 'train.start', { integer: true, min: 0, max: 2 ** 32 - 1 });
  optNumber(p, 'batch', 'train.start', { integer: true, min: 1, max: 4096 });
  optNumber(p, 'replicas', 'train.start', { integer: true, min: 1, max: 8 });
  if (!Array.isArray(p.runs) || p.runs.length === 0)
    throw new ProtocolError('bad_request', 'train.start: runs must be a non-empty list.');
  for (const r of p.runs as unknown[]) {
    const v = record(record(r, 'train.start').variant, 'train.start');
    if (typeof v.network !== 'string' || !isNetworkId(v.network)) {
      throw new ProtocolError('bad_request', `train.start: unknown network ${JSON.stringify(v.network)}.`);
    }
  }
  const d = record(p.data, 'train.start');
  if (typeof d.kind !== 'string' || !DATA_KINDS.has(d.kind)) {
    throw new ProtocolError(
      'bad_request',
      `train.start: data.kind must be one of ${[...DATA_KINDS].join(', ')}.`,
    );
  }
  // The engine decides where runs live; a client cannot point it elsewhere.
  const { dataDir: _ignored, ...rest } = p as unknown as GroupRequest;
  void _ignored;
  return rest;
}

function runId(raw: unknown, method: string): string {
  const id = optString(record(raw, method), 'id', method);
  if (!id || !/^[\w.-]+$/.test(id)) throw new ProtocolError('bad_request', `${method}: id must be a run id.`);
  return id;
}

/** Errors a user can act on keep their words; a missing run is not_found; a refusing disk is 'storage'. */
function wrap<T>(f: () => Promise<T> | T): Promise<T> {
  return Promise.resolve()
    .then(f)
    .catch((e: unknown) => {
      if (e instanceof ProtocolError) throw e;
      if (e instanceof DataError) throw new ProtocolError('bad_data', e.message, undefined, e.params);
      if (e instanceof MemoryError) throw new ProtocolError('too_large', e.message);
      const storage = asStorageError(e, 'the runs folder');
      if (storage) {
        const msg = `Training cannot write to the data folder: ${storage.reason}. Make it writable (or free some space) and try again.`;
        throw new ProtocolError('storage', msg, undefined, {
          kind: storage.problem,
          errno: storage.errno,
          what: storage.what,
        });
      }
      if (e instanceof RunError)
        throw new ProtocolError(e.code === 'not_found' ? 'not_found' : 'bad_request', e.message);
      throw e;
    });
}

export function trainHandlers(env: EngineEnv, opts: { dataDir?: string } = {}): Handlers<TrainMethod> {
  let manager: Promise<RunManager> | null = null;
  // A manager that could not start (an unreadable data folder) is not kept: the next call tries again.
  const runs = () => {
    const m = (manager ??= env.backend.then(
      (b) => new RunManager({ backend: b.active, dataDir: opts.dataDir }),
    ));
    m.catch(() => {
      if (manager === m) manager = null;
    });
    return m;
  };

  return {
    'train.defaults': (raw) => {
      const p = record(raw, 'train.defaults');
      if (typeof p.network !== 'string' || !isNetworkId(p.network)) {
        throw new ProtocolError(
          'bad_request',
          `train.defaults: unknown network ${JSON.stringify(p.network)}.`,
        );
      }
      const recipe = defaultRecipe(p.network);
      const steps = optNumber(p, 'steps', 'train.defaults', { integer: true, min: 1 });
      const spe = optNumber(p, 'stepsPerEpoch', 'train.defaults', { integer: true, min: 1 });
      const schedule = steps && spe ? scheduleMessage(recipe, steps, spe) : null;
      return {
        recipe,
        ...(schedule ? { scheduleText: schedule.text, scheduleMsg: schedule.msg } : {}),
        initSchemes: { ...INIT_SCHEMES },
      };
    },
    'train.start': (raw) => wrap(async () => (await runs()).startGroup(groupRequest(raw))),
    'train.pause': (raw) => wrap(async () => (await runs()).pause(runId(raw, 'train.pause'))),
    'train.resume': (raw) =>
      wrap(async () =>
        (await runs()).resume(
          runId(raw, 'train.resume'),
          optString(record(raw, 'train.resume'), 'backend', 'train.resume'),
        ),
      ),
    'train.stop': (raw) => wrap(async () => (await runs()).stop(runId(raw, 'train.stop'))),
    'train.list': () => wrap(async () => (await runs()).list()),
    'train.history': (raw) => wrap(async () => (await runs()).history(runId(raw, 'train.history'))),
    'train.metrics': async (raw, ctx) => {
      const p = record(raw, 'train.metrics');
      const only = Array.isArray(p.runs) ? new Set((p.runs as unknown[]).map(String)) : null;
      const m = await runs();
      await new Promise<void>((_, reject) => {
        const off = m.subscribe((e: TrainEvent) => {
          if (!only || only.has(e.run)) ctx.emit(e);
        });
        const end = () => {
          off();
          reject(new ProtocolError('cancelled', 'The metrics stream was cancelled.'));
        };
        if (ctx.signal.aborted) end();
        else ctx.signal.addEventListener('abort', end, { once: true });
      });
    },
  };
}
