/**
 * The fuzz suite's parent: runs cases in child processes (child.ts), one case at a time per child,
 * each bounded in time (a case past `timeoutMs` is a hang: the child is killed and replaced) and in
 * memory (V8 heap via --max-old-space-size, and the child's whole resident size polled from
 * /proc/<pid>/status: past `maxRssMb` it is killed, a crash). A child that dies mid-case is a crash.
 * Case i of target t uses the seed deriveSeed(seed, t, i), so any case replays alone.
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deriveSeed } from '../../src-main/engine/data/rng.js';
import { refPython, runPython } from '../support/python.js';
import type { CaseRequest, CaseResult, Outcome } from './child.js';

export interface FuzzOptions {
  targets: string[];
  /** Cases per target (one number for all, or by target name). */
  cases: number | Record<string, number>;
  seed: number;
  /** Run only these case indices (replaying a failure). */
  only?: number[];
  timeoutMs?: number;
  maxRssMb?: number;
  heapMb?: number;
  workers?: number;
  /** Files the targets need that are made at run time (e.g. the torch.save fixture). */
  extra?: Record<string, string>;
  onResult?: (target: string, index: number, r: CaseResult) => void;
}

export interface Failure {
  target: string;
  index: number;
  seed: number;
  outcome: Outcome;
  detail: string;
  mutation?: string;
}

export interface TargetCounts {
  cases: number;
  ok: number;
  refused: number;
  hangs: number;
  crashes: number;
  rawExceptions: number;
  silentAcceptances: number;
  outsideReads: number;
  /** The suite's own failures (a mutator or oracle bug), counted apart from the loaders'. */
  harnessErrors: number;
  /** Cases that timed out once but not on their replay (machine load), not counted as hangs. */
  retriedTimeouts: number;
  /** Slowest and mean case, ms (not asserted: for the report). */
  maxMs: number;
  meanMs: number;
  /** The most frequent refusals, "ErrorType(code): first words" → count. */
  refusals: Record<string, number>;
}

export interface FuzzReport {
  seed: number;
  perTarget: Record<string, TargetCounts>;
  totals: Omit<TargetCounts, 'refusals' | 'maxMs' | 'meanMs'>;
  failures: Failure[];
}

const childPath = new URL('./child.ts', import.meta.url).pathname;

const FIELD: Record<Outcome, keyof TargetCounts> = {
  ok: 'ok',
  refused: 'refused',
  hang: 'hangs',
  crash: 'crashes',
  raw: 'rawExceptions',
  silent: 'silentAcceptances',
  outside: 'outsideReads',
  harness: 'harnessErrors',
};

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

class Worker {
  private child!: ChildProcess;
  /** Resolves true when the child is ready for cases, false if it died first. */
  private ready!: Promise<boolean>;
  constructor(private o: Required<Pick<FuzzOptions, 'heapMb'>>) {
    this.spawn();
  }
  private spawn() {
    this.child = fork(childPath, [], {
      execArgv: ['--import', 'tsx', `--max-old-space-size=${this.o.heapMb}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' },
    });
    this.child.stderr!.resume();
    const child = this.child;
    this.ready = new Promise((res) => {
      const onMsg = (m: { ready?: boolean }) => {
        if (m.ready) {
          child.off('message', onMsg);
          res(true);
        }
      };
      child.on('message', onMsg);
      child.once('exit', () => res(false));
    });
  }
  async run(req: CaseRequest, timeoutMs: number, maxRssMb: number): Promise<CaseResult> {
    if (!(await this.ready)) {
      this.spawn();
      return { id: req.id, outcome: 'crash', detail: 'the fuzz child died while starting', ms: 0 };
    }
    const child = this.child;
    return new Promise<CaseResult>((resolve) => {
      const t0 = Date.now();
      let settled = false;
      const finish = (r: CaseResult, restart: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearInterval(poll);
        child.off('message', onMsg);
        child.off('exit', onExit);
        if (restart) {
          child.kill('SIGKILL');
          this.spawn();
        }
        resolve(r);
      };
      const onMsg = (m: CaseResult) => {
        if (m.id === req.id) finish(m, false);
      };
      const onExit = (code: number | null, signal: string | null) =>
        finish(
          {
            id: req.id,
            outcome: 'crash',
            detail: `the process exited (${code ?? signal})`,
            ms: Date.now() - t0,
          },
          true,
        );
      const timer = setTimeout(
        () =>
          finish(
            { id: req.id, outcome: 'hang', detail: `no answer within ${timeoutMs} ms`, ms: timeoutMs },
            true,
          ),
        timeoutMs,
      );
      const poll = setInterval(() => {
        const mb = rssMb(child.pid!);
        if (mb > maxRssMb)
          finish(
            {
              id: req.id,
              outcome: 'crash',
              detail: `resident memory ${Math.round(mb)} MB > ${maxRssMb} MB`,
              ms: Date.now() - t0,
            },
            true,
          );
      }, 100);
      child.on('message', onMsg);
      child.once('exit', onExit);
      child.send(req);
    });
  }
  close() {
    this.child.kill('SIGKILL');
  }
}

const emptyCounts = (): TargetCounts => ({
  cases: 0,
  ok: 0,
  refused: 0,
  hangs: 0,
  crashes: 0,
  rawExceptions: 0,
  silentAcceptances: 0,
  outsideReads: 0,
  harnessErrors: 0,
  retriedTimeouts: 0,
  maxMs: 0,
  meanMs: 0,
  refusals: {},
});

export async function runFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const maxRssMb = o.maxRssMb ?? 1536;
  const heapMb = o.heapMb ?? 768;
  const queue: { target: string; index: number }[] = [];
  const casesOf = (t: string) => (typeof o.cases === 'number' ? o.cases : (o.cases[t] ?? 0));
  const most = Math.max(0, ...o.targets.map(casesOf));
  // Interleaved, so the slow targets spread over the workers.
  for (let i = 0; i < most; i++)
    for (const target of o.targets)
      if (i < casesOf(target) && (!o.only || o.only.includes(i))) queue.push({ target, index: i });
  const perTarget: Record<string, TargetCounts> = Object.fromEntries(
    o.targets.map((t) => [t, emptyCounts()]),
  );
  const failures: Failure[] = [];
  let nextId = 0;
  const workers = Array.from({ length: Math.max(1, o.workers ?? 2) }, () => new Worker({ heapMb }));
  try {
    await Promise.all(
      workers.map(async (w) => {
        for (let job = queue.shift(); job; job = queue.shift()) {
          const seed = deriveSeed(o.seed, job.target, job.index);
          const req = { id: nextId++, target: job.target, seed, extra: o.extra ?? {} };
          let r = await w.run(req, timeoutMs, maxRssMb);
          // A timeout is replayed once in a fresh child: on a loaded machine a case can starve past the
          // bound. Only a case that times out twice counts as a hang; the other is counted apart.
          if (r.outcome === 'hang') {
            const again = await w.run({ ...req, id: nextId++ }, timeoutMs, maxRssMb);
            if (again.outcome !== 'hang') {
              perTarget[job.target]!.retriedTimeouts++;
              r = { ...again, id: r.id };
            }
          }
          const c = perTarget[job.target]!;
          c.cases++;
          (c[FIELD[r.outcome]] as number)++;
          c.maxMs = Math.max(c.maxMs, r.ms);
          c.meanMs += r.ms;
          if (r.outcome === 'refused') {
            const key = r.detail.replace(/\d+/g, 'N').slice(0, 90);
            c.refusals[key] = (c.refusals[key] ?? 0) + 1;
          }
          if (r.outcome !== 'ok' && r.outcome !== 'refused')
            failures.push({
              target: job.target,
              index: job.index,
              seed,
              outcome: r.outcome,
              detail: r.detail,
              mutation: r.mutation,
            });
          o.onResult?.(job.target, job.index, r);
        }
      }),
    );
  } finally {
    for (const w of workers) w.close();
  }
  for (const c of Object.values(perTarget)) {
    c.meanMs = c.cases ? Math.round(c.meanMs / c.cases) : 0;
  }
  for (const c of Object.values(perTarget))
    c.refusals = Object.fromEntries(
      Object.entries(c.refusals)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8),
    );
  const totals = emptyCounts();
  for (const c of Object.values(perTarget))
    for (const k of [
      'cases',
      'ok',
      'refused',
      'hangs',
      'crashes',
      'rawExceptions',
      'silentAcceptances',
      'outsideReads',
      'harnessErrors',
      'retriedTimeouts',
    ] as const)
      totals[k] += c[k];
  const { refusals: _r, maxMs: _m, meanMs: _n, ...t } = totals;
  return { seed: o.seed, perTarget, totals: t, failures };
}

/**
 * Fixtures made by a real writer at run time, too large to commit: irv2-timm.pth is torch.save of the
 * committed irv2-timm.safetensors state dict (torch's zip format); with `onnx`, irv2-timm.onnx is
 * torch.onnx.export of a module holding those tensors under their names (initializers keep the
 * PyTorch names). Debian's python3-torch starts in a few seconds (the safetensors header is read with
 * json + numpy, as its spec describes); without it the reference environment is used. The ONNX export
 * traces ~1,300 tensors and takes minutes here, so only `npm run fuzz` asks for it.
 */
export function runtimeFixtures(dir: string, o: { onnx?: boolean } = {}): Record<string, string> {
  const weights = new URL('../fixtures/weights/', import.meta.url).pathname;
  const st = join(weights, 'irv2-timm.safetensors');
  const debian =
    spawnSync('/usr/bin/python3', ['-c', 'import torch, numpy'], { stdio: 'ignore' }).status === 0;
  const py = debian ? '/usr/bin/python3' : refPython();
  const pth = join(dir, 'irv2-timm.pth');
  runPython(py, `${READ_SAFETENSORS}\ntorch.save(sd, sys.argv[2])`, [st, pth]);
  const out: Record<string, string> = { 'irv2-timm.pth': pth };
  if (o.onnx) {
    const onnx = join(dir, 'irv2-timm.onnx');
    runPython(py, `${READ_SAFETENSORS}\n${TO_ONNX}`, [st, onnx], { timeoutMs: 1_200_000 });
    out['irv2-timm.onnx'] = onnx;
  }
  return out;
}

// https://github.com/huggingface/safetensors#format: u64 header length, JSON header, raw little-endian data.
const READ_SAFETENSORS = String.raw`
import sys, json, struct, collections, numpy as np, torch
b = open(sys.argv[1], 'rb').read()
n = struct.unpack('<Q', b[:8])[0]
h = json.loads(b[8:8 + n])
types = {'F32': np.float32, 'I64': np.int64}
sd = collections.OrderedDict()
for k, e in sorted(((k, e) for k, e in h.items() if k != '__metadata__'), key=lambda x: x[1]['data_offsets'][0]):
    s, t = e['data_offsets']
    a = np.frombuffer(b[8 + n + s:8 + n + t], dtype=types[e['dtype']]).reshape(e['shape'])
    sd[k] = torch.from_numpy(a.copy())`;

/** A module whose parameters are the state dict's float tensors by name; its forward uses each one. */
const TO_ONNX = String.raw`
class Holder(torch.nn.Module):
    def __init__(self, sd):
        super().__init__()
        for k, v in sd.items():
            if v.dtype != torch.float32: continue
            *path, leaf = k.split('.')
            m = self
            for p in path:
                if not hasattr(m, p): m.add_module(p, torch.nn.Module())
                m = getattr(m, p)
            m.register_parameter(leaf, torch.nn.Parameter(v, requires_grad=False))
    def forward(self, x):
        for p in self.parameters(): x = x + p.sum()
        return x
torch.onnx.export(Holder(sd).eval(), torch.zeros(1), sys.argv[2], do_constant_folding=False, opset_version=13)`;
