/**
 * Kill the engine mid-run: the CLI trains in a child process and gets SIGKILL after a dozen steps.
 * Every logged line survives and parses, the checkpoints are complete, and the run resumes from its last
 * checkpoint at the right step with that checkpoint's weights and optimizer state.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend } from '../../../src-main/engine/backends.js';
import { executeRun } from '../../../src-main/engine/train/execute.js';
import { createNet } from '../../../src-main/engine/train/factory.js';
import { RunControl } from '../../../src-main/engine/train/session.js';
import { RunStore, runsDir } from '../../../src-main/engine/train/store.js';
import type { LogRecord, StepRecord } from '../../../src-main/engine/train/types.js';

const bin = fileURLToPath(new URL('../../../bin/inception-explorer.mjs', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ie-kill-'));
  await initBackend({ force: 'wasm' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('SIGKILL mid-run keeps the log intact and the run resumable', async () => {
  const args = [
    bin,
    'train',
    'inception_resnet_v1',
    '--data',
    'shapes',
    '--steps',
    '400',
    '--width',
    '0.125',
    '--input',
    '32',
  ];
  args.push(
    '--batch',
    '4',
    '--max-train',
    '200',
    '--checkpoint-every',
    '4',
    '--out',
    dir,
    '--json',
    '--backend',
    'wasm',
  );
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let buf = '';
  let steps = 0;
  const killed = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no progress; stderr/stdout so far: ${buf.slice(-2000)}`)),
      150_000,
    );
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      steps = buf.split('\n').filter((l) => l.startsWith('{"t":"step"')).length;
      if (steps >= 11 && child.exitCode === null && !child.killed) {
        child.kill('SIGKILL');
        clearTimeout(timer);
      }
    });
    child.stderr.on('data', (d: Buffer) => (buf += d.toString()));
    child.on('exit', () => resolve());
  });
  await killed;
  expect(child.signalCode).toBe('SIGKILL');

  const [meta] = RunStore.list(runsDir(dir));
  const store = RunStore.open(runsDir(dir), meta.id);
  expect(meta.status).toBe('running'); // nobody got to say otherwise
  const lines = readFileSync(join(store.dir, 'log.jsonl'), 'utf8').split('\n').filter(Boolean);
  const parsed = lines.map((l) => {
    try {
      return JSON.parse(l) as LogRecord;
    } catch {
      return null;
    }
  });
  // At most the very last line can be torn by the kill.
  expect(parsed.slice(0, -1).every((r) => r !== null)).toBe(true);
  const logged = parsed.filter((r): r is StepRecord => r?.t === 'step');
  expect(logged.length).toBeGreaterThanOrEqual(11);
  expect(logged.map((r) => r.step)).toEqual(logged.map((_, i) => i));
  const ckpts = store.checkpoints();
  expect(ckpts.length).toBeGreaterThan(0);
  const last = ckpts.at(-1)!;
  expect(last % 4).toBe(0);
  const saved = store.loadCheckpoint(last)!;
  expect(saved.state.step).toBe(last);

  // Resume in this process, stop after two steps.
  const control = new RunControl();
  const after: LogRecord[] = [];
  const status = await executeRun(runsDir(dir), meta.id, {
    factory: createNet,
    control,
    onRecord: (r) => {
      after.push(r);
      if (after.filter((x) => x.t === 'step').length === 2) control.stop();
    },
  });
  expect(status).toBe('stopped');
  expect(after[0]).toMatchObject({ t: 'resume', step: last });
  const firstAgain = after.find((r): r is StepRecord => r.t === 'step')!;
  expect(firstAgain.step).toBe(last);
  expect(firstAgain.lr).toBe(logged[last].lr);
  expect(firstAgain.wall).toBeGreaterThan(saved.state.wall);
  // Nothing logged before the kill is lost; the redone steps supersede their first versions.
  const h = store.history();
  expect(h.steps.map((r) => r.step)).toEqual(Array.from({ length: last + 2 }, (_, i) => i));
  expect(store.rawLog().filter((r) => r.t === 'step').length).toBe(logged.length + 2);
}, 240_000);
