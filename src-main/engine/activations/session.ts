/**
 * The engine-side state behind the activations protocol: decoded images, loaded weights (with their
 * tfjs fallback runner, built on first need) and the last activation runs. Each kind is bounded, so
 * a long session cannot grow without limit. Plain Node; the host handlers and the CLI both use it.
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { analyse } from '../../analysis/analyse.js';
import type { Analysis } from '../../shared/analysis-types.js';
import { appRoot } from '../../app-info.js';
import { buildNetwork } from '../../zoo/index.js';
import type { VariantOptions, NetworkId } from '../../shared/spec.js';
import { decodeAnyImage, type DecodedImage } from '../image/decode.js';
import { ImageError } from '../image/errors.js';
import { FileAccessError, readRegularFile } from '../fs/safe-file.js';
import { BadImageError } from './errors.js';
import { preprocessOffThread } from '../image/decode-pool.js';
import type { Preprocessed } from '../image/preprocess.js';
import {
  defaultTransformInput,
  resolveRecipe,
  weightsRecipeId,
  type ResampleFilter,
} from '../../shared/recipes.js';
import { resize } from '../image/resize.js';
import type { RunnableNetwork } from '../onnx/inference.js';
import { weightsFingerprint } from '../onnx/weights.js';
import { loadWeights, randomWeightsFor, type LoadOptions, type WeightsSource } from '../weights/load.js';
import type { LoadedWeights, PreprocessingId } from '../weights/types.js';
import {
  ActivationStore,
  runActivationPass,
  topK,
  type ActivationEngine,
  type ActivationRun,
  type Prediction,
} from './pass.js';
import { TfjsActivationRunner } from './tfjs-runner.js';

export interface NetworkRequest extends VariantOptions {
  id: NetworkId;
}

/** Overrides of the weights' preprocessing (the UI's and the CLI's switches). */
export interface PrepareOptions {
  preprocessing?: PreprocessingId;
  transformInput?: boolean;
  resize?: ResampleFilter;
}

export interface LoadedNetwork {
  weightsId: string;
  analysis: Analysis;
  loaded: LoadedWeights;
  net: RunnableNetwork;
}

let counter = 0;
const newId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

/** LRU-ish bounded map: inserting past the limit drops the oldest entry (and calls its cleanup). */
class Bounded<V> {
  private m = new Map<string, V>();
  constructor(
    private limit: number,
    private drop: (v: V) => void = () => {},
  ) {}
  set(k: string, v: V): void {
    this.m.set(k, v);
    while (this.m.size > this.limit) {
      const [oldK, oldV] = this.m.entries().next().value!;
      this.m.delete(oldK);
      this.drop(oldV);
    }
  }
  get(k: string): V | undefined {
    return this.m.get(k);
  }
}

let labelsCache: string[] | null = null;
export async function imagenetLabels(): Promise<string[]> {
  labelsCache ??= JSON.parse(
    await readFile(join(appRoot(), 'assets', 'imagenet-classes.json'), 'utf8'),
  ) as string[];
  return labelsCache;
}

export const samplesDir = (): string => join(appRoot(), 'assets', 'samples');

/** Larger image files are refused before reading (the pixel limit bounds the decoded size). */
const MAX_IMAGE_BYTES = 512 * 1024 * 1024;

export class ActivationSession {
  private images = new Bounded<DecodedImage & { name: string }>(8);
  private networks = new Bounded<LoadedNetwork>(3, (n) =>
    (n.net.tfjs as Partial<TfjsActivationRunner>).dispose?.(),
  );
  // Two runs kept, but only the newest at full precision: the older one serves just the nodes
  // already viewed (see ActivationStore.add).
  readonly runs = new ActivationStore(2);

  constructor(private engine: () => Promise<ActivationEngine>) {}

  async loadImage(p: {
    path?: string;
    bytes?: ArrayBuffer | Uint8Array;
    sample?: string;
    name?: string;
  }): Promise<DecodedImage & { imageId: string; name: string }> {
    let bytes: Uint8Array;
    let name = p.name;
    let img: DecodedImage;
    try {
      if (p.bytes) bytes = p.bytes instanceof Uint8Array ? p.bytes : new Uint8Array(p.bytes);
      else if (p.path) {
        name ??= basename(p.path);
        // Regular files only, size-capped: a FIFO or /dev/zero must not hang or fill the engine.
        bytes = new Uint8Array(await readRegularFile(p.path, { maxBytes: MAX_IMAGE_BYTES, label: name }));
      } else if (p.sample) {
        if (p.sample !== basename(p.sample)) throw new Error(`not a sample name: ${p.sample}`);
        bytes = new Uint8Array(await readFile(join(samplesDir(), p.sample)));
        name ??= p.sample;
      } else throw new Error('image.load needs path, bytes or sample');
      // Header check (pixel limit) first, then decoding in a worker thread: the engine stays responsive.
      img = await decodeAnyImage(bytes);
    } catch (e) {
      if (!(e instanceof ImageError || e instanceof FileAccessError)) throw e;
      const file = name ?? 'the image';
      // Coded so the UI can say it in the user's language; the reason stays the decoder's words.
      throw new BadImageError(
        file,
        e.message,
        e instanceof ImageError ? { kind: e.code, ...e.params } : {},
        `${file} could not be read: ${e.message}.`,
      );
    }
    const imageId = newId('img');
    const entry = { ...img, name: name ?? `image.${img.format}` };
    this.images.set(imageId, entry);
    return { ...entry, imageId };
  }

  image(id: string): DecodedImage & { name: string } {
    const img = this.images.get(id);
    if (!img) throw new Error(`no image ${id} (it may have been dropped: load it again)`);
    return img;
  }

  async loadWeights(req: NetworkRequest, src: WeightsSource, o: LoadOptions = {}): Promise<LoadedNetwork> {
    const analysis = analyse(buildNetwork(req.id, req));
    const loaded =
      'random' in src ? randomWeightsFor(analysis, src.random) : await loadWeights(analysis, src, o);
    return this.register(analysis, loaded);
  }

  /** Weights that came from elsewhere (e.g. trained in the app). */
  register(analysis: Analysis, loaded: LoadedWeights): LoadedNetwork {
    const weightsId = newId('w');
    let runner: TfjsActivationRunner | undefined;
    const w = loaded.weights;
    const net: RunnableNetwork = {
      analysis,
      weightsVersion: `${loaded.info.kind}:${weightsFingerprint(w)}`,
      weights: () => w,
      weightsLabel: loaded.info.label,
      // Built only if ORT is unavailable or fails: building a full-size tfjs model takes seconds.
      tfjs: {
        infer: (x, s) => (runner ??= TfjsActivationRunner.create(analysis, w)).infer(x, s),
        activations: (x, ids, s) =>
          (runner ??= TfjsActivationRunner.create(analysis, w)).activations(x, ids, s),
      },
    };
    Object.assign(net.tfjs, { dispose: () => runner?.dispose() });
    const n: LoadedNetwork = { weightsId, analysis, loaded, net };
    this.networks.set(weightsId, n);
    return n;
  }

  network(weightsId: string): LoadedNetwork {
    const n = this.networks.get(weightsId);
    if (!n) throw new Error(`no weights ${weightsId} (they may have been dropped: load them again)`);
    return n;
  }

  /**
   * The input tensor for an image under the network's weights: the recipe their framework uses
   * (shared/recipes.ts), or the caller's override of the recipe, its filter or transform_input.
   */
  async prepare(
    n: LoadedNetwork,
    img: DecodedImage & { name?: string },
    o: PrepareOptions = {},
  ): Promise<Preprocessed> {
    const info = n.loaded.info;
    const recipe = resolveRecipe(
      o.preprocessing ?? weightsRecipeId(info),
      { network: n.analysis.spec.id, size: n.analysis.spec.variant.input[0] },
      { resize: o.resize, transformInput: o.transformInput ?? defaultTransformInput(info) },
    );
    // Resizing a large photo takes seconds: done in the image worker, off the engine's event loop.
    try {
      return await preprocessOffThread(img, recipe);
    } catch (e) {
      if (!(e instanceof ImageError)) throw e;
      const file = img.name ?? 'the image';
      throw new BadImageError(
        file,
        e.message,
        { kind: e.code, ...e.params },
        `${file} could not be preprocessed: ${e.message}.`,
      );
    }
  }

  async run(
    n: LoadedNetwork,
    imageId: string,
    o: PrepareOptions & {
      signal?: AbortSignal;
      onProgress?: (d: number, t: number, m: string) => void;
    } = {},
  ): Promise<{ run: ActivationRun; pre: Preprocessed }> {
    const pre = await this.prepare(n, this.image(imageId), o);
    const run = await runActivationPass(await this.engine(), n.net, pre.tensor, {
      id: newId('run'),
      weightsLabel: n.loaded.info.label,
      preprocessing: pre.summary,
      signal: o.signal,
      onProgress: o.onProgress,
    });
    this.runs.add(run);
    return { run, pre };
  }

  getRun(runId: string): ActivationRun {
    const r = this.runs.get(runId);
    if (!r) throw new Error(`no activation run ${runId} (only the last ${2} runs are kept: run again)`);
    return r;
  }

  async top(run: ActivationRun, k: number, imagenet: boolean): Promise<Prediction[]> {
    return topK(run, k, imagenet ? await imagenetLabels() : undefined);
  }
}

/** A small RGB thumbnail (long side ≤ max) for the UI. */
export function thumbnail(img: DecodedImage, max = 128): { width: number; height: number; data: Uint8Array } {
  const s = Math.min(1, max / Math.max(img.width, img.height));
  const w = Math.max(1, Math.round(img.width * s));
  const h = Math.max(1, Math.round(img.height * s));
  // A preview only: a large photo is first picked down to 4× the size (nearest, cheap), so the
  // bilinear pass on the engine's thread stays a few milliseconds instead of a second per 20 MP.
  const pre = w * 4 < img.width ? resize(img, w * 4, h * 4, 'nearest') : img;
  return resize(pre, w, h, 'bilinear');
}
