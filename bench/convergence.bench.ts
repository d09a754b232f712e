/**
 * Do the curves part? Runs the Training view's presets (the group request its form sends, built by the
 * renderer's own form code) through the engine's RunManager on worker threads, as the app does, and
 * records every validation point. Summary per pair: validation top-1 error at a few steps, and the first
 * step at which each network reached an error threshold. Writes bench/results/convergence.json.
 *
 * Env: BENCH_PRESETS (comma list, default "convergence"; "convergence2" is v4 vs IR-v2, ~3× longer, and
 * writes convergence-convergence2.json);
 * BENCH_SHAPES_STEPS=N also runs each preset on the procedural shapes (the form's 2,000 images, 10 classes,
 * the clean level) for N steps, where the same sizes learn more slowly (600 steps: about six minutes).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../src-main/engine/backends.js';
import { RunManager } from '../src-main/engine/train/manager.js';
import { defaultForm, PRESETS, toGroupRequest, type PresetId } from '../src-renderer/views/training/form.js';
import { writeResult } from './machine.js';

const presets = (process.env.BENCH_PRESETS ?? 'convergence').split(',') as PresetId[];
const THRESHOLDS = [0.5, 0.3, 0.2];

const backend = (await initBackend({ force: 'wasm' })).active;
const dir = mkdtempSync(join(tmpdir(), 'convergence-bench-'));
const startLoad = loadavg();
const results = [];
try {
  const manager = new RunManager({ dataDir: dir, backend });
  const shapesSteps = Number(process.env.BENCH_SHAPES_STEPS ?? 0);
  const jobs = presets.flatMap((p) => {
    const form = defaultForm(PRESETS[p].networks, p);
    const onShapes = {
      ...form,
      data: { ...form.data, kind: 'shapes' as const },
      steps: shapesSteps,
      flip: true,
    };
    return [{ p, data: 'mnist', form }, ...(shapesSteps > 0 ? [{ p, data: 'shapes', form: onShapes }] : [])];
  });
  for (const { p, data, form } of jobs) {
    const req = toGroupRequest(form);
    const t0 = performance.now();
    const metas = await manager.startGroup(req);
    const statuses = await Promise.all(metas.map((m) => manager.wait(m.id)));
    const wallS = (performance.now() - t0) / 1000;
    const runs = metas.map((m, i) => {
      const { val, steps, meta } = manager.history(m.id);
      const firstBelow = Object.fromEntries(
        THRESHOLDS.map((th) => [String(th), val.find((v) => v.top1 <= th)?.step ?? null]),
      );
      const line = val.map((v) => `${v.step}:${(v.top1 * 100).toFixed(0)}%`).join(' ');
      console.log(`${p} on ${data} ${m.network}: ${statuses[i]}; val top-1 error ${line}`);
      return {
        network: m.network,
        name: m.name,
        status: statuses[i],
        engine: meta.trainedOn?.at(-1)?.engine ?? backend,
        steps: m.steps,
        trainCount: m.trainCount,
        valCount: m.valCount,
        wallS: Math.round((steps.at(-1)?.wall ?? 0) * 10) / 10,
        firstStepAtOrBelow: firstBelow,
        val: val.map((v) => ({ step: v.step, loss: round(v.loss), top1: round(v.top1), top5: v.top5 })),
      };
    });
    results.push({
      preset: p,
      data,
      request: req,
      conditions: metas[0]!.conditions.text,
      groupWallS: Math.round(wallS),
      runs,
    });
  }
  await manager.shutdown();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

// The default run writes convergence.json; other preset lists get their own file, so results add up.
writeResult(presets.join('+') === 'convergence' ? 'convergence' : `convergence-${presets.join('+')}`, {
  what:
    'The Training view presets run as the app runs them (one group, two worker threads, same seed, data order ' +
    'and initialisation scheme); validation top-1 error over steps. Results depend on the step, not on the ' +
    'machine load, except wall times.',
  backend,
  loadAverageAtStart: startLoad,
  loadAverageAtEnd: loadavg(),
  presets: results,
});
