/**
 * Time to a 512-step feature visualisation of one channel of GoogLeNet's inception (4c) at 224 px
 * (issue #16 goal: under 60 s on the ONNX Runtime gradient engine), random weights, batch 1, the app's
 * settings (Lucid's Fourier parameterisation, transforms, Adam at 0.05). On createGradientBackend's
 * choice (ONNX Runtime where it loads) all FEATVIS_STEPS (default 512) steps are run; on
 * TensorFlow.js, which takes seconds a step at this size, FEATVIS_TFJS_STEPS (default 4) steps are
 * timed and the 512-step time extrapolated (marked so). The JS part of a step (FFT, colour, sigmoid,
 * warp, their adjoints, Adam) is timed apart. Writes bench/results/featvis.json.
 */
import { loadavg } from 'node:os';
import { analyse } from '../src-main/analysis/analyse.js';
import { initBackend } from '../src-main/engine/backends.js';
import { recipeAffine } from '../src-main/engine/featvis/normalise.js';
import { FourierParam } from '../src-main/engine/featvis/param.js';
import { Rng } from '../src-main/engine/data/rng.js';
import { applyWarp, drawWarp, transformsFor, warpAdjoint } from '../src-main/engine/featvis/transforms.js';
import { visualise } from '../src-main/engine/featvis/visualise.js';
import { createGradientBackend, gradientBackendChoice } from '../src-main/engine/gradients/index.js';
import { createTfjsGradientBackend } from '../src-main/engine/gradients/tfjs.js';
import type { GradientBackend } from '../src-main/engine/gradients/types.js';
import { randomWeights } from '../src-main/engine/onnx/weights.js';
import { resolveRecipe } from '../src-main/shared/recipes.js';
import { buildNetwork } from '../src-main/zoo/index.js';
import { median, writeResult } from './machine.js';

const STEPS = Number(process.env.FEATVIS_STEPS ?? 512);
const TFJS_STEPS = Number(process.env.FEATVIS_TFJS_STEPS ?? 4);
const NODE = 'inception4c/concat';
const CHANNEL = 97;

const tfjs = await initBackend();
const a = analyse(buildNetwork('googlenet', {}));
const weights = randomWeights(a, 1, false);
const S = a.nodes.find((n) => n.kind === 'input')!.outShape[0]!;
const affine = recipeAffine(resolveRecipe('torchvision', { network: 'googlenet', size: S }));

// The JS side of one step, without the network: render, warp, their adjoints, Adam's update size.
const param = new FourierParam(1, S, S, 0);
const rng = new Rng(1);
const js: number[] = [];
for (let i = 0; i < 6; i++) {
  const t0 = performance.now();
  const { rgb } = param.render();
  const w = drawWarp(S, transformsFor(S), rng);
  const x = applyWarp(w, rgb, 1);
  param.backward(rgb, warpAdjoint(w, x, 1));
  js.push(performance.now() - t0);
}
const jsMs = median(js.slice(1));
console.log(`JS part of a step at ${S} px: ${jsMs.toFixed(1)} ms`);

const engines: { label: string; make: () => Promise<GradientBackend>; steps: number }[] = [
  { label: 'auto', make: () => createGradientBackend(a, weights), steps: STEPS },
  { label: 'tfjs', make: () => createTfjsGradientBackend(a, weights), steps: TFJS_STEPS },
];
const results: Record<string, unknown>[] = [];
const seen = new Set<string>();
for (const e of engines) {
  const t0 = performance.now();
  const b = await e.make();
  const buildMs = performance.now() - t0;
  const name = b.name === 'tfjs' ? `tfjs (${tfjs.active})` : 'onnxruntime';
  if (seen.has(name)) {
    b.dispose();
    continue;
  }
  seen.add(name);
  const objective = { kind: 'channel' as const, node: NODE, channel: CHANNEL };
  await visualise(b, { objective, affine, steps: 1 }); // warm-up (session/kernels)
  const t1 = performance.now();
  const vis = await visualise(b, { objective, affine, steps: e.steps });
  const ms = performance.now() - t1;
  b.dispose();
  const perStep = ms / (e.steps + 1);
  const row = {
    backend: name,
    chosenBecause: e.label === 'auto' ? gradientBackendChoice()?.reason : 'forced',
    buildMs: Math.round(buildMs),
    steps: e.steps,
    ms: Math.round(ms),
    msPerStep: Math.round(perStep),
    ...(e.steps === 512 ? { ms512: Math.round(ms) } : { ms512Extrapolated: Math.round(perStep * 513) }),
    jsMsPerStep: Math.round(jsMs),
    objectiveStart: vis.history[0],
    objectiveEnd: vis.objective[0],
    goalMs: 60_000,
    load: loadavg()[0],
  };
  console.log(JSON.stringify(row));
  results.push(row);
}
writeResult('featvis', {
  network: 'googlenet',
  flavour: a.spec.flavour,
  input: S,
  node: NODE,
  channel: CHANNEL,
  results,
});
