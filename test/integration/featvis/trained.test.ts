/**
 * Feature visualisation on a network trained in the app: a reduced Inception-v3 (width ×0.125, 75 px)
 * trains on the shapes data through the train.* handlers, its checkpoint comes back as a WeightMap,
 * and the tfjs gradient backend differentiates it. The picture optimised for a channel of Mixed_5b
 * must activate that channel far more than the shapes images and than noise with their statistics:
 * at least 2.5× their mean activation and above every single image. To keep CI short it runs 64 Adam
 * steps at learning rate 0.2 instead of the app's (Lucid's) 512 at 0.05; parameterisation and
 * transforms are the app's. The channel is the one the sample images drive hardest, so the images
 * are the strongest rival.
 * Nothing is mocked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { trainedWeights } from '../../../src-main/engine/activations/trained.js';
import { initBackend } from '../../../src-main/engine/backends.js';
import { generateShapes } from '../../../src-main/engine/data/shapes.js';
import { Rng } from '../../../src-main/engine/data/rng.js';
import { recipeAffine, applyAffine } from '../../../src-main/engine/featvis/normalise.js';
import { visualise } from '../../../src-main/engine/featvis/visualise.js';
import { deepDream } from '../../../src-main/engine/featvis/deepdream.js';
import { TfjsGradientBackend } from '../../../src-main/engine/gradients/tfjs.js';
import { lazyInference, type EngineEnv } from '../../../src-main/host/env.js';
import { trainHandlers } from '../../../src-main/host/handlers/train.js';
import { featvisHandlers } from '../../../src-main/host/handlers/featvis.js';
import { ActivationSession } from '../../../src-main/engine/activations/session.js';
import { PictureCache } from '../../../src-main/engine/featvis/cache.js';
import { resolveRecipe } from '../../../src-main/shared/recipes.js';
import type { TrainEvent } from '../../../src-main/shared/protocol/index.js';

let dir: string;
const backend = initBackend({ force: 'wasm' });
const env: EngineEnv = {
  backend,
  inference: lazyInference(backend),
  shell: 'web',
  startedAt: Date.now(),
  restarts: 0,
  version: 'test',
};
const ctx = (events: unknown[] = [], signal = new AbortController().signal) => ({
  id: 1,
  signal,
  emit: (e: unknown) => events.push(e),
});
const saved = process.env.INCEPTION_DATA_DIR;
const NODE = 'Mixed_5b/concat';
const S = 75;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ie-featvis-'));
  process.env.INCEPTION_DATA_DIR = dir;
});
afterAll(() => {
  if (saved === undefined) delete process.env.INCEPTION_DATA_DIR;
  else process.env.INCEPTION_DATA_DIR = saved;
  // The run's worker thread may settle (rewrite run.json) after the test: remove the folder at exit.
  const d = dir;
  process.once('exit', () => rmSync(d, { recursive: true, force: true }));
});

async function trainOne(): Promise<string> {
  const train = trainHandlers(env, { dataDir: dir });
  const events: TrainEvent[] = [];
  const abort = new AbortController();
  const stream = train['train.metrics'](undefined, ctx(events, abort.signal) as never) as Promise<void>;
  const [meta] = await train['train.start'](
    {
      runs: [{ variant: { network: 'inception_v3', width: 0.125, input: S } }],
      data: { kind: 'shapes', seed: 2, count: 96 },
      steps: 24,
      batch: 8,
      seed: 5,
    },
    ctx() as never,
  );
  const done = () =>
    events.some((e) => e.run === meta!.id && e.record.t === 'status' && e.record.status === 'done');
  for (let i = 0; i < 900 && !done(); i++) await new Promise((r) => setTimeout(r, 200));
  abort.abort();
  await stream.catch(() => {});
  expect(done()).toBe(true);
  return meta!.id;
}

/** Spatial mean of one channel of an NHWC value, per batch item. */
function channelMeans(data: Float32Array, shape: number[], channel: number): number[] {
  const [n, h, w, c] = shape as [number, number, number, number];
  return Array.from({ length: n }, (_, b) => {
    let s = 0;
    for (let p = 0; p < h * w; p++) s += data[(b * h * w + p) * c + channel]!;
    return s / (h * w);
  });
}

describe('feature visualisation on weights trained in the app', () => {
  test('the optimised picture drives its channel far beyond the data and matched noise', async () => {
    const runId = await trainOne();
    await backend;
    const t = trainedWeights(runId);
    const recipe = resolveRecipe(t.loaded.info.preprocessing, { network: 'inception_v3', size: S });
    const affine = recipeAffine(recipe);
    const grads = TfjsGradientBackend.create(t.analysis, t.loaded.weights);
    try {
      // 16 shapes images, as the network saw them (0–255 → [0, 1] → the run's preprocessing).
      const count = 16;
      const shapes = generateShapes(77, count, S);
      const x01 = Float32Array.from(shapes.pixels, (v) => v / 255);
      const seen = await grads.forward(applyAffine(affine, x01), count, [NODE]);
      const v = seen.values[NODE]!;
      const C = v.shape[3]!;
      const perChannel = Array.from({ length: C }, (_, c) => channelMeans(v.data, v.shape, c));
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const channel = perChannel.map(mean).reduce((best, m, c, all) => (m > all[best]! ? c : best), 0);
      const dataBest = Math.max(...perChannel[channel]!);
      const dataMean = mean(perChannel[channel]!);

      // Noise with the images' per-channel mean and standard deviation, clipped to [0, 1].
      const rng = new Rng(3);
      const stats = [0, 1, 2].map((c) => {
        const xs = Array.from(x01.filter((_, i) => i % 3 === c));
        const m = mean(xs);
        return { m, sd: Math.sqrt(mean(xs.map((q) => (q - m) ** 2))) };
      });
      const noise = x01.map((_, i) =>
        Math.min(1, Math.max(0, stats[i % 3]!.m + stats[i % 3]!.sd * rng.normal())),
      );
      const nv = (await grads.forward(applyAffine(affine, noise), count, [NODE])).values[NODE]!;
      const noiseMeans = channelMeans(nv.data, nv.shape, channel);
      const noiseBest = Math.max(...noiseMeans);

      const steps: number[] = [];
      const vis = await visualise(grads, {
        objective: { kind: 'channel', node: NODE, channel },
        affine,
        steps: 64,
        learningRate: 0.2,
        seed: 1,
        onStep: (s) => steps.push(s),
      });
      expect(steps.at(-1)).toBe(64);
      const picture = vis.objective[0]!;
      console.log(
        `channel ${channel} of ${NODE}: picture ${picture.toFixed(3)}, shapes images mean ${dataMean.toFixed(3)} / best ${dataBest.toFixed(3)}, noise mean ${mean(noiseMeans).toFixed(3)} / best ${noiseBest.toFixed(3)}`,
      );
      expect(picture).toBeGreaterThan(2.5 * dataMean);
      expect(picture).toBeGreaterThan(dataBest);
      expect(picture).toBeGreaterThan(2.5 * mean(noiseMeans));
      expect(picture).toBeGreaterThan(noiseBest);
      // The optimisation climbed: the last steps' objective is above the first's.
      expect(mean(Array.from(vis.history.slice(-8)))).toBeGreaterThan(
        mean(Array.from(vis.history.slice(0, 8))),
      );
      expect(vis.rgb.every((q) => q >= 0 && q <= 1)).toBe(true);

      // DeepDream on a shapes image raises mean(node²) at the module, and cancels on request.
      const img = {
        width: S * 2,
        height: S * 2,
        data: Float32Array.from(generateShapes(9, 1, S * 2).pixels, (q) => q / 255),
      };
      const objectives: number[] = [];
      const dream = await deepDream(grads, img, {
        node: NODE,
        affine,
        octaves: 2,
        iterations: 4,
        onStep: (_s, _n, o) => objectives.push(o),
      });
      expect(dream.width).toBe(S * 2);
      expect(objectives.at(-1)!).toBeGreaterThan(objectives[0]!);
      const abort = new AbortController();
      abort.abort();
      await expect(deepDream(grads, img, { node: NODE, affine, signal: abort.signal })).rejects.toMatchObject(
        {
          code: 'cancelled',
        },
      );

      // Through the protocol: a picture is made once, then read from the cache folder; a cancelled
      // request ends as cancelled; the estimate is a measured time on this engine.
      const session = new ActivationSession(env.inference);
      const n = session.register(t.analysis, t.loaded);
      const h = featvisHandlers(env, session, undefined, new PictureCache(join(dir, 'featvis-cache')));
      const params = { weightsId: n.weightsId, node: NODE, channel, settings: { steps: 4 } };
      const events: unknown[] = [];
      const first = await h['featvis.render'](params, ctx(events) as never);
      expect(first.cached).toBe(false);
      expect(events.length).toBeGreaterThan(0);
      expect(Array.from(first.png.subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]); // 'PNG'
      const again = await h['featvis.render'](params, ctx() as never);
      expect(again.cached).toBe(true);
      expect(again.key).toBe(first.key);
      expect(Array.from(again.png)).toEqual(Array.from(first.png));
      const stop = new AbortController();
      stop.abort();
      await expect(
        Promise.resolve().then(() =>
          h['featvis.render']({ ...params, settings: { steps: 5 } }, ctx([], stop.signal) as never),
        ),
      ).rejects.toMatchObject({ code: 'cancelled' });
      const est = await h['featvis.estimate']({ weightsId: n.weightsId, node: NODE }, ctx() as never);
      expect(est.steps).toBe(512);
      expect(est.seconds).toBeGreaterThan(0);
      expect(est.backend).toMatch(/^(ONNX Runtime \(cpu\)|tfjs \(wasm\))$/);
    } finally {
      grads.dispose();
    }
  }, 600_000);
});
