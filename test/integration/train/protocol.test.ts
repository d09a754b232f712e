/**
 * The train.* handlers end to end: two real reduced networks start together on worker threads (wasm),
 * their records stream through train.metrics, and list/history/defaults answer; a bad folder is refused
 * with counts. Uses the zoo, build-model and the default factory: nothing is mocked.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainHandlers } from '../../../src-main/host/handlers/train.js';
import { lazyInference, type EngineEnv } from '../../../src-main/host/env.js';
import type { TrainEvent } from '../../../src-main/shared/protocol/index.js';

let dir: string;
const backend = Promise.resolve({ active: 'wasm' as const, statuses: [] });
const env: EngineEnv = {
  backend,
  inference: lazyInference(backend),
  shell: 'web',
  startedAt: Date.now(),
  restarts: 0,
  version: 'test',
};
const ctx = (signal: AbortSignal, events: unknown[]) => ({
  id: 1,
  signal,
  emit: (e: unknown) => events.push(e),
});

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ie-proto-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('train.* handlers', () => {
  test('start two runs together, stream their metrics, list and read them back', async () => {
    const h = trainHandlers(env, { dataDir: dir });
    const events: TrainEvent[] = [];
    const abort = new AbortController();
    const stream = h['train.metrics'](undefined, ctx(abort.signal, events) as never) as Promise<void>;
    const metas = await h['train.start'](
      {
        runs: [
          { variant: { network: 'inception_v3', width: 0.125, input: 32 } },
          { variant: { network: 'inception_resnet_v1', width: 0.125, input: 32 } },
        ],
        data: { kind: 'shapes', seed: 2, count: 160 },
        steps: 3,
        batch: 8,
        seed: 5,
      },
      ctx(new AbortController().signal, []) as never,
    );
    expect(metas.map((m) => m.network)).toEqual(['inception_v3', 'inception_resnet_v1']);
    expect(metas[0].auxHeads).toEqual([{ name: 'AuxLogits', weight: 0.4 }]);
    const ended = () =>
      metas.every((m) =>
        events.some((e) => e.run === m.id && e.record.t === 'status' && e.record.status === 'done'),
      );
    for (let i = 0; i < 600 && !ended(); i++) await new Promise((r) => setTimeout(r, 200));
    expect(ended()).toBe(true);
    for (const m of metas) {
      const steps = events.filter((e) => e.run === m.id && e.record.t === 'step');
      expect(steps.map((e) => e.record.step)).toEqual([0, 1, 2]);
      const hist = await h['train.history']({ id: m.id }, ctx(new AbortController().signal, []) as never);
      expect(hist.steps).toHaveLength(3);
      expect(hist.val.map((v) => v.step)).toEqual([1, 2, 3]); // short runs validate 10 times (here: every step)
      expect(hist.meta.status).toBe('done');
    }
    // The v3 run logs its auxiliary head's loss; IR-v1 has none.
    const v3 = events.find((e) => e.run === metas[0].id && e.record.t === 'step')!.record;
    expect(Object.keys((v3 as { aux: object }).aux)).toEqual(['AuxLogits']);
    const list = await h['train.list'](undefined, ctx(new AbortController().signal, []) as never);
    expect(list.map((r) => r.id).sort()).toEqual(metas.map((m) => m.id).sort());
    abort.abort();
    await expect(stream).rejects.toMatchObject({ code: 'cancelled' });
  }, 180_000);

  test('a folder without classes is refused with a clear message; defaults explain the schedule', async () => {
    const h = trainHandlers(env, { dataDir: dir });
    const bad = join(dir, 'flat');
    mkdirSync(bad);
    writeFileSync(join(bad, 'x.txt'), 'no images');
    await expect(
      h['train.start'](
        { runs: [{ variant: { network: 'inception_v3' } }], data: { kind: 'folder', path: bad }, steps: 1 },
        ctx(new AbortController().signal, []) as never,
      ),
    ).rejects.toMatchObject({ code: 'bad_data', message: expect.stringMatching(/has no classes/) });
    const d = await h['train.defaults'](
      { network: 'googlenet', steps: 1000, stepsPerEpoch: 10 },
      ctx(new AbortController().signal, []) as never,
    );
    expect(d.recipe.optimizer.kind).toBe('sgd');
    expect(d.scheduleText).toMatch(/×0\.96 every/);
    await expect(
      h['train.pause']({ id: 'nope' }, ctx(new AbortController().signal, []) as never),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
