/** train.*: the engine side of training runs (engine/train/manager.ts does the work). */
import { DataError } from '../../engine/data/types.js';
import { INIT_SCHEMES } from '../../engine/train/init.js';
import { RunManager } from '../../engine/train/manager.js';
import { MemoryError } from '../../engine/train/memory.js';
import { RunError } from '../../engine/train/run-errors.js';
import { asStorageError } from '../../engine/train/store.js';
import { DisplayError, readDisplay, writeDisplay } from '../../engine/train/display.js';
import { join } from 'node:path';
import { defaultRecipe, scheduleMessage } from '../../engine/train/recipe.js';
import type { GroupRequest } from '../../engine/train/types.js';
import { ProtocolError, type TrainEvent } from '../../shared/protocol/index.js';
import type { EngineEnv } from '../env.js';
import { paramsOf } from '../params.js';
import type { Handlers } from '../registry.js';

type TrainMethod =
  | 'train.defaults'
  | 'train.start'
  | 'train.pause'
  | 'train.resume'
  | 'train.stop'
  | 'train.list'
  | 'train.setMeta'
  | 'train.history'
  | 'train.metrics';

/** A group request from the renderer, its shape checked (params-schemas.ts); the planner checks the values. */
function groupRequest(raw: unknown): GroupRequest {
  // The engine decides where runs live; a client cannot point it elsewhere.
  const { dataDir: _ignored, ...rest } = paramsOf('train.start', raw);
  void _ignored;
  return rest;
}

type RunMethod = 'train.pause' | 'train.resume' | 'train.stop' | 'train.history';
const runId = (raw: unknown, method: RunMethod): string => paramsOf(method, raw).id;

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
      if (e instanceof RunError || e instanceof DisplayError)
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
      const p = paramsOf('train.defaults', raw);
      const recipe = defaultRecipe(p.network);
      const { steps, stepsPerEpoch: spe } = p;
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
        (await runs()).resume(runId(raw, 'train.resume'), paramsOf('train.resume', raw).backend),
      ),
    'train.stop': (raw) => wrap(async () => (await runs()).stop(runId(raw, 'train.stop'))),
    'train.list': () =>
      wrap(async () => {
        const m = await runs();
        return m.list().map((r) => {
          const display = readDisplay(join(m.root, r.id));
          return Object.keys(display).length ? { ...r, display } : r;
        });
      }),
    'train.setMeta': (raw) =>
      wrap(async () => {
        const { id, name, colour, hidden } = paramsOf('train.setMeta', raw);
        return writeDisplay((await runs()).root, id, { name, colour, hidden });
      }),
    'train.history': (raw) => wrap(async () => (await runs()).history(runId(raw, 'train.history'))),
    'train.metrics': async (raw, ctx) => {
      const p = paramsOf('train.metrics', raw);
      const only = p?.runs ? new Set(p.runs) : null;
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
