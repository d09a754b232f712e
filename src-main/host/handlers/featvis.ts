/**
 * featvis.*: the Explain panel's Feature visualisation and DeepDream tabs over engine/featvis, on the
 * Activations session's weights (or a network with random weights). One gradient backend is kept
 * for the last weights used (building a full-size network takes seconds). Pictures are cached on
 * disk per weights, node, objective and settings. Engine refusals become protocol errors here.
 */
import type { ActivationSession, LoadedNetwork } from '../../engine/activations/session.js';
import { cacheKey, PictureCache } from '../../engine/featvis/cache.js';
import { deepDream } from '../../engine/featvis/deepdream.js';
import { FeatvisError } from '../../engine/featvis/errors.js';
import { topExamples } from '../../engine/featvis/examples.js';
import { recipeAffine, type Affine } from '../../engine/featvis/normalise.js';
import { decodePngRgb, encodePng, sheet, toRgb8 } from '../../engine/featvis/png.js';
import { resizeBilinear } from '../../engine/featvis/resample.js';
import { inputSize, visualise, type FeatvisObjective } from '../../engine/featvis/visualise.js';
import { createGradientBackend } from '../../engine/gradients/index.js';
import type { GradientBackend, GradientBackendFactory } from '../../engine/gradients/types.js';
import { DataError } from '../../engine/data/types.js';
import { defaultTransformInput, resolveRecipe, weightsRecipeId } from '../../shared/recipes.js';
import {
  ProtocolError,
  type FeatvisPicture,
  type FeatvisRenderParams,
  type FeatvisSettings,
  type FeatvisSubject,
  type ProgressEvent,
} from '../../shared/protocol/index.js';
import type { EngineEnv } from '../env.js';
import { gradientBackendLabel } from '../gradient-label.js';
import { paramsOf } from '../params.js';
import type { Handlers } from '../registry.js';
import { network, wrap } from './activations.js';
import { indexOf } from '../../shared/analysis-index.js';

type Methods = 'featvis.render' | 'featvis.estimate' | 'featvis.sheet' | 'featvis.examples' | 'featvis.dream';

/** The settings with their defaults (the params schema has checked their ranges). */
function settingsOf(o: FeatvisSettings = {}): Required<FeatvisSettings> {
  return {
    steps: o.steps ?? 512,
    learningRate: o.learningRate ?? 0.05,
    batch: o.batch ?? 1,
    diversity: o.diversity ?? 0,
    transforms: o.transforms ?? true,
    seed: o.seed ?? 0,
  };
}

type ObjectiveParams = Pick<FeatvisRenderParams, 'node' | 'objective' | 'channel' | 'y' | 'x' | 'vector'>;

async function featvisWrap<T>(f: () => Promise<T>): Promise<T> {
  return wrap(async () => {
    try {
      return await f();
    } catch (e) {
      if (e instanceof FeatvisError) {
        if (e.code === 'cancelled') throw new ProtocolError('cancelled', e.message);
        throw new ProtocolError(e.code === 'not_found' ? 'not_found' : 'bad_request', e.message);
      }
      if (e instanceof DataError) throw new ProtocolError('bad_data', e.message, undefined, e.params);
      if ((e as Error).name === 'GradientRequestError')
        throw new ProtocolError('bad_request', (e as Error).message);
      throw e;
    }
  });
}

interface StepTiming {
  msPerImageStep: number;
  /** A new channel's graph compile, once. */
  setupMs: number;
}

/**
 * Steady steps only (the first ones carry the first graph's compile and the JS warm-up), then a
 * second channel's graph compile, timed on its own.
 */
async function measureSteps(
  b: GradientBackend,
  objective: (channel: number) => FeatvisObjective,
  affine: Affine,
  channels: number,
): Promise<StepTiming> {
  const at: number[] = [];
  await visualise(b, {
    objective: objective(0),
    affine,
    steps: 12,
    onStep: () => at.push(performance.now()),
  });
  const msPerImageStep = steadyStepMs(at, 1)!;
  const t0 = performance.now();
  await visualise(b, { objective: objective(Math.min(1, channels - 1)), affine, steps: 1 });
  return { msPerImageStep, setupMs: Math.max(0, performance.now() - t0 - 2 * msPerImageStep) };
}

/**
 * Milliseconds a step per picture from the times each step ended: the median step after the first
 * three (the graph's compile and the JS warm-up slow the first few steps; measured at 75 px: 97, 47,
 * 19, then 6–15 ms, steady at 6); none when there are too few steps to tell.
 */
function steadyStepMs(at: readonly number[], batch: number): number | undefined {
  const steps = at.slice(3).map((t, i) => t - at[i + 2]!);
  if (steps.length < 3) return undefined;
  steps.sort((a, b) => a - b);
  return steps[Math.floor(steps.length / 2)]! / batch;
}

/** The channel count of a node of the loaded network; not_found when it has no such node. */
function channelsOf(n: LoadedNetwork, node: string, method: string): number {
  const at = indexOf(n.analysis).byId.get(node);
  if (!at)
    throw new ProtocolError('not_found', `${method}: the network has no node ${JSON.stringify(node)}.`);
  return at.outShape[at.outShape.length - 1]!;
}

export function featvisHandlers(
  env: EngineEnv,
  session: ActivationSession,
  /** ONNX Runtime's backward graph where it loads, else TensorFlow.js (gradients/index.ts). */
  factory: GradientBackendFactory = (a, w) => createGradientBackend(a, w),
  cache = new PictureCache(),
): Handlers<Methods> {
  let held:
    { key: string; backend: Promise<GradientBackend>; timing: Map<string, Promise<StepTiming>> } | undefined;

  async function subject(p: FeatvisSubject, m: string): Promise<LoadedNetwork> {
    if (p.weightsId) return session.network(p.weightsId);
    const { id, ...opts } = network(p.network, m);
    return session.loadWeights({ id, ...opts }, { random: 1 });
  }

  const netKey = (n: LoadedNetwork) =>
    `${n.net.weightsVersion}|${n.analysis.spec.id}|${JSON.stringify(n.analysis.spec.variant)}`;

  async function backendFor(n: LoadedNetwork) {
    const key = netKey(n);
    if (held?.key !== key) {
      const old = held;
      await env.backend; // tfjs must have its backend before a model is built
      const h = {
        key,
        backend: Promise.resolve(n.net.weights()).then((w) => factory(n.analysis, w)),
        timing: new Map<string, Promise<StepTiming>>(),
      };
      held = h;
      h.backend.catch(() => {
        if (held === h) held = undefined;
      });
      void old?.backend.then(
        (b) => b.dispose(),
        () => undefined,
      );
    }
    return held;
  }

  const label = (b: GradientBackend) => gradientBackendLabel(b, env);

  function affineFor(n: LoadedNetwork): Affine {
    const info = n.loaded.info;
    const recipe = resolveRecipe(
      weightsRecipeId(info),
      { network: n.analysis.spec.id, size: n.analysis.spec.variant.input[0] },
      { transformInput: defaultTransformInput(info) },
    );
    return recipeAffine(recipe);
  }

  function objectiveOf(p: ObjectiveParams, m: string): FeatvisObjective {
    const { node } = p;
    const kind = p.objective ?? 'channel';
    const channel = p.channel ?? 0;
    if (kind === 'channel') return { kind, node, channel };
    if (kind === 'neuron') return { kind, node, channel, y: p.y, x: p.x };
    if (!p.vector)
      throw new ProtocolError('bad_request', `${m}: a direction needs vector, one number per channel.`);
    return { kind, node, vector: Float32Array.from(p.vector) };
  }

  /** One picture: from the cache, else optimised (progress every few steps) and stored. */
  async function picture(
    n: LoadedNetwork,
    objective: FeatvisObjective,
    s: Required<FeatvisSettings>,
    signal: AbortSignal,
    onStep: (step: number, steps: number) => void,
    fresh = false,
  ): Promise<FeatvisPicture> {
    const key = cacheKey({
      net: netKey(n),
      objective: {
        ...objective,
        vector: objective.kind === 'direction' ? Array.from(objective.vector) : undefined,
      },
      s,
      // Pictures made since a stuck channel is optimised before its ReLU (older ones stay apart).
      preRelu: 'auto',
    });
    const hit = fresh ? undefined : cache.get(key);
    if (hit) return { key, cached: true, png: hit.png, size: hit.meta.width / hit.meta.batch, ...hit.meta };
    const h = await backendFor(n);
    const b = await h.backend;
    const t0 = performance.now();
    const at: number[] = [];
    const vis = await visualise(b, {
      objective,
      affine: affineFor(n),
      ...s,
      signal,
      onStep: (step, steps) => {
        at.push(performance.now());
        onStep(step, steps);
      },
    });
    const ms = performance.now() - t0;
    // A real picture measures the node best: its steady steps, and its first step less one for the
    // new channel's graph (a short picture tells too little and leaves the estimate as it was; the
    // estimate adds diversity's pass itself, so only pictures without it are taken).
    const perStep = steadyStepMs(at, s.batch);
    if (perStep !== undefined && s.diversity === 0)
      h.timing.set(
        objective.node,
        Promise.resolve({ msPerImageStep: perStep, setupMs: Math.max(0, at[0]! - t0 - perStep * s.batch) }),
      );
    const { size, batch } = vis;
    // The batch side by side: row y of picture b is at (y, b·size).
    const strip = new Uint8Array(size * size * batch * 3);
    const rgb8 = toRgb8(vis.rgb);
    for (let k = 0; k < batch; k++)
      for (let y = 0; y < size; y++)
        strip.set(
          rgb8.subarray((k * size * size + y * size) * 3, (k * size * size + (y + 1) * size) * 3),
          (y * size * batch + k * size) * 3,
        );
    const png = encodePng(size * batch, size, strip);
    const meta = {
      width: size * batch,
      height: size,
      batch,
      objective: Array.from(vis.objective),
      ms,
      backend: await label(b),
      ...(vis.preRelu ? { preRelu: vis.preRelu } : {}),
    };
    cache.put(key, { png, meta });
    return { key, cached: false, png, size, ...meta };
  }

  const progress = (emit: (e: ProgressEvent) => void, message: string) => {
    let last = 0;
    return (done: number, total: number) => {
      const now = Date.now();
      if (done === total || now - last > 250) {
        last = now;
        emit({ kind: 'progress', done, total, message });
      }
    };
  };

  return {
    'featvis.render': (raw, ctx) =>
      featvisWrap(async () => {
        const m = 'featvis.render';
        const p = paramsOf(m, raw);
        const n = await subject(p, m);
        const s = settingsOf(p.settings);
        return picture(
          n,
          objectiveOf(p, m),
          s,
          ctx.signal,
          progress(ctx.emit, 'optimising'),
          p.fresh === true,
        );
      }),

    'featvis.estimate': (raw) =>
      featvisWrap(async () => {
        const m = 'featvis.estimate';
        const p = paramsOf(m, raw);
        const n = await subject(p, m);
        const s = settingsOf(p.settings);
        const h = await backendFor(n);
        const b = await h.backend;
        // Measured once per node (a deeper node is a longer graph), one measurement at a time: requests
        // that arrive together (the tab opening, a changed setting) wait for the same one.
        let timing = h.timing.get(p.node);
        if (!timing) {
          timing = measureSteps(
            b,
            (channel) => objectiveOf({ ...p, channel }, m),
            affineFor(n),
            channelsOf(n, p.node, m),
          );
          h.timing.set(p.node, timing);
          timing.catch(() => h.timing.delete(p.node));
        }
        const { msPerImageStep, setupMs } = await timing;
        const msPerStep = msPerImageStep * s.batch * (s.diversity > 0 ? 2 : 1);
        return {
          backend: await label(b),
          msPerStep,
          steps: s.steps,
          seconds: (setupMs + msPerStep * (s.steps + 1)) / 1000,
        };
      }),

    'featvis.sheet': (raw, ctx) =>
      featvisWrap(async () => {
        const m = 'featvis.sheet';
        const p = paramsOf(m, raw);
        const n = await subject(p, m);
        const s = settingsOf(p.settings);
        const node = p.node;
        const all = channelsOf(n, node, m);
        const channels = p.channels ?? [...Array(all).keys()];
        // The schema checks integers ≥ 0; the upper bound is this node's channel count.
        if (!channels.every((c) => c < all))
          throw new ProtocolError('bad_request', `${m}: channels must be between 0 and ${all - 1}.`);
        const columns = p.columns ?? Math.ceil(Math.sqrt(channels.length));
        const report = progress(ctx.emit, 'rendering channels');
        const cells: Uint8Array[] = [];
        let cached = 0;
        let cell = 0;
        // One channel after another (a queue the caller cancels by cancelling the request).
        for (let k = 0; k < channels.length; k++) {
          const pic = await picture(
            n,
            { kind: 'channel', node, channel: channels[k]! },
            { ...s, batch: 1, diversity: 0 },
            ctx.signal,
            (step, steps) => report(k * steps + step, channels.length * steps),
          );
          if (pic.cached) cached++;
          cell = pic.size;
          cells.push(decodePngRgb(pic.png).rgb8);
          report((k + 1) * s.steps, channels.length * s.steps);
        }
        const sh = sheet(cells, cell, columns);
        return {
          png: encodePng(sh.width, sh.height, sh.rgb8),
          columns,
          rows: sh.height / cell,
          cell,
          channels,
          cached,
        };
      }),

    'featvis.examples': (raw, ctx) =>
      featvisWrap(async () => {
        const m = 'featvis.examples';
        if (env.shell === 'web')
          throw new ProtocolError(
            'path_refused',
            `In web mode ${m} cannot open a folder by its path: use the desktop app for top examples from your images.`,
            undefined,
            { kind: 'folder', method: m },
          );
        // Checked after the web refusal, so a browser hears why, not which field is missing.
        const p = paramsOf(m, raw);
        const { folder, node } = p;
        const n = await subject(p, m);
        const channel = p.channel ?? 0;
        const k = p.k ?? 8;
        const b = await (await backendFor(n)).backend;
        const r = await topExamples(b, {
          folder,
          node,
          channel,
          k,
          affine: affineFor(n),
          signal: ctx.signal,
          onProgress: progress(ctx.emit, 'scanning images'),
        });
        return {
          examples: r.examples.map((e) => ({
            className: e.className,
            index: e.index,
            value: e.value,
            png: encodePng(r.size, r.size, e.rgb8),
          })),
          scanned: r.scanned,
          notes: r.notes,
        };
      }),

    'featvis.dream': (raw, ctx) =>
      featvisWrap(async () => {
        const m = 'featvis.dream';
        const p = paramsOf(m, raw);
        const { imageId, node } = p;
        const n = await subject(p, m);
        const img = session.image(imageId);
        const b = await (await backendFor(n)).backend;
        const S = inputSize(b);
        const maxSide = p.maxSide ?? 2 * S;
        const k = Math.min(1, maxSide / Math.max(img.width, img.height));
        const base = resizeBilinear(
          { width: img.width, height: img.height, data: Float32Array.from(img.data, (v) => v / 255) },
          Math.max(1, Math.round(img.width * k)),
          Math.max(1, Math.round(img.height * k)),
        );
        const t0 = performance.now();
        const out = await deepDream(b, base, {
          node,
          affine: affineFor(n),
          octaves: p.octaves,
          octaveScale: p.octaveScale,
          iterations: p.iterations,
          step: (p.step ?? 1.5) / 255,
          seed: p.seed,
          signal: ctx.signal,
          onStep: progress(ctx.emit, 'dreaming'),
        });
        return {
          png: encodePng(out.width, out.height, toRgb8(out.data)),
          width: out.width,
          height: out.height,
          ms: performance.now() - t0,
          backend: await label(b),
        };
      }),
  };
}
