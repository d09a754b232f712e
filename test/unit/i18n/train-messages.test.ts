// Every display text the training engine sends comes with a dictionary key and values: each key must
// exist in both languages with the same placeholders, and the English template filled with the values
// must give back the engine's English text exactly, so the two cannot drift apart.
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyse } from '../../../src-main/analysis/analyse.js';
import { loadData } from '../../../src-main/engine/data/index.js';
import { RunManager } from '../../../src-main/engine/train/manager.js';
import { planMemory } from '../../../src-main/engine/train/memory.js';
import { planGroup } from '../../../src-main/engine/train/plan.js';
import { defaultRecipe, editRecipe, scheduleMessage } from '../../../src-main/engine/train/recipe.js';
import { DivergenceGuard } from '../../../src-main/engine/train/session.js';
import {
  asStorageError,
  RunStore,
  runsDir,
  storageStopMessage,
} from '../../../src-main/engine/train/store.js';
import type { GroupRequest, RunMeta, StepRecord, TextMsg } from '../../../src-main/engine/train/types.js';
import { buildNetwork } from '../../../src-main/zoo/index.js';
import { interpolate, placeholders } from '../../../src-renderer/i18n/core.js';
import { en } from '../../../src-renderer/i18n/en/index.js';
import { ko } from '../../../src-renderer/i18n/ko/index.js';
import { engineKey } from '../../../src-renderer/views/training/engine-key.js';
import { createNet } from '../train/tiny-factory.js';
import { stepRecord as step } from '../train/records.js';

const dir = mkdtempSync(join(tmpdir(), 'ie-train-msg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const group = (n: number): GroupRequest => ({
  runs: [
    { variant: { network: 'inception_v3' as const, width: 0.125, input: 32 } },
    { variant: { network: 'inception_resnet_v1' as const, width: 0.125, input: 32 } },
  ].slice(0, n),
  data: { kind: 'shapes', seed: 4, count: 60, size: 32 },
  steps: 9,
  batch: 8,
  seed: 7,
  backend: 'cpu',
  dataDir: dir,
});

/** Real engine output: English text and its key, from every place that builds one. */
function samples(): { text: string; msg: TextMsg }[] {
  const out: { text: string; msg: TextMsg }[] = [];
  const r = defaultRecipe('inception_v3');
  for (const schedule of ['constant', 'epochs', 'rescaled'] as const)
    out.push(scheduleMessage(editRecipe(r, { schedule }), 1000, 40));
  out.push(scheduleMessage(editRecipe(r, { schedule: 'epochs' }), 20, 40)); // no decay yet

  const a = analyse(buildNetwork('inception_v3', { width: 0.25, input: 75, classes: 10 }));
  for (const [batch, backend, acc] of [
    [8, 'cpu', 1],
    [8, 'cpu', 2],
    [4096, 'wasm', 1],
  ] as const) {
    const p = planMemory(a, batch, backend, acc);
    out.push({ text: p.text, msg: p.msg });
  }

  for (const n of [1, 2]) {
    const [m] = planGroup(group(n), loadData(group(n).data), 'cpu');
    out.push({ text: m.conditions.text, msg: m.conditions.textMsg! });
    out.push({ text: m.scheduleText, msg: m.scheduleMsg! });
    out.push({ text: m.memoryText!, msg: m.memoryMsg! });
  }

  const nan = (rec: StepRecord) => new DivergenceGuard(10).explain(rec)!;
  out.push(nan(step(3, NaN, { main: 2 })));
  out.push(nan(step(3, NaN, { main: NaN, aux: { AuxLogits: Infinity } })));
  out.push(nan(step(3, 2, { gradNorm: Infinity })));
  out.push(nan(step(3, 2, { gradNorm: NaN, aux: { AuxLogits: NaN } })));
  const g = new DivergenceGuard(10);
  let diverged: { text: string; msg: TextMsg } | null = null;
  for (const [i, loss] of [2.5, 30, 31, 32].entries()) diverged = g.explain(step(i, loss)) ?? diverged;
  out.push(diverged!);

  // A run left running or paused by a dead engine: the manager marks it interrupted on start.
  const root = runsDir(join(dir, 'recover'));
  for (const status of ['running', 'paused'] as const) {
    const [m] = planGroup(group(1), loadData(group(1).data), 'cpu');
    RunStore.create(root, { ...m, id: `${m.id}-${status}`, status });
  }
  new RunManager({ dataDir: join(dir, 'recover'), backend: 'cpu', threads: false, factory: createNet });
  for (const m of RunStore.list(root)) out.push({ text: m.message!, msg: m.messageMsg! });

  // A disk that refuses a write stops the run (store.ts), one sentence per kind of problem.
  for (const errno of ['EROFS', 'ENOSPC', 'EACCES', 'EIO'])
    out.push(storageStopMessage(asStorageError({ code: errno }, 'the log')!, 12, 10));
  // A torn last line cut off before an append leaves a note in the log.
  const torn = RunStore.create(join(dir, 'torn'), { id: 't', createdAt: 0, lastStep: 4 } as RunMeta);
  appendFileSync(join(torn.dir, 'log.jsonl'), '{"t":"step","st');
  torn.append(step(5));
  const note = torn.rawLog().find((r) => r.t === 'note')!;
  out.push({ text: note.message, msg: note.messageMsg! });

  // A worker thread's 'error' event cannot be raised here; its sentence is checked by hand.
  out.push({
    text: 'The training thread crashed: boom',
    msg: { key: 'train.msg.crashed', params: { error: 'boom' } },
  });
  return out;
}

/** `train.msg.…` keys (and `train.msg.…${` prefixes) written in the engine's source. */
function sourceKeys(): string[] {
  const src = new URL('../../../src-main/engine/train/', import.meta.url).pathname;
  const keys: string[] = [];
  for (const f of readdirSync(src).filter((n) => n.endsWith('.ts'))) {
    const text = readFileSync(join(src, f), 'utf8');
    for (const m of text.matchAll(/['`](train\.msg\.[\w.]*)(\$\{)?/g)) keys.push(m[1] + (m[2] ? '*' : ''));
  }
  return keys;
}

describe('training engine texts', () => {
  const all = samples();

  it('every sample has a key in both languages with the same placeholders', () => {
    for (const { msg } of all) {
      expect(msg.key in en, msg.key).toBe(true);
      expect(msg.key in ko, msg.key).toBe(true);
      const k = msg.key as keyof typeof en;
      expect(placeholders(ko[k]), msg.key).toEqual(placeholders(en[k]));
    }
  });

  it('the English template with the values gives back the engine’s English', () => {
    for (const { text, msg } of all) {
      expect(engineKey(msg), msg.key).toBe(msg.key);
      expect(interpolate(en[msg.key as keyof typeof en], msg.params)).toBe(text);
    }
  });

  it('the samples cover every key the engine writes, and every train.msg key in the dictionary', () => {
    const seen = new Set(all.map((s) => s.msg.key));
    for (const k of sourceKeys()) {
      const hit = k.endsWith('*') ? [...seen].some((s) => s.startsWith(k.slice(0, -1))) : seen.has(k);
      expect(hit, k).toBe(true);
    }
    const dictionary = Object.keys(en).filter((k) => k.startsWith('train.msg.'));
    expect(dictionary.filter((k) => !seen.has(k))).toEqual([]);
  });

  it('an unknown key or missing values fall back to the English text', () => {
    expect(engineKey({ key: 'train.msg.fromTheFuture', params: {} })).toBeNull();
    expect(engineKey({ key: 'train.msg.memory.peak', params: { peak: '1 GiB' } })).toBeNull();
    expect(engineKey(undefined)).toBeNull();
  });
});
