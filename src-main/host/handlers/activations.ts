/**
 * image.load, weights.load, activations.run, activations.tensor and predict.top: thin protocol
 * wrappers over engine/activations/session.ts. Tensors leave as binary payloads (uint8 codes,
 * float32 stats), never as JSON arrays. The session runs on the engine env's one InferenceService.
 */
import { basename } from 'node:path';
import { ActivationSession, thumbnail } from '../../engine/activations/session.js';
import { trainedWeights } from '../../engine/activations/trained.js';
import type { ActivationRun } from '../../engine/activations/pass.js';
import {
  catalogue,
  catalogueOptionsFromEnv,
  entryState,
  type CatalogueEntry,
  type EntryState,
} from '../../engine/weights/catalogue.js';
import { WeightsError } from '../../engine/weights/types.js';
import { OnnxModelError } from '../../engine/onnx/model-file.js';
import { BadImageError } from '../../engine/activations/errors.js';
import {
  ProtocolError,
  tensorPayload,
  type ActivationsRunResult,
  type CatalogueItem,
  type NodeActivation,
  type WeightsSourceParam,
} from '../../shared/protocol/index.js';
import type { EngineEnv } from '../env.js';
import { networkSelection, paramsOf } from '../params.js';
import type { Handlers } from '../registry.js';

/** A network variant parameter, checked (onnx.ts and explain.ts use it too). */
export const network = networkSelection;

/** The one source the params name (the params schema has checked each field's type). */
function source(
  p: { file?: string; url?: string; catalogue?: string; random?: number },
  m: string,
): WeightsSourceParam {
  const { file, url, catalogue: entry, random: seed } = p;
  if (file) return { file };
  if (entry) return { catalogue: entry };
  if (url) {
    if (!/^https?:\/\//.test(url))
      throw new ProtocolError('bad_request', `${m}: only http(s) URLs are fetched.`);
    return { url };
  }
  if (seed !== undefined) return { random: seed };
  throw new ProtocolError('bad_request', `${m}: source needs file, url, catalogue or random.`);
}

/** A catalogue entry as the Weights panel lists it (no checksum objects, no cache paths). */
function catalogueItem(e: CatalogueEntry, st: EntryState): CatalogueItem {
  const { checksum: _c, bytes: _b, cite: _cite, ...shown } = e;
  return { ...shown, state: st.state, ...(st.state === 'partial' ? { partBytes: st.bytes } : {}) };
}

/** Engine errors the user can act on become structured protocol errors. */
export async function wrap<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof WeightsError)
      throw new ProtocolError(
        `weights_${e.code}`,
        e.message.split('\n')[0]!,
        e.problems.join('\n') || undefined,
        e.params,
      );
    if (e instanceof OnnxModelError)
      throw new ProtocolError('onnx_load', e.message, undefined, { file: basename(e.file) });
    if (e instanceof BadImageError)
      throw new ProtocolError('bad_image', e.message, undefined, {
        file: e.file,
        reason: e.reason,
        ...e.params,
      });
    if (e instanceof ProtocolError || (e as Error).name === 'AbortError') throw e;
    throw new ProtocolError('bad_request', (e as Error).message);
  }
}

const f32 = (shape: number[], rows: Float32Array[]) => {
  const out = new Float32Array(rows.reduce((a, r) => a + r.length, 0));
  let at = 0;
  for (const r of rows) {
    out.set(r, at);
    at += r.length;
  }
  return tensorPayload('float32', shape, out);
};

export function summarise(run: ActivationRun): NodeActivation[] {
  return run.order.map((id) => {
    const q = run.nodes.summary(id)!; // stats only: coding waits for activations.tensor
    const C = q.scale.length;
    return {
      id,
      shape: q.shape,
      layout: q.layout,
      stats: f32([4, C], [q.stats.min, q.stats.max, q.stats.mean, q.stats.zeros]),
      quant: f32([2, C], [q.scale, q.offset]),
    };
  });
}

/** `session` is shared with the ONNX export handler (it exports the weights a weightsId names). */
export function activationHandlers(
  env: EngineEnv,
  session = new ActivationSession(env.inference),
): Handlers<
  | 'image.load'
  | 'weights.load'
  | 'weights.trained'
  | 'weights.catalogue'
  | 'activations.run'
  | 'activations.tensor'
  | 'predict.top'
> {
  return {
    'image.load': (raw) =>
      wrap(async () => {
        const m = 'image.load';
        const p = paramsOf(m, raw);
        const img = await session.loadImage({
          path: p.path,
          sample: p.sample,
          name: p.name,
          bytes: ArrayBuffer.isView(p.bytes)
            ? new Uint8Array(p.bytes.buffer, p.bytes.byteOffset, p.bytes.byteLength)
            : p.bytes,
        });
        const th = thumbnail(img);
        return {
          imageId: img.imageId,
          name: img.name,
          format: img.format,
          width: img.width,
          height: img.height,
          thumbnail: tensorPayload('uint8', [th.height, th.width, 3], th.data),
        };
      }),
    'weights.load': (raw, ctx) =>
      wrap(async () => {
        const m = 'weights.load';
        const p = paramsOf(m, raw);
        const { id, ...opts } = network(p.network, m);
        const src = source(p.source, m);
        const n = await session.loadWeights({ id, ...opts }, src, {
          ...catalogueOptionsFromEnv(),
          signal: ctx.signal,
          onProgress: (done, total, message) => ctx.emit({ kind: 'progress', done, total, message }),
        });
        return { weightsId: n.weightsId, info: n.loaded.info };
      }),
    'weights.catalogue': () =>
      wrap(async () => {
        const o = catalogueOptionsFromEnv();
        return Promise.all(catalogue(o).map(async (e) => catalogueItem(e, await entryState(e))));
      }),
    'weights.trained': (raw) =>
      wrap(async () => {
        const m = 'weights.trained';
        const { run } = paramsOf(m, raw);
        await env.backend; // rebuilding the run's graph needs tfjs
        const t = trainedWeights(run);
        const n = session.register(t.analysis, t.loaded);
        return { weightsId: n.weightsId, info: n.loaded.info, network: t.network, step: t.step };
      }),
    'activations.run': (raw, ctx) =>
      wrap(async () => {
        const m = 'activations.run';
        const p = paramsOf(m, raw);
        const { imageId, preprocessing: pre, resize, weightsId } = p;
        let n;
        if (weightsId) n = session.network(weightsId);
        else {
          const { id, ...opts } = network(p.network, m);
          n = await session.loadWeights({ id, ...opts }, { random: 1 });
        }
        const { run, pre: pp } = await session.run(n, imageId, {
          preprocessing: pre,
          transformInput: p.transformInput,
          resize,
          signal: ctx.signal,
          onProgress: (done, total, message) => ctx.emit({ kind: 'progress', done, total, message }),
        });
        const result: ActivationsRunResult = {
          runId: run.id,
          engine: run.engine,
          weights: n.loaded.info,
          preprocessing: { id: pp.preprocessing, recipe: pp.recipe, steps: pp.steps, summary: pp.summary },
          nodes: summarise(run),
          timing: run.timing,
          bytes: run.bytes,
        };
        if (run.fallback) result.fallback = run.fallback;
        if (n.loaded.info.imagenet) result.top = await session.top(run, 5, true);
        return result;
      }),
    'activations.tensor': (raw) =>
      wrap(async () => {
        const m = 'activations.tensor';
        const p = paramsOf(m, raw);
        const runId = p.runId ?? '';
        const nodeId = p.nodeId ?? '';
        const q = await session.getRun(runId).nodes.get(nodeId); // coded on first request, then cached
        if (!q)
          throw new ProtocolError('not_found', `${m}: run ${runId} has no node ${JSON.stringify(nodeId)}.`);
        const C = q.scale.length;
        const planar = q.layout === 'chw' ? [C, ...q.shape.slice(0, -1)] : [C];
        return {
          runId,
          nodeId,
          shape: q.shape,
          layout: q.layout,
          data: tensorPayload('uint8', planar, q.data.slice()),
          scale: tensorPayload('float32', [C], q.scale.slice()),
          offset: tensorPayload('float32', [C], q.offset.slice()),
          zeros: tensorPayload('float32', [C], q.stats.zeros.slice()),
        };
      }),
    'predict.top': (raw) =>
      wrap(async () => {
        const m = 'predict.top';
        const p = paramsOf(m, raw);
        const run = session.getRun(p.runId ?? '');
        const k = p.k ?? 5;
        const imagenet = run.analysis.spec.variant.classes >= 1000 && !/random/.test(run.weightsLabel);
        const predictions = await session.top(run, k, imagenet);
        return imagenet
          ? { imagenet, predictions }
          : {
              imagenet,
              predictions,
              note: 'random or non-ImageNet weights: class indices only, the labels would mean nothing',
            };
      }),
  };
}
