/**
 * The run store after crashes: a torn last log line is cut off (with a note) before the next append, so
 * a resume record is never glued onto it and no step appears twice; a 200-step run checkpoints at step 1;
 * disk errors become StorageError without paths; a 'running' run whose owner process is gone reads as
 * interrupted.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { executeRun } from '../../../src-main/engine/train/execute.js';
import { loadData } from '../../../src-main/engine/data/index.js';
import { planGroup } from '../../../src-main/engine/train/plan.js';
import {
  asStorageError,
  effectiveStatus,
  ownerAlive,
  RunStore,
  runsDir,
  StorageError,
} from '../../../src-main/engine/train/store.js';
import type { GroupRequest, LogRecord, NoteRecord, RunMeta } from '../../../src-main/engine/train/types.js';
import { stepRecord as step } from './records.js';
import { createNet } from './tiny-factory.js';

let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'ie-store-rec-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const group = (steps: number, checkpointEvery?: number): GroupRequest => ({
  runs: [{ variant: { network: 'inception_v3' as const, width: 0.125, input: 32 } }],
  data: { kind: 'shapes', seed: 4, count: 120, size: 32 },
  steps,
  batch: 8,
  seed: 7,
  checkpointEvery,
  backend: 'cpu',
  dataDir: dir,
});

describe('torn last line', () => {
  test('is cut before the next append, with a note, so the resume record survives', () => {
    const s = RunStore.create(dir, { id: 'torn1', createdAt: 1, lastStep: 5 } as RunMeta);
    for (let i = 0; i < 5; i++) s.append(step(i, 5 - i));
    const torn = '{"t":"step","step":5,"lo';
    appendFileSync(join(s.dir, 'log.jsonl'), torn); // killed mid-write
    // A new store (the next process) appends the resume record of a restart from step 3.
    const next = RunStore.open(dir, 'torn1');
    next.append({ t: 'resume', step: 3, time: 0 });
    next.append(step(3, 9));
    next.append(step(4, 8));
    const text = readFileSync(join(s.dir, 'log.jsonl'), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toContain(torn);
    const raw = next.rawLog();
    expect(raw.map((r) => r.t)).toEqual([
      'step',
      'step',
      'step',
      'step',
      'step',
      'note',
      'resume',
      'step',
      'step',
    ]);
    const note = raw[5] as NoteRecord;
    expect(note.messageMsg).toEqual({ key: 'train.msg.note.tornLine', params: { bytes: torn.length } });
    expect(note.step).toBe(5);
    expect(next.history().steps.map((r) => [r.step, r.loss])).toEqual([
      [0, 5],
      [1, 4],
      [2, 3],
      [3, 9],
      [4, 8],
    ]);
  });

  test('a log that ends cleanly is left alone; a torn line longer than the read chunk is found', () => {
    const s = RunStore.create(dir, { id: 'torn2', createdAt: 2, lastStep: 0 } as RunMeta);
    s.append(step(0));
    const size = statSync(join(s.dir, 'log.jsonl')).size;
    RunStore.open(dir, 'torn2').append(step(1));
    expect(
      RunStore.open(dir, 'torn2')
        .rawLog()
        .map((r) => r.t),
    ).toEqual(['step', 'step']);
    expect(statSync(join(s.dir, 'log.jsonl')).size).toBeGreaterThan(size);
    // 200 KB without a newline after the last good line (e.g. a record of a huge aux map, cut).
    appendFileSync(join(s.dir, 'log.jsonl'), '{"t":"val","x":"' + 'a'.repeat(200_000));
    RunStore.open(dir, 'torn2').append(step(2));
    const raw = RunStore.open(dir, 'torn2').rawLog();
    expect(raw.map((r) => r.t)).toEqual(['step', 'step', 'note', 'step']);
    expect((raw[2] as NoteRecord).messageMsg?.params.bytes).toBe(200_016);
  });

  test('a real run killed after a torn write resumes without losing or doubling steps', async () => {
    const req = group(9, 3);
    const meta = planGroup(req, loadData(req.data), 'cpu')[0];
    const store = RunStore.create(runsDir(dir), meta);
    expect(await executeRun(runsDir(dir), meta.id, { factory: createNet, crashAfterStep: 7 })).toBe(
      'interrupted',
    );
    appendFileSync(join(store.dir, 'log.jsonl'), '{"t":"step","step":8,"epoch":1.06,"ti');
    expect(await executeRun(runsDir(dir), meta.id, { factory: createNet })).toBe('done');
    const h = store.history();
    expect(h.steps.map((r) => r.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(h.records.some((r) => r.t === 'resume' && r.step === 6)).toBe(true);
    expect(h.records.filter((r) => r.t === 'note')).toHaveLength(1);
  }, 60_000);
});

describe('checkpoints bound the lost work', () => {
  test('a 200-step run checkpoints after step 1, so a crash does not restart it from 0', async () => {
    const req = group(200); // default checkpointEvery: one epoch (15 steps here), at most 200
    const meta = planGroup(req, loadData(req.data), 'cpu')[0];
    const store = RunStore.create(runsDir(dir), { ...meta, checkpointEvery: 200 });
    expect(await executeRun(runsDir(dir), meta.id, { factory: createNet, crashAfterStep: 3 })).toBe(
      'interrupted',
    );
    expect(store.checkpoints()).toEqual([1]);
  }, 60_000);

  test('the default interval is bounded in time too; an explicit one is kept as asked', async () => {
    const plain = planGroup(group(200), loadData(group(200).data), 'cpu')[0];
    expect(plain.checkpointSeconds).toBe(60);
    expect(planGroup(group(200, 7), loadData(group(200).data), 'cpu')[0].checkpointSeconds).toBeUndefined();
    // With a 0 s bound every step is checkpointed (the store keeps the last two).
    const store = RunStore.create(runsDir(dir), {
      ...plain,
      id: `${plain.id}-t`,
      checkpointEvery: 200,
      checkpointSeconds: 0,
    });
    const seen: number[] = [];
    await executeRun(runsDir(dir), store.id, {
      factory: createNet,
      crashAfterStep: 3,
      onRecord: (r) => void (r.t === 'checkpoint' && seen.push(r.step)),
    });
    expect(seen).toEqual([1, 2, 3]);
    expect(store.checkpoints()).toEqual([2, 3]);
  }, 60_000);
});

describe('storage errors', () => {
  test('a full disk (the log on /dev/full, which answers every write with ENOSPC) stops a real run with the reason', async () => {
    const req = group(20, 5);
    const meta = planGroup(req, loadData(req.data), 'cpu')[0];
    const store = RunStore.create(runsDir(dir), meta);
    symlinkSync('/dev/full', join(store.dir, 'log.jsonl'));
    expect(() => store.append(step(0))).toThrow(StorageError);
    const heard: LogRecord[] = [];
    const status = await executeRun(runsDir(dir), meta.id, {
      factory: createNet,
      onRecord: (r) => heard.push(r),
    });
    expect(status).toBe('stopped');
    const last = heard.at(-1)!;
    expect(last).toMatchObject({
      t: 'status',
      status: 'stopped',
      messageMsg: { key: 'train.msg.storage.no_space' },
    });
    // run.json could still be written, so it says why too; the run resumes from its last checkpoint.
    expect(store.meta()).toMatchObject({
      status: 'stopped',
      messageMsg: { key: 'train.msg.storage.no_space' },
    });
    expect(store.meta().message).toMatch(
      /^Stopped at step 0: the disk holding the data folder is full \(ENOSPC while writing the log\)/,
    );
    expect(store.meta().owner).toBeUndefined();
  }, 60_000);

  test('disk errnos become StorageError with the problem and no path; other errors stay as they are', () => {
    const e = Object.assign(new Error("EROFS: read-only file system, open '/secret/place/log.jsonl'"), {
      code: 'EROFS',
    });
    const s = asStorageError(e, 'the log')!;
    expect(s).toBeInstanceOf(StorageError);
    expect(s.problem).toBe('read_only');
    expect(s.message).toBe('the data folder is read-only (EROFS while writing the log)');
    expect(s.message).not.toContain('/');
    expect(asStorageError({ code: 'ENOSPC' }, 'a checkpoint')!.problem).toBe('no_space');
    expect(asStorageError({ code: 'EACCES' }, 'x')!.problem).toBe('denied');
    expect(asStorageError({ code: 'EIO' }, 'x')!.problem).toBe('io');
    expect(asStorageError(new TypeError('a bug'), 'x')).toBeNull();
    expect(asStorageError({ code: 'ENOENT' }, 'x')).toBeNull();
  });
});

describe('owners', () => {
  const meta = (owner?: RunMeta['owner'], status: RunMeta['status'] = 'running') =>
    ({ id: 'm', status, owner }) as RunMeta;

  test('a running run whose owner process is gone reads as interrupted', () => {
    // A real process that has exited: its pid is free (pids are not reused this quickly).
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const pid = Number(gone.stdout.toString());
    expect(ownerAlive({ pid, host: hostname(), since: 0 })).toBe(false);
    expect(effectiveStatus(meta({ pid, host: hostname(), since: 0 }))).toBe('interrupted');
    expect(effectiveStatus(meta({ pid, host: hostname(), since: 0 }, 'paused'))).toBe('interrupted');
    expect(effectiveStatus(meta(undefined))).toBe('interrupted'); // stored before owners existed
    expect(effectiveStatus(meta({ pid, host: hostname(), since: 0 }, 'done'))).toBe('done');
  });

  test('a live owner, or one on another host (unknowable from here), keeps it running', () => {
    expect(effectiveStatus(meta({ pid: process.pid, host: hostname(), since: 0 }))).toBe('running');
    expect(effectiveStatus(meta({ pid: 1, host: 'another-machine', since: 0 }))).toBe('running');
  });
});
