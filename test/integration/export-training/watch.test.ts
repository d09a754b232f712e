/** curves.watch and training.export through their host handlers: live updates under one id, refusals. */
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { curvesToCsv } from '../../../src-main/engine/curves/csv.js';
import type { CurvesWatchEvent } from '../../../src-main/engine/export-training/types.js';
import { exportTrainingHandlers } from '../../../src-main/host/handlers/export-training.js';

const root = mkdtempSync(join(tmpdir(), 'watch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const h = exportTrainingHandlers();

/** The app's long CSV, as train.py writes it (run,metric,step,epoch,time,value), for steps [from, to). */
const rows = (from: number, to: number) => {
  const steps = Array.from({ length: to - from }, (_, i) => from + i);
  const csv = curvesToCsv([
    { run: 'ci', source: 'imported', metric: 'train.loss', steps, values: steps.map((s) => 2.3 - s / 100) },
  ]);
  return csv;
};

function watch(folder: string) {
  const ctrl = new AbortController();
  const events: CurvesWatchEvent[] = [];
  let wake: () => void = () => {};
  const done = h['curves.watch'](
    { folder, intervalMs: 200 },
    {
      id: 1,
      signal: ctrl.signal,
      emit: (e) => {
        events.push(e);
        wake();
      },
    },
  );
  const next = async (pred: (e: CurvesWatchEvent) => boolean) => {
    for (;;) {
      const hit = events.find(pred);
      if (hit) return hit;
      await new Promise<void>((r) => (wake = r));
    }
  };
  return { ctrl, events, done, next };
}

const points = (e: CurvesWatchEvent) =>
  e.kind === 'run' ? (e.run.series.find((s) => s.metric === 'train.loss')?.steps.length ?? 0) : 0;

test('a project folder is watched run by run; a growing log updates the same run', async () => {
  const run = join(root, 'project', 'runs', 'ci');
  mkdirSync(run, { recursive: true });
  writeFileSync(join(run, 'metrics.csv'), rows(0, 3));
  const w = watch(join(root, 'project'));
  const first = await w.next((e) => points(e) === 3);
  appendFileSync(join(run, 'metrics.csv'), rows(3, 7).split('\n').slice(1).join('\n'));
  const second = await w.next((e) => points(e) === 7);
  expect(first.kind === 'run' && second.kind === 'run' && first.run.id === second.run.id).toBe(true);
  expect(second.kind === 'run' && second.run.name).toBe('ci');
  w.ctrl.abort();
  await expect(w.done).resolves.toBeUndefined();
});

test('a log that links out of the folder is not read', async () => {
  const outside = join(root, 'outside.csv');
  writeFileSync(outside, rows(0, 5));
  const dir = join(root, 'linked');
  mkdirSync(dir);
  symlinkSync(outside, join(dir, 'metrics.csv'));
  const w = watch(dir);
  await new Promise((r) => setTimeout(r, 700));
  w.ctrl.abort();
  await w.done;
  expect(w.events.filter((e) => e.kind === 'run')).toEqual([]);
});

test('a missing folder and a relative path are refused with a clear message', async () => {
  const w = watch(join(root, 'nope'));
  await expect(w.done).rejects.toMatchObject({ code: 'not_found' });
  await expect(watch('relative/dir').done).rejects.toMatchObject({ code: 'bad_request' });
});

test('training.export refuses a folder that holds files and writes nothing there', async () => {
  const out = join(root, 'used');
  mkdirSync(out);
  writeFileSync(join(out, 'mine.txt'), 'keep');
  const ctx = { id: 2, signal: new AbortController().signal, emit: () => {} };
  await expect(
    h['training.export']({ network: 'googlenet', data: { kind: 'mnist' }, steps: 10, out }, ctx),
  ).rejects.toMatchObject({ code: 'bad_request', message: expect.stringMatching(/new or empty/) });
  await expect(
    h['training.export'](
      { network: 'nope' as 'googlenet', data: { kind: 'mnist' }, steps: 10, out: join(root, 'x') },
      ctx,
    ),
  ).rejects.toMatchObject({ code: 'bad_request' });
});
