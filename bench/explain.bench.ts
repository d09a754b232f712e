/**
 * Time to a Grad-CAM of GoogLeNet's inception (4c) at 224 px (issue #16 goal: under 0.2 s on the ONNX
 * Runtime gradient engine), random weights, batch 1: the map alone (one forward + backward to the
 * node, the CAM, the resize to the input) and the full explain.attribution work (top-5 forward, map,
 * faithfulness's three-image forward). On every gradient backend that runs here — createGradientBackend's
 * choice (ONNX Runtime where it loads) and TensorFlow.js — median of BENCH_RUNS (default 7) after one
 * warm-up; building each backend is timed once. Writes bench/results/explain.json.
 */
import { loadavg } from 'node:os';
import { analyse } from '../src-main/analysis/analyse.js';
import { attribute } from '../src-main/engine/attribution/index.js';
import { gradCam } from '../src-main/engine/attribution/gradcam.js';
import { initBackend } from '../src-main/engine/backends.js';
import { createGradientBackend, gradientBackendChoice } from '../src-main/engine/gradients/index.js';
import { createTfjsGradientBackend } from '../src-main/engine/gradients/tfjs.js';
import type { GradientBackend } from '../src-main/engine/gradients/types.js';
import { randomWeights } from '../src-main/engine/onnx/weights.js';
import { buildNetwork } from '../src-main/zoo/index.js';
import { median, writeResult } from './machine.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const NODE = 'inception4c/concat';

async function time(f: () => Promise<unknown>): Promise<{ median: number; runs: number[] }> {
  await f();
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await f();
    runs.push(performance.now() - t0);
  }
  return { median: median(runs), runs };
}

const tfjs = await initBackend();
const a = analyse(buildNetwork('googlenet', {}));
const weights = randomWeights(a, 1, false);
const [H, W, C] = a.nodes.find((n) => n.kind === 'input')!.outShape as [number, number, number];
const input = Float32Array.from(
  { length: H * W * C },
  (_, i) => Math.sin(0.001 * i) + 0.2 * Math.cos(0.37 * i),
);

const engines: { label: string; make: () => Promise<GradientBackend> }[] = [
  { label: 'auto', make: () => createGradientBackend(a, weights) },
  { label: 'tfjs', make: () => createTfjsGradientBackend(a, weights) },
];
const results: Record<string, unknown>[] = [];
const seen = new Set<string>();
for (const e of engines) {
  const t0 = performance.now();
  const b = await e.make();
  const buildMs = performance.now() - t0;
  const name = b.name === 'tfjs' ? `tfjs (${tfjs.active})` : `onnxruntime`;
  if (seen.has(name)) {
    b.dispose();
    continue;
  }
  seen.add(name);
  const ctx = { backend: b, input, classIndex: 1 };
  const map = await time(() => gradCam(ctx, NODE));
  const full = await time(() => b.forward(input, 1, []).then(() => attribute(ctx, 'gradcam', NODE)));
  b.dispose();
  const row = {
    backend: name,
    chosenBecause: e.label === 'auto' ? gradientBackendChoice()?.reason : 'forced',
    buildMs: Math.round(buildMs),
    gradcamMs: Math.round(map.median),
    gradcamRunsMs: map.runs.map(Math.round),
    withFaithfulnessMs: Math.round(full.median),
    goalMs: 200,
    load: loadavg()[0],
  };
  console.log(JSON.stringify(row));
  results.push(row);
}
writeResult('explain', {
  network: 'googlenet',
  flavour: a.spec.flavour,
  input: H,
  node: NODE,
  runs: RUNS,
  results,
});
