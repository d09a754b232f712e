/**
 * Training on ONNX Runtime against tfjs wasm and PyTorch, interleaved in one run on this machine
 * (issue 15): reduced-preset images/s (×0.125, 32 px, batch 16, the papers' RMSProp recipe with label
 * smoothing, clipping and aux losses; ORT via the app's OrtTrainer, tfjs via its Trainer, PyTorch
 * via bench/train_torch.py at 2 threads), one full-size Inception-v3 training step at batch 8 on ORT
 * (time and peak memory, in a child process so its peak is its own), and lesson 13's preset (v3 vs
 * IR-v1 on MNIST, 400 steps, both runs on worker threads as the app trains them). Writes
 * bench/results/train-ort.json.
 * Env: TRAIN_ORT_STEPS (timed steps per case and round, default 10: the first few steps after the warm-up run slower on every engine), TRAIN_ORT_ROUNDS (default 2),
 * TRAIN_ORT_PARTS (comma list of reduced, full, lesson; default all).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyse } from '../src-main/analysis/analyse.js';
import { initBackend } from '../src-main/engine/backends.js';
import { loadData } from '../src-main/engine/data/index.js';
import { prepare } from '../src-main/engine/data/pipeline.js';
import { buildModel } from '../src-main/engine/tfjs/build-model.js';
import { ortTrainerDeps } from '../src-main/engine/train/engine.js';
import { createNet } from '../src-main/engine/train/factory.js';
import { RunManager } from '../src-main/engine/train/manager.js';
import { createOrtNet } from '../src-main/engine/train/ort-net.js';
import { OrtTrainer } from '../src-main/engine/train/ort-trainer.js';
import { planGroup } from '../src-main/engine/train/plan.js';
import type { RunTrainer } from '../src-main/engine/train/run-trainer.js';
import { Trainer, type TrainerConfig } from '../src-main/engine/train/trainer.js';
import type { RunMeta } from '../src-main/engine/train/types.js';
import type { NetworkId } from '../src-main/shared/spec.js';
import { buildNetwork } from '../src-main/zoo/index.js';
import { defaultForm, PRESETS, toGroupRequest } from '../src-renderer/views/training/form.js';
import { median, writeResult } from './machine.js';

const STEPS = Number(process.env.TRAIN_ORT_STEPS ?? 10);
const ROUNDS = Number(process.env.TRAIN_ORT_ROUNDS ?? 2);
const PARTS = new Set((process.env.TRAIN_ORT_PARTS ?? 'reduced,full,lesson').split(','));
const WIDTH = 0.125;
const INPUT = 32;
const BATCH = 16;
const NETS: NetworkId[] = ['inception_v3', 'inception_resnet_v1', 'inception_resnet_v2'];
const dir = mkdtempSync(join(tmpdir(), 'ie-train-ort-bench-'));

function metaFor(id: NetworkId, width: number, input: number, batch: number, count: number): RunMeta {
  const data = loadData({ kind: 'shapes', seed: 1, count, size: input });
  const [m] = planGroup(
    {
      runs: [{ variant: { network: id, width, input } }],
      data: data.source,
      steps: 1000,
      batch,
      backend: 'wasm',
    },
    data,
    'wasm',
  );
  return m!;
}

function configOf(m: RunMeta): TrainerConfig {
  return {
    recipe: m.recipe,
    seed: m.seed,
    steps: m.steps,
    batch: m.batch,
    microBatch: m.microBatch,
    input: [m.input, m.input, 3],
    classes: m.classes,
  };
}

/** Median seconds per step over `steps` steps after one warm-up step. */
async function timeSteps(t: RunTrainer, steps: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i <= steps; i++) {
    const t0 = performance.now();
    await t.trainStep();
    if (i > 0) times.push((performance.now() - t0) / 1000);
  }
  return times;
}

function torchStep(id: NetworkId): { imagesPerSec: number; stepsS: number[] } | { error: string } {
  const spec = buildNetwork(id, { width: WIDTH, input: INPUT, classes: 10 });
  const a = analyse(spec);
  const built = buildModel(a, { graph: 'training', head: 'logits' });
  const outputs = built.outputs.map((o) => o.nodeId);
  const auxWeights = built.outputs.slice(1).map((o) => o.lossWeight);
  built.model.dispose();
  const cfg = join(dir, `${id}.json`);
  const net = { name: id, nodes: a.nodes, outputs, auxWeights, input: INPUT, classes: 10 };
  writeFileSync(cfg, JSON.stringify({ nets: [net], batch: BATCH, steps: STEPS, threads: [2] }));
  const script = fileURLToPath(new URL('./train_torch.py', import.meta.url));
  const r = spawnSync('/usr/bin/python3', [script, cfg], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) return { error: `train_torch.py failed: ${r.stderr.slice(-400)}` };
  const res = JSON.parse(r.stdout) as { results: { imagesPerSec: number; stepsS: number[] }[] };
  return res.results[0]!;
}

/** Each network's ORT, tfjs wasm and PyTorch (2 threads) cases, one after another, ROUNDS times. */
async function reduced() {
  const deps = await ortTrainerDeps();
  const rows: Record<string, { ort: number[]; tfjs: number[]; torch2: number[]; torchError?: string }> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const id of NETS) {
      const m = metaFor(id, WIDTH, INPUT, BATCH, 400);
      const data = prepare(loadData(m.data), { valFraction: 0.1, seed: m.seed });
      const row = (rows[id] ??= { ort: [], tfjs: [], torch2: [] });
      const ort = await OrtTrainer.create(createOrtNet(m), data, configOf(m), deps);
      row.ort.push(BATCH / median(await timeSteps(ort, STEPS)));
      await ort.dispose();
      const net = await createNet(m);
      const tfjs = new Trainer(net, data, configOf(m));
      row.tfjs.push(BATCH / median(await timeSteps(tfjs, STEPS)));
      await tfjs.dispose();
      net.dispose();
      const torch = torchStep(id);
      if ('error' in torch) row.torchError = torch.error;
      else row.torch2.push(torch.imagesPerSec);
      const last = (xs: number[]) => xs.at(-1)?.toFixed(1) ?? '–';
      console.log(
        `round ${round + 1} ${id.padEnd(20)} ORT ${last(row.ort)}  tfjs wasm ${last(row.tfjs)}  PyTorch 2t ${last(row.torch2)} img/s`,
      );
    }
  }
  return Object.entries(rows).map(([network, r]) => ({
    network,
    ortImagesPerSec: median(r.ort),
    tfjsWasmImagesPerSec: median(r.tfjs),
    torch2ThreadsImagesPerSec: r.torch2.length ? median(r.torch2) : null,
    ortOverTorch2: r.torch2.length ? median(r.ort) / median(r.torch2) : null,
    rounds: r,
    provider: deps.provider,
  }));
}

/** Full-size Inception-v3 (299 px, 1000 classes) at batch 8: graph build, session, step times, peak RSS. */
async function fullStep() {
  const m = metaFor('inception_v3', 1, 299, 8, 16);
  const data = prepare(loadData(m.data), { valFraction: 0.25, seed: m.seed });
  const cfg = { ...configOf(m), classes: 1000 };
  const meta = { ...m, classes: 1000 };
  const t0 = performance.now();
  const t = await OrtTrainer.create(createOrtNet(meta), data, cfg, await ortTrainerDeps());
  const setupS = (performance.now() - t0) / 1000;
  const steps = await timeSteps(t, 2);
  await t.dispose();
  return {
    setupS,
    stepS: steps,
    medianStepS: median(steps),
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}

/** Lesson 13's preset through the RunManager on worker threads, as the Training view starts it. */
async function lesson() {
  const manager = new RunManager({ dataDir: join(dir, 'lesson'), backend: 'wasm' });
  const req = toGroupRequest(defaultForm(PRESETS.convergence.networks, 'convergence'));
  const t0 = performance.now();
  const metas = await manager.startGroup(req);
  const statuses = await Promise.all(metas.map((m) => manager.wait(m.id)));
  const wallS = (performance.now() - t0) / 1000;
  const runs = metas.map((m, i) => {
    const h = manager.history(m.id);
    const last = h.val.at(-1);
    return {
      network: m.network,
      status: statuses[i],
      engine: h.meta.trainedOn?.at(-1),
      steps: m.steps,
      trainingS: h.steps.at(-1)?.wall ?? null,
      finalValTop1: last?.top1 ?? null,
    };
  });
  await manager.shutdown();
  console.log(`lesson 13 preset: ${wallS.toFixed(1)} s for both runs`, runs);
  return { groupWallS: wallS, runs };
}

// The child-process mode: only the full-size step, so its peak memory is its own.
if (process.argv[2] === '--full-step') {
  await initBackend({ force: 'wasm' });
  console.log(JSON.stringify(await fullStep()));
  process.exit(0);
}

const load = loadavg();
await initBackend({ force: 'wasm' });
const out: Record<string, unknown> = {};
if (PARTS.has('reduced')) out.reduced = await reduced();
if (PARTS.has('full')) {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--full-step'], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  out.fullInceptionV3Batch8 = r.status === 0 ? JSON.parse(line) : { error: r.stderr.slice(-600) };
  console.log('full-size Inception-v3, batch 8, ORT:', out.fullInceptionV3Batch8);
}
if (PARTS.has('lesson')) out.lesson13 = await lesson();
writeResult(PARTS.size === 3 ? 'train-ort' : `train-ort-${[...PARTS].join('-')}`, {
  what: `training on ONNX Runtime (OrtTrainer, the compiled training graph) vs tfjs wasm (Trainer) vs PyTorch 2 threads, interleaved per network, ${ROUNDS} rounds, median of ${STEPS} steps after a warm-up; width ×${WIDTH}, ${INPUT}², batch ${BATCH}, 10 classes, RMSProp recipe with label smoothing, clipping and aux losses`,
  loadAverageAtStart: load,
  loadAverageAtEnd: loadavg(),
  note: 'The machine has 2 cores shared with other work: a load average above 2 slows every engine, and the interleaving keeps them comparable.',
  ...out,
});
rmSync(dir, { recursive: true, force: true });
process.exit(0);
