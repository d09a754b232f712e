/**
 * A data folder that turns read-only mid-training, with the real engine process under the supervisor:
 * the folder is a tmpfs mounted for the test and remounted read-only while a run trains (as root, chmod
 * would not stop the engine; without root the test falls back to chmod, which does). The engine stays
 * up (same pid, no restart), the run stops saying why, train.* keeps answering (a new run is refused
 * with code 'storage', never 'internal'); once the folder is writable again the stopped run resumes from
 * its last checkpoint and new runs start. Then the engine is SIGKILLed mid-run: at the next start the
 * runs show as interrupted, in the CLI's `train --list` and in the app's train.list.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EngineSupervisor, forkEngine } from '../../../src-main/engine-client/index.js';
import type {
  EngineState,
  GroupRequest,
  LogRecord,
  RunMeta,
  TrainEvent,
} from '../../../src-main/shared/protocol/index.js';

const bin = fileURLToPath(new URL('../../../bin/inception-explorer.mjs', import.meta.url));
let base: string;
let data: string;
let mounted = false;
let sup: EngineSupervisor;
const events: TrainEvent[] = [];
const states: EngineState[] = [];

/** A tmpfs of our own, so remounting it read-only touches nothing else. */
function mountTmpfs(dir: string): boolean {
  return spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256m,mode=0755', 'tmpfs', dir]).status === 0;
}

function chmodTree(dir: string, mode: 'ro' | 'rw'): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) chmodTree(p, mode);
    else chmodSync(p, mode === 'ro' ? 0o444 : 0o644);
  }
  chmodSync(dir, mode === 'ro' ? 0o555 : 0o755);
}

function setWritable(writable: boolean): void {
  if (mounted) execFileSync('mount', ['-o', `remount,${writable ? 'rw' : 'ro'}`, data]);
  else chmodTree(data, writable ? 'rw' : 'ro');
}

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'ie-ro-'));
  data = join(base, 'data');
  mkdirSync(data);
  mounted = mountTmpfs(data);
  if (!mounted && process.getuid?.() === 0)
    throw new Error(
      'This test needs `mount -t tmpfs` (CAP_SYS_ADMIN) when run as root: chmod does not stop root.',
    );
  sup = new EngineSupervisor(
    forkEngine({ stdio: 'ignore', backend: 'wasm', env: { INCEPTION_DATA_DIR: data } }),
    // Short enough that a training engine that blocked its loop would be restarted during the test.
    { heartbeatMs: 2000, missedBeats: 5 },
  );
  sup.onState((s) => states.push(s));
  sup.start();
});

afterAll(async () => {
  await sup?.stop();
  if (mounted && spawnSync('umount', [data]).status !== 0) spawnSync('umount', ['-l', data]);
  rmSync(base, { recursive: true, force: true });
});

/** A train.metrics stream (not reopened after the kill: a new engine's manager would mark runs at once). */
function stream(): void {
  void sup.client.request('train.metrics', undefined, { onEvent: (e) => events.push(e) }).catch(() => {});
}

async function until<T>(what: string, f: () => T | undefined | false, ms = 240_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const records = (run: string): LogRecord[] => events.filter((e) => e.run === run).map((e) => e.record);
const steps = (run: string) => records(run).filter((r) => r.t === 'step').length;
const lastStatus = (run: string) =>
  records(run)
    .filter((r) => r.t === 'status')
    .at(-1);
const readMeta = (id: string) =>
  JSON.parse(readFileSync(join(data, 'runs', id, 'run.json'), 'utf8')) as RunMeta;

const request = (seed: number): GroupRequest => ({
  runs: [{ variant: { network: 'googlenet', width: 0.0625, input: 32 } }],
  data: { kind: 'shapes', seed, count: 60, size: 32 },
  steps: 2000,
  batch: 2,
  seed,
  checkpointEvery: 3,
});

test('read-only mid-training: the run stops saying why, the engine stays up, and it all works again once writable; a SIGKILLed run shows as interrupted', async () => {
  stream();
  const [a] = await sup.client.request('train.start', request(1));
  const pid = (await sup.client.request('engine.info')).pid;
  await until('4 steps of run A', () => steps(a.id) >= 4);

  // 1. The folder turns read-only under the running run.
  setWritable(false);
  const stopped = await until('run A to stop', () => {
    const s = lastStatus(a.id);
    return s?.t === 'status' && s.status === 'stopped' ? s : undefined;
  });
  const problem = mounted ? 'read_only' : 'denied';
  expect(stopped.messageMsg?.key).toBe(`train.msg.storage.${problem}`);
  expect(stopped.message).toMatch(
    mounted
      ? /^Stopped at step \d+: the data folder is read-only \(EROFS while writing /
      : /permission denied/,
  );
  expect(stopped.message).not.toContain(data); // no paths
  const checkpoint = Number(stopped.messageMsg!.params.checkpoint);
  expect(checkpoint).toBeGreaterThanOrEqual(1);

  // The engine did not exit, and train.* answers with the run's state, not 'internal'.
  const info = await sup.client.request('engine.info');
  expect(info.pid).toBe(pid);
  expect(sup.state).toMatchObject({ status: 'ready', restarts: 0 });
  const listed = (await sup.client.request('train.list')).find((r) => r.id === a.id)!;
  expect(listed).toMatchObject({ status: 'stopped', active: false, message: stopped.message });
  expect(readMeta(a.id).status).toBe('running'); // what the disk still says: it refused the update
  const h = await sup.client.request('train.history', { id: a.id });
  expect(h.meta.status).toBe('stopped');
  await expect(sup.client.request('train.start', request(2))).rejects.toMatchObject({
    code: 'storage',
    params: { kind: problem },
  });
  await expect(sup.client.request('train.resume', { id: a.id })).rejects.toMatchObject({ code: 'storage' });

  // 2. Writable again: the state reaches the disk, the run resumes from its checkpoint, new runs start.
  setWritable(true);
  expect((await sup.client.request('train.list')).find((r) => r.id === a.id)!.status).toBe('stopped');
  expect(readMeta(a.id)).toMatchObject({ status: 'stopped', message: stopped.message });
  const before = steps(a.id);
  await sup.client.request('train.resume', { id: a.id });
  // It continues from the checkpoint the stop message named.
  await until('run A to resume', () => records(a.id).find((r) => r.t === 'resume' && r.step === checkpoint));
  await until('2 more steps of run A', () => steps(a.id) >= before + 2);
  const [b] = await sup.client.request('train.start', request(3));
  await until('a step of run B', () => steps(b.id) >= 1);
  const hist = await sup.client.request('train.history', { id: a.id });
  expect(hist.steps.map((s) => s.step)).toEqual(hist.steps.map((_, i) => i)); // no step lost or doubled
  expect(sup.state.restarts).toBe(0);

  // 3. SIGKILL the engine while both train: nobody gets to write 'interrupted'.
  await until('run B to checkpoint', () => records(b.id).some((r) => r.t === 'checkpoint'));
  process.kill(pid, 'SIGKILL');
  await until('the engine to be restarted', () => states.some((s) => s.status === 'restarting'));
  for (const id of [a.id, b.id]) expect(readMeta(id)).toMatchObject({ status: 'running', owner: { pid } });

  // The CLI lists them as interrupted (read-only: it does not rewrite run.json).
  const cli = execFileSync(process.execPath, [bin, 'train', '--list', '--out', data], { encoding: 'utf8' });
  for (const id of [a.id, b.id])
    expect(cli).toMatch(
      new RegExp(
        `^${id}  interrupted \\(run.json says running, but process ${pid} that trained it is gone`,
        'm',
      ),
    );
  const json = JSON.parse(
    execFileSync(process.execPath, [bin, 'train', '--list', '--json', '--out', data], { encoding: 'utf8' }),
  ) as (RunMeta & { storedStatus: string })[];
  expect(json.map((r) => [r.status, r.storedStatus])).toEqual([
    ['interrupted', 'running'],
    ['interrupted', 'running'],
  ]);

  // The new engine marks them interrupted on its first train.* call, and says from which step they resume.
  await until('the new engine', () => sup.state.status === 'ready' && sup.state.pid !== pid);
  const after = await sup.client.request('train.list');
  for (const id of [a.id, b.id]) {
    const r = after.find((x) => x.id === id)!;
    expect(r).toMatchObject({ status: 'interrupted', active: false });
    expect(r.messageMsg?.key).toBe('train.msg.interrupted.running');
    expect(readMeta(id).status).toBe('interrupted');
    expect(readMeta(id).owner).toBeUndefined();
  }
}, 600_000);
