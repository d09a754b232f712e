/**
 * The Activations view's state: the network variant, the image and weights held by the engine, the
 * last run (node list with exact stats, no tensors), the current node and the few node tensors
 * fetched for display (an LRU; a run's full set stays engine-side).
 */
/* eslint-disable svelte/prefer-svelte-reactivity -- the Maps here are immutable values replaced whole
   in $state.raw / $derived (shown tensors, stats by node), never mutated in place. */
import type { Api } from '../../lib/api/index';
import { uploadWeightsFiles } from '../../lib/api/upload';
import {
  toApiError,
  type ActivationsRunResult,
  type ApiError,
  type CatalogueItem,
  type ImageInfo,
  type ProgressEvent,
  type TrainListItem,
  type WeightsLoadResult,
  type WeightsSourceParam,
} from '../../../src-main/shared/protocol/index';
import type { FlavourId, NetworkId } from '../../../src-main/shared/spec';
import type { PreprocessingId, ResampleFilter } from '../../../src-main/shared/recipes';
import { BrowseState } from '../browse/state.svelte';
import { browseData } from './browse-data';
import {
  fromTensorResult,
  qBytes,
  statsOf,
  withZeros,
  type ChannelStats,
  type QTensor,
} from '../../lib/activations/quant';
import { unionRange, type Range, type ScaleMode } from '../../lib/activations/colour';
import { Lru } from '../../lib/activations/lru';
import { step } from '../../lib/activations/structure';

import { networkOf, variantKey, type Variant, type WeightsChoice } from './variant';
export { variantKey, type Variant, type WeightsChoice };

/** At most this many node tensors (and bytes) are kept in the renderer. */
const LRU_ENTRIES = 24;
const LRU_BYTES = 48 * 1024 * 1024;

export class ActivationsState {
  readonly api: Api;
  /** Drives the reused Browse graph and layer table. */
  readonly browse: BrowseState;
  variant = $state.raw<Variant>({ id: 'inception_v3' });

  image = $state.raw<ImageInfo | undefined>(undefined);
  /** The bundled sample the image came from (it can be named in a link), else undefined. */
  sample = $state<string | undefined>(undefined);
  imageBusy = $state(false);
  imageError = $state.raw<ApiError | undefined>(undefined);

  weights = $state.raw<WeightsLoadResult | undefined>(undefined);
  /** The variant the loaded weights belong to. */
  private weightsKey = '';
  /** The variant the graph was last loaded for. */
  private shownKey = '';
  /** Training runs, for weights trained in the app. */
  trainRuns = $state.raw<TrainListItem[] | undefined>(undefined);
  trainedRun = $state('');
  /** The published-weights catalogue (weights.catalogue), with each entry's cache state. */
  catalogue = $state.raw<CatalogueItem[] | undefined>(undefined);
  /** The catalogue entry being downloaded or loaded. */
  catalogueBusy = $state<string | undefined>(undefined);
  weightsChoice = $state<WeightsChoice>('random');
  seed = $state(1);
  weightsPath = $state('');
  weightsUrl = $state('');
  weightsBusy = $state(false);
  weightsProgress = $state.raw<ProgressEvent | undefined>(undefined);
  weightsError = $state.raw<ApiError | undefined>(undefined);
  private weightsAbort: AbortController | undefined;

  run = $state.raw<ActivationsRunResult | undefined>(undefined);
  runBusy = $state(false);
  runProgress = $state.raw<ProgressEvent | undefined>(undefined);
  runError = $state.raw<ApiError | undefined>(undefined);
  /** When the current run started (for the elapsed time and the estimate). */
  runStarted = $state(0);
  /** The stage of the current run before the engine reports its own: loading weights, or running. */
  runStage = $state<'weights' | 'pass'>('pass');
  /** The weights of the current run have not run before (the engine builds their session first). */
  firstPass = $state(true);
  /** When the engine first reported coding nodes in the current run, and how far it was. */
  codingFrom = $state.raw<{ t: number; done: number } | undefined>(undefined);
  private ranWeights = new Set<string>();
  /** When the engine pass of the current run was asked for, and when it last reported. */
  passStarted = $state(0);
  progressAt = $state(0);
  /** Milliseconds per multiply-accumulate of the last finished pass: the next pass's estimate. */
  msPerMac = $state<number | undefined>(undefined);
  /** The preprocessing of the last finished run: its overrides stay on screen while the next one runs. */
  lastPre = $state.raw<ActivationsRunResult['preprocessing'] | undefined>(undefined);
  /** The last weights source asked for (a retry after switching flavour loads it again). */
  private lastSource: WeightsSourceParam | undefined;
  /** Preprocessing overrides ('' = as the weights expect); sent with every run. */
  preOverride = $state<PreprocessingId | ''>('');
  transformInputOverride = $state<'' | 'on' | 'off'>('');
  resizeOverride = $state<ResampleFilter | ''>('');
  private runAbort: AbortController | undefined;
  private runSeq = 0;
  private showSeq = 0;

  index = $state(0);
  /** Where the first run should open (the deep link's node). */
  wantNode: string | undefined;
  mode = $state<ScaleMode>('channel');
  /** The channel shown enlarged. */
  channel = $state<number | undefined>(undefined);
  /** Tensors for the nodes on screen, by node id, for the current run. */
  shown = $state.raw<Map<string, QTensor>>(new Map());
  tensorError = $state<string | undefined>(undefined);
  readonly tensors = new Lru<QTensor>(LRU_ENTRIES, LRU_BYTES, qBytes);
  /** Which engine backend tfjs runs on (for the "ran on" line). */
  tfjsBackend = $state<string | undefined>(undefined);

  constructor(api: Api) {
    this.api = api;
    // The graph and table describe exactly the variant that runs; Export ONNX saves its weights.
    this.browse = new BrowseState(
      browseData(api, () => ({
        variant: this.variant,
        weights: this.weightsKey === variantKey(this.variant) ? this.weights : undefined,
        seed: this.seed,
      })),
    );
  }

  /** Node ids of the run in topological order. */
  get order(): string[] {
    return this.run?.nodes.map((n) => n.id) ?? [];
  }

  get currentId(): string | undefined {
    return this.run?.nodes[this.index]?.id;
  }

  /** Stats by node, from the run (exact, engine-computed), with the zeros of the tensors on screen. */
  stats = $derived.by(
    () =>
      new Map<string, ChannelStats>(
        (this.run?.nodes ?? []).map((n) => [n.id, withZeros(statsOf(n), this.shown.get(n.id))] as const),
      ),
  );

  /** One range over every node of the run, for the global colour scale. */
  globalRange = $derived.by((): Range =>
    unionRange([...this.stats.values()].map((s) => ({ lo: Math.min(...s.min), hi: Math.max(...s.max) }))),
  );

  /** Switches network variant: the graph reloads, weights and run belong to the old one and go. */
  /** `run`: run the image (if any) through the new variant straight away. */
  setVariant(v: Variant, o: { run?: boolean } = {}): void {
    const key = variantKey(v);
    if (key === this.shownKey) return;
    this.shownKey = key;
    this.variant = v;
    this.browse.network = v.id;
    this.browse.flavour = v.flavour;
    this.browse.width = v.width ?? 1;
    this.browse.classes = v.classes ?? 1000;
    void this.browse.load(true);
    if (this.weightsKey !== variantKey(v)) {
      this.weights = undefined;
      this.weightsError = undefined;
    }
    this.clearRun();
    if (o.run !== false && this.image) void this.start();
  }

  private clearRun(): void {
    this.runAbort?.abort();
    this.run = undefined;
    this.runError = undefined;
    this.index = 0;
    this.channel = undefined;
    this.shown = new Map();
    this.tensors.clear();
  }

  private network() {
    return networkOf(this.variant);
  }

  async loadImage(p: { bytes: ArrayBuffer; name: string } | { sample: string }): Promise<void> {
    this.imageBusy = true;
    this.imageError = undefined;
    try {
      this.image = await this.api.request('image.load', p);
      this.sample = 'sample' in p ? p.sample : undefined;
      await this.start();
    } catch (e) {
      this.imageError = toApiError(e);
    } finally {
      this.imageBusy = false;
    }
  }

  /**
   * The engine loads weights from `source`; they become the weights of variant `key` unless the
   * variant changed meanwhile, and the image runs again with them.
   */
  private async applyWeights(source: WeightsSourceParam, key: string, abort: AbortController): Promise<void> {
    const w = await this.api.request(
      'weights.load',
      { network: this.network(), source },
      { signal: abort.signal, onEvent: (e) => (this.weightsProgress = e) },
    );
    if (key !== variantKey(this.variant)) return;
    this.weights = w;
    this.weightsKey = key;
    if (this.image) await this.start();
  }

  /** A failed load is shown, a cancelled one is not. */
  private weightsFailed(e: unknown): void {
    const err = toApiError(e);
    if (err.code !== 'cancelled') this.weightsError = err;
  }

  /** Loads weights for the current variant from the chosen source, then runs again if there is an image. */
  async loadWeights(files?: File[], again?: WeightsSourceParam): Promise<void> {
    this.weightsAbort?.abort();
    const abort = (this.weightsAbort = new AbortController());
    const key = variantKey(this.variant);
    this.weightsBusy = true;
    this.weightsError = undefined;
    this.weightsProgress = undefined;
    try {
      let source: WeightsSourceParam;
      if (again) source = again;
      else if (files?.length) {
        this.weightsChoice = 'file';
        this.weightsProgress = {
          kind: 'progress',
          done: 0,
          total: 0,
          message: `uploading ${files.map((f) => f.name).join(', ')}`,
        };
        // Big files go in chunks (the web server caps a message); progress counts the bytes sent.
        const up = await uploadWeightsFiles(this.api, files, {
          signal: abort.signal,
          onProgress: (done, total) => {
            if (this.weightsProgress) this.weightsProgress = { ...this.weightsProgress, done, total };
          },
        });
        source = { file: up.path };
      } else if (this.weightsChoice === 'path') source = { file: this.weightsPath.trim() };
      else if (this.weightsChoice === 'url') source = { url: this.weightsUrl.trim() };
      else source = { random: this.seed };
      this.lastSource = source;
      await this.applyWeights(source, key, abort);
    } catch (e) {
      this.weightsFailed(e);
    } finally {
      if (this.weightsAbort === abort) {
        this.weightsBusy = false;
        this.weightsProgress = undefined;
      }
    }
  }

  /**
   * The wrong-flavour remedy: switch to the network and flavour the weights file says it holds
   * (`show` keeps the link in step), then load the same file again.
   */
  async switchAndRetry(
    to: { network?: string; flavour?: string },
    show: (v: Variant) => void,
  ): Promise<void> {
    const again = this.lastSource;
    const v: Variant = { ...this.variant };
    if (to.network && to.network !== v.id) v.id = to.network as NetworkId;
    if (to.flavour) v.flavour = to.flavour as FlavourId;
    show(v);
    this.setVariant(v, { run: false });
    if (again) await this.loadWeights(undefined, again);
  }

  async listRuns(): Promise<void> {
    try {
      this.trainRuns = await this.api.request('train.list');
      if (!this.trainRuns.some((r) => r.id === this.trainedRun))
        this.trainedRun = this.trainRuns[0]?.id ?? '';
    } catch (e) {
      this.weightsError = toApiError(e);
    }
  }

  /**
   * Weights from a training run's last checkpoint. They fit only the run's variant, so `show` is told
   * to switch to it (the view keeps the link in step) before the weights are installed.
   */
  async loadTrained(show: (v: Variant) => void): Promise<void> {
    if (!this.trainedRun) return;
    this.weightsAbort?.abort();
    const abort = (this.weightsAbort = new AbortController());
    this.weightsBusy = true;
    this.weightsError = undefined;
    try {
      const w = await this.api.request('weights.trained', { run: this.trainedRun }, { signal: abort.signal });
      const n = w.network;
      const v: Variant = { id: n.id, width: n.width ?? 1, input: n.input, classes: n.classes };
      if (n.flavour) v.flavour = n.flavour;
      show(v);
      this.setVariant(v, { run: false });
      this.weights = w;
      this.weightsKey = variantKey(v);
      if (this.image) await this.start();
    } catch (e) {
      const err = toApiError(e);
      if (err.code !== 'cancelled') this.weightsError = err;
    } finally {
      if (this.weightsAbort === abort) this.weightsBusy = false;
    }
  }

  async listCatalogue(): Promise<void> {
    try {
      this.catalogue = await this.api.request('weights.catalogue');
    } catch (e) {
      this.weightsError = toApiError(e);
    }
  }

  /**
   * A published-weights entry: the view switches to the entry's network and flavour (`show` keeps the
   * link in step), then the engine downloads (or finds in its cache), verifies and loads the file.
   * Cancelling keeps the partial download, so the next click resumes it.
   */
  async loadCatalogue(entry: CatalogueItem, show: (v: Variant) => void): Promise<void> {
    this.weightsAbort?.abort();
    const abort = (this.weightsAbort = new AbortController());
    const v: Variant = { id: entry.network as NetworkId, flavour: entry.flavour as FlavourId };
    if (entry.classes !== 1000) v.classes = entry.classes;
    show(v);
    this.setVariant(v, { run: false });
    const key = variantKey(v);
    this.weightsBusy = true;
    this.catalogueBusy = entry.id;
    this.weightsError = undefined;
    this.weightsProgress = undefined;
    try {
      await this.applyWeights({ catalogue: entry.id }, key, abort);
    } catch (e) {
      this.weightsFailed(e);
    } finally {
      if (this.weightsAbort === abort) {
        this.weightsBusy = false;
        this.catalogueBusy = undefined;
        this.weightsProgress = undefined;
      }
      void this.listCatalogue();
    }
  }

  cancelWeights(): void {
    this.weightsAbort?.abort();
  }

  /** One engine pass over every node; the node list comes back with stats, the tensors stay there. */
  async start(): Promise<void> {
    if (!this.image) return;
    const seq = ++this.runSeq;
    const keep = this.currentId ?? this.wantNode;
    // Remembered past the clearing below, so a run that replaces this one opens there too.
    this.wantNode = keep;
    this.runAbort?.abort();
    const abort = (this.runAbort = new AbortController());
    // The previous run's numbers belong to other weights or preprocessing: they go now, not when
    // the new run arrives (the header and table would show them under the new label meanwhile).
    if (this.run?.preprocessing) this.lastPre = this.run.preprocessing;
    this.run = undefined;
    this.channel = undefined;
    this.shown = new Map();
    this.tensors.clear();
    this.runBusy = true;
    this.runError = undefined;
    this.runProgress = undefined;
    this.runStarted = Date.now();
    this.runStage = 'pass';
    this.codingFrom = undefined;
    try {
      if (!this.weights || this.weightsKey !== variantKey(this.variant)) {
        this.runStage = 'weights';
        const key = variantKey(this.variant);
        const w = await this.api.request(
          'weights.load',
          { network: this.network(), source: { random: this.seed } },
          { signal: abort.signal },
        );
        if (seq !== this.runSeq || key !== variantKey(this.variant)) return;
        // Weights loaded meanwhile (a file, a trained run) win over these.
        if (this.weightsKey !== key) {
          this.weights = w;
          this.weightsKey = key;
        }
      }
      const weights = this.weights;
      if (!weights) return;
      this.runStage = 'pass';
      this.firstPass = !this.ranWeights.has(weights.weightsId);
      this.passStarted = Date.now();
      const macs = this.browse.analysis?.totals.macs;
      const r = await this.api.request(
        'activations.run',
        {
          imageId: this.image.imageId,
          weightsId: weights.weightsId,
          ...(this.preOverride ? { preprocessing: this.preOverride } : {}),
          ...(this.transformInputOverride ? { transformInput: this.transformInputOverride === 'on' } : {}),
          ...(this.resizeOverride ? { resize: this.resizeOverride } : {}),
        },
        {
          signal: abort.signal,
          onEvent: (e) => {
            if (seq !== this.runSeq) return;
            this.runProgress = e;
            this.progressAt = Date.now();
            if (e.kind === 'progress' && e.done >= 1 && !this.codingFrom)
              this.codingFrom = { t: Date.now(), done: e.done };
          },
        },
      );
      if (seq !== this.runSeq) return;
      this.ranWeights.add(weights.weightsId);
      if (macs) this.msPerMac = r.timing.passMs / macs;
      if (r.engine === 'tfjs' && !this.tfjsBackend)
        void this.api.request('engine.info').then((i) => (this.tfjsBackend = i.backend.active));
      this.tensors.clear();
      this.shown = new Map();
      this.run = r;
      this.lastPre = r.preprocessing;
      // Stay on the same node across runs (new image or weights), else start at the input.
      const at = keep ? r.nodes.findIndex((n) => n.id === keep) : -1;
      this.index = Math.max(0, at);
      this.channel = undefined;
    } catch (e) {
      const err = toApiError(e);
      if (err.code !== 'cancelled' && seq === this.runSeq) this.runError = err;
    } finally {
      if (seq === this.runSeq) {
        this.runBusy = false;
        this.runProgress = undefined;
      }
    }
  }

  go(delta: number): void {
    this.jump(step(this.index, delta, this.order.length));
  }

  jump(i: number): void {
    if (i === this.index || i < 0 || i >= this.order.length) return;
    this.index = i;
    this.channel = undefined;
  }

  jumpTo(nodeId: string): void {
    this.jump(this.order.indexOf(nodeId));
  }

  /** Fetches the tensors of the given nodes (cached) and puts them on screen together. */
  async show(ids: string[]): Promise<void> {
    const run = this.run;
    if (!run) return;
    const seq = ++this.showSeq;
    try {
      const ts = await Promise.all(ids.map((id) => this.tensor(run.runId, id)));
      // A later step may have asked for other nodes meanwhile: the last request wins.
      if (this.run !== run || seq !== this.showSeq) return;
      this.shown = new Map(ts.map((t) => [t.nodeId, t] as const));
      this.tensorError = undefined;
    } catch (e) {
      if (this.run === run && seq === this.showSeq) this.tensorError = toApiError(e).message;
    }
  }

  tensor(runId: string, nodeId: string): Promise<QTensor> {
    return this.tensors.fetch(`${runId}/${nodeId}`, async () =>
      fromTensorResult(await this.api.request('activations.tensor', { runId, nodeId })),
    );
  }

  /** Fetches a node ahead of time (the next one), ignoring failures. */
  prefetch(nodeId: string | undefined): void {
    const run = this.run;
    if (run && nodeId) this.tensor(run.runId, nodeId).catch(() => {});
  }
}
