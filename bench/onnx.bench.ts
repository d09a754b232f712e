/**
 * ONNX Runtime against TensorFlow.js wasm (and, where python3-torch is installed, raw onnxruntime on
 * torchvision's own export, and PyTorch itself): batch 1, random weights, plain inference and the
 * full activation pass. Medians after one warm-up. Writes bench/results/onnx.json.
 *
 * Env: BENCH_RUNS (ORT and PyTorch rows, default 31: on a shared 2-core machine fewer runs leave ±20 % noise),
 * BENCH_TFJS_RUNS (default 5), BENCH_NETS (comma list), BENCH_SKIP_TFJS=1, BENCH_SKIP_TORCH=1.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { getPriority, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyse } from '../src-main/analysis/analyse.js';
import type { Analysis } from '../src-main/shared/analysis-types.js';
import { OrtEngine, type HostTensor } from '../src-main/engine/onnx/backend.js';
import { loadOrt } from '../src-main/engine/onnx/ort.js';
import { TfjsActivationRunner } from '../src-main/engine/activations/tfjs-runner.js';
import { randomWeights, type WeightMap } from '../src-main/engine/onnx/weights.js';
import { initBackend } from '../src-main/engine/backends.js';
import { buildNetwork } from '../src-main/zoo/index.js';
import type { FlavourId, NetworkId } from '../src-main/shared/spec.js';
import { median, writeResult } from './machine.js';

const THREADS = 2;
process.env.INCEPTION_ORT_THREADS = String(THREADS);
const RUNS = Number(process.env.BENCH_RUNS ?? 31);
const TFJS_RUNS = Number(process.env.BENCH_TFJS_RUNS ?? 5);
const BLOCK = 5;

interface Case {
  id: NetworkId;
  flavour?: FlavourId;
  /** The torchvision model with the same topology, for the raw-ORT and PyTorch rows. */
  torch?: 'googlenet' | 'inception_v3';
}
const CASES: Case[] = [
  { id: 'inception_v3' },
  { id: 'inception_v3', flavour: 'torchvision', torch: 'inception_v3' },
  { id: 'googlenet' },
  { id: 'googlenet', flavour: 'torchvision', torch: 'googlenet' },
  { id: 'inception_v4' },
  { id: 'inception_resnet_v2' },
];

interface Timing {
  medianMs: number;
  /** Lower quartile: on a shared machine, the runs no other process slowed down. */
  p25Ms: number;
  ms: number[];
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const summary = (ms: number[]): Timing => ({
  medianMs: r1(median(ms)),
  p25Ms: r1([...ms].sort((a, b) => a - b)[Math.floor(ms.length / 4)]!),
  ms,
});

async function time(fn: () => Promise<unknown>, runs = RUNS): Promise<Timing> {
  const ms: number[] = [];
  await fn();
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(Math.round((performance.now() - t0) * 10) / 10);
  }
  return summary(ms);
}

/**
 * Times several functions in rounds (a block of BLOCK runs of each per round, after one warm-up each), so
 * load from other processes on this shared machine hits all of them alike and their ratios stay fair.
 * Blocks, not single runs: ORT's worker threads spin for a while after a run, and a different session
 * started in that window competes with them; the first run of each block is not counted.
 */
async function interleaved(
  fns: Record<string, () => Promise<unknown>>,
  runs = RUNS,
): Promise<Record<string, Timing>> {
  const ms: Record<string, number[]> = {};
  for (const [k, fn] of Object.entries(fns)) {
    await fn();
    ms[k] = [];
  }
  while (Object.values(ms)[0]!.length < runs) {
    for (const [k, fn] of Object.entries(fns)) {
      for (let i = 0; i <= BLOCK; i++) {
        const t0 = performance.now();
        await fn();
        if (i > 0) ms[k]!.push(Math.round((performance.now() - t0) * 10) / 10);
      }
    }
  }
  return Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, summary(v)]));
}

function randomInput(shape: number[], seed = 3): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = s / 2 ** 31 - 1; // [-1, 1), as Keras-style preprocessing gives
  }
  return x;
}

const wanted = process.env.BENCH_NETS?.split(',');
const cases = CASES.filter(
  (c) => !wanted || wanted.includes(c.id) || wanted.includes(`${c.id}:${c.flavour}`),
);

/** PyTorch timings and torchvision's own ONNX exports, made in a scratch folder. */
function torchReference(dir: string): { ok: true; data: TorchResult } | { ok: false; reason: string } {
  if (process.env.BENCH_SKIP_TORCH === '1') return { ok: false, reason: 'skipped (BENCH_SKIP_TORCH=1)' };
  const script = fileURLToPath(new URL('./torch_reference.py', import.meta.url));
  for (const py of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(py, ['-c', 'import torch, torchvision'], { encoding: 'utf8' });
    if (probe.status !== 0) continue;
    const r = spawnSync(py, [script, dir, String(THREADS), String(RUNS)], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (r.status !== 0) return { ok: false, reason: `torch_reference.py failed: ${r.stderr.slice(-400)}` };
    return { ok: true, data: JSON.parse(r.stdout.trim().split('\n').at(-1)!) as TorchResult };
  }
  return {
    ok: false,
    reason: 'python3-torch is not installed (apt-get install python3-torch python3-torchvision)',
  };
}

interface TorchResult {
  torch: string;
  torchvision: string;
  nets: Record<string, Timing & { onnx: string; input: number[] }>;
}

/** A plain ORT session on torchvision's export, with the same CPU settings as the app's. */
async function rawOrt(file: string, shape: number[]) {
  const ort = await loadOrt();
  const s = await ort.InferenceSession.create(file, {
    executionProviders: ['cpu'],
    intraOpNumThreads: THREADS,
    graphOptimizationLevel: 'all',
  });
  const x = new ort.Tensor('float32', randomInput(shape), shape);
  return { run: () => s.run({ [s.inputNames[0]!]: x }), release: () => s.release() };
}

async function tfjsTimings(a: Analysis, weights: WeightMap, input: HostTensor) {
  if (process.env.BENCH_SKIP_TFJS === '1') return { skipped: 'BENCH_SKIP_TFJS=1' };
  const runner = TfjsActivationRunner.create(a, weights);
  try {
    const plain = await time(() => runner.infer(input), TFJS_RUNS);
    const activations = await time(() => runner.activations(input), TFJS_RUNS);
    return { backend: tfjsBackend, plain, activations };
  } finally {
    runner.dispose();
  }
}

const startLoad = loadavg().map((x) => Math.round(x * 100) / 100);
const scratch = mkdtempSync(join(tmpdir(), 'onnx-bench-'));
const torch = cases.some((c) => c.torch)
  ? torchReference(scratch)
  : { ok: false as const, reason: 'not needed' };
if (!torch.ok) console.log(`PyTorch rows: ${torch.reason}`);

const tfjsBackend =
  process.env.BENCH_SKIP_TFJS === '1' ? 'none' : (await initBackend({ force: 'wasm' })).active;
const engine = await OrtEngine.create({ sessionLimit: 2 });
const rows: Record<string, unknown>[] = [];
for (const c of cases) {
  const a = analyse(buildNetwork(c.id, { flavour: c.flavour }));
  const name = `${c.id} (${a.spec.flavour})`;
  const weights = randomWeights(a, 1);
  const net = { analysis: a, weightsVersion: 'bench-random-1', weights: () => weights };
  const input: HostTensor = {
    shape: [1, ...a.spec.variant.input],
    data: randomInput([1, ...a.spec.variant.input]),
  };

  const t0 = performance.now();
  await engine.warm(net, ['plain']);
  const buildPlainMs = Math.round(performance.now() - t0);
  const t1 = performance.now();
  await engine.warm(net, ['activations']);
  const buildActsMs = Math.round(performance.now() - t1);
  const ref = c.torch && torch.ok ? torch.data.nets[c.torch]! : undefined;
  const raw = ref ? await rawOrt(ref.onnx, ref.input) : undefined;
  // activations: the pass the viewer runs (every node measured, vectors returned, feature maps on demand);
  // everyNode: the same plus every feature map fetched out of the runtime (one more run), as a dump needs.
  const featureMaps = a.nodes.filter(
    (n) => n.aux === undefined && n.outShape.length === 3 && n.kind !== 'input',
  );
  // Two groups, each timed in rounds with raw ORT: plain inference, then the activation passes. Mixed in
  // one group, the passes' large outputs slowed the plain sessions that ran after them (GoogLeNet: half
  // the plain runs at 2× their time), which says nothing about either path on its own.
  const rawFn: Record<string, () => Promise<unknown>> = raw ? { raw: raw.run } : {};
  const plainGroup = await interleaved({ plain: () => engine.infer(net, input), ...rawFn });
  const passGroup = await interleaved({
    activations: () => engine.pass(net, input),
    everyNode: async () => (await engine.pass(net, input)).fetch!(featureMaps.map((n) => n.id)),
    ...rawFn,
  });
  const t = { ...passGroup, ...plainGroup };
  const rawWithPasses = passGroup.raw;
  const [ortPlain, ortActs, ortEvery] = [t.plain!, t.activations!, t.everyNode!];
  await raw?.release();
  engine.invalidate(net);

  const row: Record<string, unknown> = {
    network: name,
    input: a.spec.variant.input,
    nodes: a.nodes.filter((n) => n.aux === undefined).length,
    ort: {
      provider: engine.status.provider,
      threads: THREADS,
      buildPlainMs,
      buildActsMs,
      plain: ortPlain,
      activations: ortActs,
      everyNode: ortEvery,
    },
  };
  if (ref && t.raw && torch.ok) {
    const raw = t.raw;
    row.rawOrtOnTorchExport = raw;
    row.rawOrtOnTorchExportInPassGroup = rawWithPasses;
    row.pytorch = { version: torch.data.torch, threads: THREADS, medianMs: ref.medianMs, ms: ref.ms };
    row.ratios = {
      plainVsRawOrt: Math.round((ortPlain.medianMs / raw.medianMs) * 100) / 100,
      plainVsRawOrtP25: Math.round((ortPlain.p25Ms / raw.p25Ms) * 100) / 100,
      activationsVsRawOrt: Math.round((ortActs.medianMs / rawWithPasses!.medianMs) * 100) / 100,
      activationsVsRawOrtP25: Math.round((ortActs.p25Ms / rawWithPasses!.p25Ms) * 100) / 100,
      everyNodeVsRawOrt: Math.round((ortEvery.medianMs / rawWithPasses!.medianMs) * 100) / 100,
      pytorchVsAppPlain: Math.round((ref.medianMs / ortPlain.medianMs) * 100) / 100,
    };
  }
  row.tfjs = await tfjsTimings(a, weights, input);
  rows.push(row);
  const tf = row.tfjs as { plain?: Timing; activations?: Timing };
  console.log(
    `${name}: ORT plain ${ortPlain.medianMs} ms, activation pass ${ortActs.medianMs} ms, every node ${ortEvery.medianMs} ms` +
      (tf.plain ? `; tfjs ${tf.plain.medianMs} / ${tf.activations!.medianMs} ms` : '') +
      (row.ratios ? `; vs raw ORT ${JSON.stringify(row.ratios)}` : ''),
  );
}
engine.dispose();
rmSync(scratch, { recursive: true, force: true });

writeResult('onnx', {
  description:
    'Batch 1, random weights (He-uniform, seed 1). ORT: onnxruntime-node CPU provider, intra-op threads 2, ' +
    'through the app path (export from the spec, NHWC in/out). Raw ORT: the same CPU settings on ' +
    "torchvision's torch.onnx.export of the same network, timed in rounds with the app rows (plain with raw, then the passes with raw; blocks of 5, the first of " +
    'each block not counted: ORT threads spin after a run and would slow the next session). ' +
    'Medians after one warm-up. The machine is shared: see loadAverage.',
  runs: { ort: RUNS, pytorch: RUNS, tfjs: TFJS_RUNS },
  loadAverage: { start: startLoad, end: loadavg().map((x) => Math.round(x * 100) / 100) },
  /** Unix nice value the bench ran at (negative: ahead of other work on the machine). */
  priority: getPriority(),
  goals: { plainVsRawOrt: '≤ 1.1', activationsVsRawOrt: '≤ 2' },
  pytorch: torch.ok
    ? { torch: torch.data.torch, torchvision: torch.data.torchvision }
    : { skipped: torch.reason },
  rows,
});
