/**
 * explain.attribution, explain.branches and explain.estimate: the Explain panel's Attribution tab over
 * engine/attribution, on the Activations session's weights and image, prepared exactly as
 * activations.run prepares them. Gradient backends are built once per weights (a full-size network
 * takes seconds to build) and kept for the last two; the time per pass measured on them gives the
 * estimate the view shows before a map is asked for.
 */
import {
  imagenetLabels,
  type ActivationSession,
  type LoadedNetwork,
} from '../../engine/activations/session.js';
import {
  AttributionError,
  attribute,
  branchSplit,
  passesFor,
  type AttributionContext,
} from '../../engine/attribution/index.js';
import { softmax, topIndices } from '../../engine/attribution/maps.js';
import { createGradientBackend } from '../../engine/gradients/index.js';
import { GradientRequestError } from '../../engine/gradients/tfjs.js';
import type { GradientBackend, GradientBackendFactory } from '../../engine/gradients/types.js';
import {
  ProtocolError,
  tensorPayload,
  type ExplainSubject,
  type ExplainPrediction,
} from '../../shared/protocol/index.js';
import type { EngineEnv } from '../env.js';
import { gradientBackendLabel } from '../gradient-label.js';
import { paramsOf } from '../params.js';
import type { Handlers } from '../registry.js';
import { network, wrap } from './activations.js';

interface Held {
  key: string;
  backend: Promise<GradientBackend>;
  /** Milliseconds per image through the network (forward + backward counted as one). */
  msPerPass?: number;
}

/** The subject of a request: its network (loaded weights, or random seed 1) and prepared image. */
/** Params already checked against the method's schema (paramsOf). */
async function subject(session: ActivationSession, p: ExplainSubject, m: string) {
  const n = await loaded(session, p, m);
  const prepared = await session.prepare(n, session.image(p.imageId), {
    preprocessing: p.preprocessing,
    transformInput: p.transformInput,
    resize: p.resize,
  });
  return { n, prepared };
}

async function loaded(
  session: ActivationSession,
  p: Pick<ExplainSubject, 'weightsId' | 'network'>,
  m: string,
): Promise<LoadedNetwork> {
  if (p.weightsId) return session.network(p.weightsId);
  const { id, ...opts } = network(p.network, m);
  return session.loadWeights({ id, ...opts }, { random: 1 });
}

/** Engine refusals the user can act on become bad_request with the engine's sentence. */
async function explainWrap<T>(f: () => Promise<T>): Promise<T> {
  return wrap(async () => {
    try {
      return await f();
    } catch (e) {
      if (e instanceof AttributionError || e instanceof GradientRequestError)
        throw new ProtocolError('bad_request', e.message);
      throw e;
    }
  });
}

export function explainHandlers(
  env: EngineEnv,
  session: ActivationSession,
  /** ONNX Runtime's backward graph where it loads, else TensorFlow.js (gradients/index.ts). */
  factory: GradientBackendFactory = (a, w) => createGradientBackend(a, w),
): Handlers<'explain.attribution' | 'explain.branches' | 'explain.estimate'> {
  const held: Held[] = [];
  async function backendFor(n: LoadedNetwork): Promise<Held> {
    const key = n.net.weightsVersion + '|' + n.analysis.spec.id + JSON.stringify(n.analysis.spec.variant);
    let h = held.find((x) => x.key === key);
    if (!h) {
      await env.backend; // the tfjs backend must be chosen before a model is built
      h = { key, backend: Promise.resolve(n.net.weights()).then((w) => factory(n.analysis, w)) };
      held.unshift(h);
      // A build that failed is forgotten, so the next request tries again.
      const built = h;
      built.backend.catch(() => {
        const i = held.indexOf(built);
        if (i >= 0) held.splice(i, 1);
      });
      for (const old of held.splice(2))
        void old.backend.then(
          (b) => b.dispose(),
          () => undefined,
        );
    }
    return h;
  }
  const backendLabel = (b: GradientBackend) => gradientBackendLabel(b, env);

  /** Top-5 and the default target: one forward pass. */
  async function predict(b: GradientBackend, input: Float32Array, n: LoadedNetwork) {
    const f = await b.forward(input, 1, []);
    const probs = softmax(f.logits.data);
    const labels = n.loaded.info.imagenet ? await imagenetLabels() : undefined;
    const shift = probs.length === 1001 ? 1 : 0; // TF-slim's class 0 is 'background'
    const named = labels ? probs.length === labels.length + shift : false;
    const labelOf = (i: number) => (named ? (i - shift < 0 ? 'background' : labels![i - shift]) : undefined);
    const top: ExplainPrediction[] = topIndices(probs, 5).map((i) => ({
      classIndex: i,
      probability: probs[i]!,
      ...(labelOf(i) ? { label: labelOf(i) } : {}),
    }));
    const all = named ? Array.from({ length: probs.length }, (_, i) => labelOf(i)!) : undefined;
    return { top, classes: probs.length, labels: all };
  }

  return {
    'explain.attribution': (raw, ctx) =>
      explainWrap(async () => {
        const m = 'explain.attribution';
        const p = paramsOf(m, raw);
        const method = p.method;
        const { n, prepared } = await subject(session, p, m);
        const h = await backendFor(n);
        const b = await h.backend;
        const input = prepared.tensor.data as Float32Array;
        const t0 = performance.now();
        const pred = await predict(b, input, n);
        // The schema checks an integer ≥ 0; the upper bound is this network's class count.
        if (p.classIndex !== undefined && p.classIndex >= pred.classes)
          throw new ProtocolError(
            'bad_request',
            `${m}: classIndex must be an integer ≥ 0 ≤ ${pred.classes - 1}, got ${p.classIndex}.`,
          );
        const classIndex = p.classIndex ?? pred.top[0]!.classIndex;
        const actx: AttributionContext = {
          backend: b,
          input,
          classIndex,
          ...(p.target ? { channel: p.target } : {}),
          signal: ctx.signal,
          onProgress: (done, total) => ctx.emit({ kind: 'progress', done, total, message: method }),
        };
        const r = await attribute(actx, method, p.node, p.options ?? {});
        const ms = performance.now() - t0;
        h.msPerPass = ms / (r.passes + 1);
        const [H, W] = [prepared.pixels.height, prepared.pixels.width];
        return {
          method,
          classIndex,
          ...(p.target ? { target: p.target } : {}),
          node: r.node,
          map: tensorPayload('float32', [H, W], r.map),
          rawMax: r.rawMax,
          flat: r.flat,
          pixels: tensorPayload('uint8', [H, W, 3], prepared.pixels.data),
          faithfulness: r.faithfulness,
          ...(r.completeness ? { completeness: r.completeness } : {}),
          top: pred.top,
          classes: pred.classes,
          ...(pred.labels ? { labels: pred.labels } : {}),
          backend: await backendLabel(b),
          passes: r.passes + 1,
          ms,
        };
      }),
    'explain.branches': (raw, ctx) =>
      explainWrap(async () => {
        const m = 'explain.branches';
        const p = paramsOf(m, raw);
        const node = p.node;
        const { n, prepared } = await subject(session, p, m);
        const b = await (await backendFor(n)).backend;
        const input = prepared.tensor.data as Float32Array;
        const t0 = performance.now();
        let classIndex = p.classIndex;
        if (classIndex === undefined) classIndex = (await predict(b, input, n)).top[0]!.classIndex;
        const split = await branchSplit(
          { backend: b, input, classIndex, ...(p.target ? { channel: p.target } : {}), signal: ctx.signal },
          node,
        );
        return {
          ...split,
          classIndex,
          ...(p.target ? { target: p.target } : {}),
          ms: performance.now() - t0,
        };
      }),
    'explain.estimate': (raw) =>
      explainWrap(async () => {
        const m = 'explain.estimate';
        const p = paramsOf(m, raw);
        const method = p.method;
        const n = await loaded(session, p, m);
        const h = await backendFor(n);
        const b = await h.backend;
        const passes = passesFor(n.analysis, method, p.node, p.options ?? {}) + 1;
        return {
          passes,
          ...(h.msPerPass !== undefined ? { ms: passes * h.msPerPass } : {}),
          backend: await backendLabel(b),
        };
      }),
  };
}
