/**
 * Weights trained in the app reach the activation pass: a real reduced run trains a few steps and
 * checkpoints, weights.trained rebuilds its graph from the checkpoint, and activations.run uses them.
 * Nothing is mocked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { trainedWeights } from '../../../src-main/engine/activations/trained.js';
import { initBackend } from '../../../src-main/engine/backends.js';
import { RunStore, runsDir } from '../../../src-main/engine/train/store.js';
import { lazyInference, type EngineEnv } from '../../../src-main/host/env.js';
import { activationHandlers } from '../../../src-main/host/handlers/activations.js';
import { trainHandlers } from '../../../src-main/host/handlers/train.js';
import type { TrainEvent } from '../../../src-main/shared/protocol/index.js';

let dir: string;
const backend = initBackend({ force: 'cpu' });
const env: EngineEnv = {
  backend,
  inference: lazyInference(backend),
  shell: 'web',
  startedAt: Date.now(),
  restarts: 0,
  version: 'test',
};
const ctx = (events: unknown[] = []) => ({
  id: 1,
  signal: new AbortController().signal,
  emit: (e: unknown) => events.push(e),
});
const saved = process.env.INCEPTION_DATA_DIR;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ie-trained-'));
  process.env.INCEPTION_DATA_DIR = dir;
});
afterAll(() => {
  if (saved === undefined) delete process.env.INCEPTION_DATA_DIR;
  else process.env.INCEPTION_DATA_DIR = saved;
  rmSync(dir, { recursive: true, force: true });
});

describe('weights trained in the app', () => {
  test('a run’s last checkpoint runs through the activation pass', async () => {
    const train = trainHandlers(env, { dataDir: dir });
    const events: TrainEvent[] = [];
    const abort = new AbortController();
    const stream = train['train.metrics'](undefined, {
      ...ctx(events),
      signal: abort.signal,
    } as never) as Promise<void>;
    const [meta] = await train['train.start'](
      {
        runs: [{ variant: { network: 'inception_v3', width: 0.125, input: 75 } }],
        data: { kind: 'shapes', seed: 2, count: 64 },
        steps: 2,
        batch: 4,
        seed: 5,
      },
      ctx() as never,
    );
    const done = () =>
      events.some((e) => e.run === meta!.id && e.record.t === 'status' && e.record.status === 'done');
    for (let i = 0; i < 600 && !done(); i++) await new Promise((r) => setTimeout(r, 200));
    expect(done()).toBe(true);
    abort.abort();
    await stream.catch(() => {});

    await backend;
    const t = trainedWeights(meta!.id);
    expect(t.step).toBe(2);
    expect(t.network).toEqual({
      id: 'inception_v3',
      flavour: meta!.flavour,
      width: 0.125,
      input: 75,
      classes: meta!.classes,
    });
    expect(t.loaded.info).toMatchObject({ kind: 'trained', imagenet: false, preprocessing: 'keras' });
    // Every value of the checkpoint, and nothing else, is in the WeightMap (BN statistics included).
    const ckpt = RunStore.open(runsDir(dir), meta!.id).loadCheckpoint()!;
    const fromMap = Object.values(t.loaded.weights).flatMap((w) =>
      Object.values(w).flatMap((x) => Array.from(x!.data)),
    );
    expect(fromMap.length).toBe(ckpt.weights.length);
    const sorted = (a: ArrayLike<number>) => Float64Array.from(a).sort();
    expect(sorted(fromMap)).toEqual(sorted(ckpt.weights));

    // Through the protocol: the weights load by run id and the pass covers every node.
    const h = activationHandlers(env);
    const w = await h['weights.trained']({ run: meta!.id }, ctx() as never);
    expect(w.info.kind).toBe('trained');
    expect(w.info.label).toContain('step 2');
    const img = await h['image.load']({ sample: 'chelsea.png' }, ctx() as never);
    const run = await h['activations.run']({ imageId: img.imageId, weightsId: w.weightsId }, ctx() as never);
    expect(run.weights.kind).toBe('trained');
    expect(run.nodes.length).toBe(t.analysis.nodes.filter((n) => n.aux === undefined).length);
    expect(run.top).toBeUndefined();

    await expect(
      Promise.resolve().then(() => h['weights.trained']({ run: 'no-such-run' }, ctx() as never)),
    ).rejects.toMatchObject({
      code: 'weights_not_found',
    });

    // A run that diverged checkpoints NaNs: refused by the integrity pass, as any file would be.
    const store = RunStore.open(runsDir(dir), meta!.id);
    const bad = store.loadCheckpoint()!;
    bad.weights[0] = NaN;
    store.saveCheckpoint({ ...bad, state: { ...bad.state, step: bad.state.step + 1 } });
    expect(() => trainedWeights(meta!.id)).toThrow(/1 NaN value/);
  }, 240_000);
});
