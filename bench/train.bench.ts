/**
 * Training throughput (images/s) of reduced Inception-v3, Inception-ResNet-v1 and -v2 on every tfjs
 * backend available here, the data-parallel speed-up from a second worker thread on wasm, and, where
 * python3-torch is installed, the same networks in PyTorch (built at run time from the analysis JSON by
 * bench/train_torch.py) in the same run. Writes bench/results/train.json.
 * Env: TRAIN_BENCH_STEPS (timed steps per case, default 3; cpu uses half), TRAIN_BENCH_INPUT (default 32;
 * 75 matches the stack probe's /8-width figures but takes ~10 min on cpu), TRAIN_BENCH_PARTS (comma list of
 * tfjs, parallel, torch; default all).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { analyse } from '../src-main/analysis/analyse.js';
import { initBackend, probeBackends } from '../src-main/engine/backends.js';
import { loadData } from '../src-main/engine/data/index.js';
import { prepare } from '../src-main/engine/data/pipeline.js';
import { buildModel } from '../src-main/engine/tfjs/build-model.js';
import { createNet } from '../src-main/engine/train/factory.js';
import { startReplicas } from '../src-main/engine/train/parallel.js';
import { planGroup } from '../src-main/engine/train/plan.js';
import { RunStore } from '../src-main/engine/train/store.js';
import { Trainer } from '../src-main/engine/train/trainer.js';
import type { RunMeta } from '../src-main/engine/train/types.js';
import { buildNetwork } from '../src-main/zoo/index.js';
import type { NetworkId } from '../src-main/shared/spec.js';
import { median, writeResult } from './machine.js';

const INPUT = Number(process.env.TRAIN_BENCH_INPUT ?? 32);
const WIDTH = 0.125;
const BATCH = 16;
const STEPS = Number(process.env.TRAIN_BENCH_STEPS ?? 3);
const NETS: NetworkId[] = ['inception_v3', 'inception_resnet_v1', 'inception_resnet_v2'];
const dir = mkdtempSync(join(tmpdir(), 'ie-train-bench-'));
const root = join(dir, 'runs');
const data = loadData({ kind: 'shapes', seed: 1, count: 400, size: INPUT });

function metaFor(id: NetworkId, backend: string, batch: number, replicas = 1): RunMeta {
  const [m] = planGroup(
    {
      runs: [{ variant: { network: id, width: WIDTH, input: INPUT } }],
      data: data.source,
      steps: 1000,
      batch,
      replicas,
      backend,
    },
    data,
    backend,
  );
  RunStore.create(root, m);
  return m;
}

/** Median images/s over `steps` timed steps after one warm-up step. */
async function throughput(
  meta: RunMeta,
  steps: number,
  replicas = 1,
): Promise<{ imagesPerSec: number; stepS: number[] }> {
  const prepared = prepare(data, { valFraction: 0.1, seed: meta.seed });
  const net = await createNet(meta);
  const extra =
    replicas > 1 ? await startReplicas(replicas - 1, { root, id: meta.id, backend: meta.backend }) : [];
  const cfg = {
    recipe: meta.recipe,
    seed: meta.seed,
    steps: 1000,
    batch: meta.batch,
    microBatch: meta.microBatch,
    input: [INPUT, INPUT, 3] as [number, number, number],
    classes: meta.classes,
  };
  const t = new Trainer(net, prepared, cfg, extra);
  const times: number[] = [];
  for (let i = 0; i <= steps; i++) {
    const t0 = performance.now();
    await t.trainStep();
    if (i > 0) times.push((performance.now() - t0) / 1000);
  }
  await t.dispose();
  net.dispose();
  return { imagesPerSec: meta.batch / median(times), stepS: times };
}

async function tfjsCases() {
  const statuses = await probeBackends();
  const available = statuses.filter((s) => s.available).map((s) => s.name);
  const out: { backend: string; network: string; imagesPerSec: number; stepS: number[] }[] = [];
  for (const backend of available) {
    await initBackend({ force: backend });
    for (const id of NETS) {
      const steps = backend === 'cpu' ? Math.max(1, Math.floor(STEPS / 2)) : STEPS;
      const r = await throughput(metaFor(id, backend, BATCH), steps);
      console.log(`${backend.padEnd(6)} ${id.padEnd(20)} ${r.imagesPerSec.toFixed(1)} img/s`);
      out.push({ backend, network: id, ...r });
    }
  }
  return { available, out };
}

async function parallelCases() {
  await initBackend({ force: 'wasm' });
  const out: { network: string; batch: number; oneThread: number; twoThreads: number; speedup: number }[] =
    [];
  for (const id of ['inception_v3', 'inception_resnet_v1'] as NetworkId[]) {
    const batch = 32;
    const one = await throughput(metaFor(id, 'wasm', batch), STEPS);
    const two = await throughput(metaFor(id, 'wasm', batch, 2), STEPS, 2);
    const speedup = two.imagesPerSec / one.imagesPerSec;
    console.log(
      `wasm data-parallel ${id}: 1 thread ${one.imagesPerSec.toFixed(1)}, 2 threads ${two.imagesPerSec.toFixed(1)} img/s (×${speedup.toFixed(2)})`,
    );
    out.push({ network: id, batch, oneThread: one.imagesPerSec, twoThreads: two.imagesPerSec, speedup });
  }
  return out;
}

function torchCases() {
  const py = '/usr/bin/python3';
  const probe = spawnSync(py, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0)
    return { ok: false, reason: 'python3-torch is not installed (apt-get install python3-torch)' };
  const nets = NETS.map((id) => {
    const spec = buildNetwork(id, { width: WIDTH, input: INPUT, classes: 10 });
    const a = analyse(spec);
    const built = buildModel(a, { graph: 'training', head: 'logits' });
    const outputs = built.outputs.map((o) => o.nodeId);
    const auxWeights = built.outputs.slice(1).map((o) => o.lossWeight);
    built.model.dispose();
    return { name: id, nodes: a.nodes, outputs, auxWeights, input: INPUT, classes: 10 };
  });
  const cfg = join(dir, 'nets.json');
  writeFileSync(cfg, JSON.stringify({ nets, batch: BATCH, steps: STEPS, threads: [1, 2] }));
  const script = fileURLToPath(new URL('./train_torch.py', import.meta.url));
  const r = spawnSync(py, [script, cfg], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) return { ok: false, reason: `train_torch.py failed: ${r.stderr.slice(-600)}` };
  const res = JSON.parse(r.stdout) as {
    torch: string;
    results: { name: string; threads: number; imagesPerSec: number }[];
  };
  for (const x of res.results)
    console.log(`torch ${x.threads}t ${x.name.padEnd(20)} ${x.imagesPerSec.toFixed(1)} img/s`);
  return { ok: true, ...res };
}

const parts = new Set((process.env.TRAIN_BENCH_PARTS ?? 'tfjs,parallel,torch').split(','));
const load = loadavg();
const tfjs = parts.has('tfjs') ? await tfjsCases() : { available: [], out: [] };
const parallel = parts.has('parallel') ? await parallelCases() : [];
const torch = parts.has('torch') ? torchCases() : { ok: false, reason: 'not run (TRAIN_BENCH_PARTS)' };
writeResult(parts.size === 3 ? 'train' : `train-${[...parts].join('-')}`, {
  what: `training throughput, width ×${WIDTH}, input ${INPUT}², batch ${BATCH} (data-parallel: 32), 10 classes, the papers' RMSProp recipe with label smoothing, clipping and aux losses; median of ${STEPS} steps after a warm-up (cpu: ${Math.max(1, Math.floor(STEPS / 2))})`,
  loadAverageAtStart: load,
  loadAverageAtEnd: loadavg(),
  note: 'The machine has 2 cores shared with other work; a load average above 2 means the second thread had no free core, so the data-parallel figure then understates what a quiet machine gives.',
  tfjsVersion: tf.version_core,
  backendsAvailable: tfjs.available,
  tfjs: tfjs.out,
  dataParallel: parallel,
  torch,
});
rmSync(dir, { recursive: true, force: true });
process.exit(0);
