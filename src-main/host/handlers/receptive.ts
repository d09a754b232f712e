/**
 * receptive.field: the theoretical field of one unit per path through its module (exact, from the
 * analysis) and its effective field, |∂unit/∂input| summed over colour, from one gradient pass
 * (GradTarget 'neuron', ONNX Runtime or tfjs) on the Activations session's weights and image, prepared as activations.run
 * prepares them. Gradient backends are kept for the last two weights (building one takes seconds).
 */
import { effectiveStats, ReceptiveFieldError, receptivePaths } from '../../shared/receptive-paths.js';
import type { ActivationSession, LoadedNetwork } from '../../engine/activations/session.js';
import { createGradientBackend } from '../../engine/gradients/index.js';
import { GradientRequestError } from '../../engine/gradients/tfjs.js';
import type { GradientBackend, GradientBackendFactory } from '../../engine/gradients/types.js';
import {
  ProtocolError,
  tensorPayload,
  type ReceptiveFieldParams,
  type ReceptiveFieldResult,
} from '../../shared/protocol/index.js';
import { indexOf } from '../../shared/analysis-index.js';
import type { EngineEnv } from '../env.js';
import { gradientBackendLabel } from '../gradient-label.js';
import { paramsOf } from '../params.js';
import type { Handlers } from '../registry.js';
import { network, wrap } from './activations.js';

const M = 'receptive.field';

async function loaded(session: ActivationSession, p: ReceptiveFieldParams): Promise<LoadedNetwork> {
  if (p.weightsId) return session.network(p.weightsId);
  const { id, ...opts } = network(p.network, M);
  return session.loadWeights({ id, ...opts }, { random: 1 });
}

export function receptiveHandlers(
  env: EngineEnv,
  session: ActivationSession,
  // ONNX Runtime's backward graph where it loads, else tfjs (engine/gradients/index.ts).
  factory: GradientBackendFactory = (a, w) => createGradientBackend(a, w),
): Handlers<'receptive.field'> {
  const held: { key: string; backend: Promise<GradientBackend> }[] = [];
  async function backendFor(n: LoadedNetwork): Promise<GradientBackend> {
    const key = n.net.weightsVersion + '|' + n.analysis.spec.id + JSON.stringify(n.analysis.spec.variant);
    let h = held.find((x) => x.key === key);
    if (!h) {
      await env.backend; // the tfjs backend must be chosen before a model is built
      const made = { key, backend: Promise.resolve(n.net.weights()).then((w) => factory(n.analysis, w)) };
      held.unshift(made);
      made.backend.catch(() => held.splice(held.indexOf(made) >>> 0, 1));
      for (const old of held.splice(2))
        void old.backend.then(
          (b) => b.dispose(),
          () => undefined,
        );
      h = made;
    }
    return h.backend;
  }

  return {
    'receptive.field': (raw, ctx) =>
      wrap(async () => {
        const p = paramsOf(M, raw);
        const { node, y, x, channel, imageId } = p;
        const n = await loaded(session, p);
        const shape = indexOf(n.analysis).byId.get(node)?.outShape;
        if (shape && shape.length === 3 && channel >= shape[2]!)
          throw new ProtocolError(
            'bad_request',
            `'${node}' has ${shape[2]} channels; there is no channel ${channel}.`,
          );
        let fields;
        try {
          fields = receptivePaths(n.analysis, node, y, x, channel);
        } catch (e) {
          if (e instanceof ReceptiveFieldError) throw new ProtocolError('bad_request', e.message);
          throw e;
        }
        const result: ReceptiveFieldResult = { fields };
        if (p.effective === false || !imageId) return result;

        const prepared = await session.prepare(n, session.image(imageId), {
          preprocessing: p.preprocessing,
          transformInput: p.transformInput,
          resize: p.resize,
        });
        const b = await backendFor(n);
        const t0 = performance.now();
        let g;
        try {
          g = await b.gradient({
            input: prepared.tensor.data as Float32Array,
            batch: 1,
            target: { kind: 'neuron', node, channel, y, x },
            wrt: ['input'],
            signal: ctx.signal,
          });
        } catch (e) {
          if (e instanceof GradientRequestError) throw new ProtocolError('bad_request', e.message);
          throw e;
        }
        const grad = g.grads.input!;
        const [, H, W, C] = grad.shape as [number, number, number, number];
        const map = new Float32Array(H * W);
        for (let i = 0; i < H * W; i++) {
          let s = 0;
          for (let c = 0; c < C; c++) s += Math.abs(grad.data[i * C + c]!);
          map[i] = s;
        }
        result.effective = {
          map: tensorPayload('float32', [H, W], map),
          pixels: tensorPayload('uint8', [H, W, 3], prepared.pixels.data),
          stats: effectiveStats(map, H, W, fields),
          value: g.objective[0]!,
          backend: await gradientBackendLabel(b, env),
          ms: performance.now() - t0,
        };
        return result;
      }),
  };
}
