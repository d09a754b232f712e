// train.* answers a command the run's state forbids by the engine's RunError code, not by the
// wording of its message: unknown run → not_found; pause of a run not running, resume of a finished
// one → bad_request. Runs are real run folders written by RunStore (no training happens).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainHandlers } from '../../../src-main/host/handlers/train.js';
import { lazyInference, type EngineEnv } from '../../../src-main/host/env.js';
import { loadData } from '../../../src-main/engine/data/index.js';
import { planGroup } from '../../../src-main/engine/train/plan.js';
import { RunStore, runsDir } from '../../../src-main/engine/train/store.js';
import type { GroupRequest, RunMeta } from '../../../src-main/engine/train/types.js';

const backend = Promise.resolve({ active: 'cpu' as const, statuses: [] });
const env: EngineEnv = {
  backend,
  inference: lazyInference(backend),
  shell: 'web',
  startedAt: Date.now(),
  restarts: 0,
  version: 'test',
};
const ctx = { id: 1, signal: new AbortController().signal, emit: () => {} } as never;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ie-train-errors-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A planned run saved in the runs folder with the given status, as the manager would list it. */
function savedRun(status: RunMeta['status']): RunMeta {
  const req: GroupRequest = {
    runs: [{ variant: { network: 'inception_v3', width: 0.125, input: 32 } }],
    data: { kind: 'shapes', seed: 4, count: 16, size: 32 },
    steps: 4,
    batch: 4,
    seed: 1,
    backend: 'cpu',
  };
  const planned = planGroup(req, loadData(req.data), 'cpu')[0]!;
  const meta: RunMeta = { ...planned, id: `${planned.id}-${status}`, status, lastStep: 3 };
  RunStore.create(runsDir(dir), meta);
  return meta;
}

describe('train.* error codes come from the run error type', () => {
  test('unknown run: not_found', async () => {
    const h = trainHandlers(env, { dataDir: dir });
    await expect(h['train.pause']({ id: 'nope' }, ctx)).rejects.toMatchObject({ code: 'not_found' });
  });

  test('pause of a run that is not running, resume of a finished one: bad_request', async () => {
    const stopped = savedRun('stopped');
    const done = savedRun('done');
    const h = trainHandlers(env, { dataDir: dir });
    await expect(h['train.pause']({ id: stopped.id }, ctx)).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining(stopped.id),
    });
    await expect(h['train.resume']({ id: done.id }, ctx)).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining('finished'),
    });
  });
});
