/**
 * The Feature visualisation and DeepDream tabs' state: settings, one request of each kind at a time
 * (a new one cancels the old), progress, the last pictures as PNG object URLs (shown and exported as
 * they are), and the time estimate on the current engine. Node, weights and image are the
 * Activations view's.
 */
import {
  toApiError,
  type ApiError,
  type FeatvisEstimateResult,
  type FeatvisExamplesResult,
  type FeatvisPicture,
  type FeatvisSheetResult,
  type DreamResult,
  type ProgressEvent,
} from '../../../../src-main/shared/protocol/index';
import type { ActivationsState } from '../state.svelte';
import { indexOf } from '../../../../src-main/shared/analysis-index';

export const pngUrl = (png: Uint8Array): string =>
  URL.createObjectURL(new Blob([png as Uint8Array<ArrayBuffer>], { type: 'image/png' }));

type Job = 'picture' | 'sheet' | 'examples' | 'dream';

export class FeatvisState {
  objective = $state<'channel' | 'neuron'>('channel');
  steps = $state(512);
  diversity = $state(false);
  folder = $state('');
  octaves = $state(4);
  iterations = $state(10);
  step = $state(1.5);

  busy = $state<Job | undefined>(undefined);
  progress = $state.raw<ProgressEvent | undefined>(undefined);
  error = $state.raw<ApiError | undefined>(undefined);
  estimate = $state.raw<FeatvisEstimateResult | undefined>(undefined);
  picture = $state.raw<(FeatvisPicture & { url: string }) | undefined>(undefined);
  sheet = $state.raw<(FeatvisSheetResult & { url: string }) | undefined>(undefined);
  examples = $state.raw<(FeatvisExamplesResult & { urls: string[] }) | undefined>(undefined);
  dream = $state.raw<(DreamResult & { url: string }) | undefined>(undefined);
  private abort: AbortController | undefined;
  private estimateSeq = 0;

  constructor(private readonly st: ActivationsState) {}

  /** The current node when it is a feature map (channels to visualise), with its channel count. */
  mapNode(): { id: string; channels: number } | undefined {
    const id = this.st.currentId;
    const a = this.st.browse.analysis;
    const n = id && a ? indexOf(a).byId.get(id) : undefined;
    return n && n.outShape.length === 3 && n.kind !== 'input'
      ? { id: n.id, channels: n.outShape[2]! }
      : undefined;
  }

  get channel(): number {
    return this.st.channel ?? 0;
  }

  settings() {
    return {
      steps: this.steps,
      ...(this.diversity ? { batch: 3, diversity: 100 } : {}),
    };
  }

  async refreshEstimate(): Promise<void> {
    const weightsId = this.st.weights?.weightsId;
    const node = this.mapNode();
    if (!weightsId || !node) return;
    const seq = ++this.estimateSeq;
    this.estimate = undefined;
    try {
      const e = await this.st.api.request('featvis.estimate', {
        weightsId,
        node: node.id,
        settings: this.settings(),
      });
      if (seq === this.estimateSeq) this.estimate = e;
    } catch {
      if (seq === this.estimateSeq) this.estimate = undefined;
    }
  }

  cancel(): void {
    this.abort?.abort();
  }

  private async run<T>(
    job: Job,
    f: (signal: AbortSignal, onEvent: (e: ProgressEvent) => void) => Promise<T>,
  ) {
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    this.busy = job;
    this.error = undefined;
    this.progress = undefined;
    try {
      return await f(abort.signal, (e) => (this.progress = e));
    } catch (e) {
      if (!abort.signal.aborted) this.error = toApiError(e);
      return undefined;
    } finally {
      if (this.abort === abort) {
        this.busy = undefined;
        this.progress = undefined;
      }
    }
  }

  async render(): Promise<void> {
    const weightsId = this.st.weights?.weightsId;
    const node = this.mapNode();
    if (!weightsId || !node) return;
    const r = await this.run('picture', (signal, onEvent) =>
      this.st.api.request(
        'featvis.render',
        {
          weightsId,
          node: node.id,
          objective: this.objective,
          channel: this.channel,
          settings: this.settings(),
        },
        { signal, onEvent },
      ),
    );
    if (r) {
      if (this.picture) URL.revokeObjectURL(this.picture.url);
      this.picture = { ...r, url: pngUrl(r.png) };
    }
  }

  async renderSheet(): Promise<void> {
    const weightsId = this.st.weights?.weightsId;
    const node = this.mapNode();
    if (!weightsId || !node) return;
    const r = await this.run('sheet', (signal, onEvent) =>
      this.st.api.request(
        'featvis.sheet',
        { weightsId, node: node.id, settings: { steps: this.steps } },
        { signal, onEvent },
      ),
    );
    if (r) {
      if (this.sheet) URL.revokeObjectURL(this.sheet.url);
      this.sheet = { ...r, url: pngUrl(r.png) };
    }
  }

  async findExamples(): Promise<void> {
    const weightsId = this.st.weights?.weightsId;
    const node = this.mapNode();
    if (!weightsId || !node || !this.folder.trim()) return;
    const r = await this.run('examples', (signal, onEvent) =>
      this.st.api.request(
        'featvis.examples',
        { weightsId, node: node.id, channel: this.channel, folder: this.folder.trim(), k: 8 },
        { signal, onEvent },
      ),
    );
    if (r) {
      this.examples?.urls.forEach((u) => URL.revokeObjectURL(u));
      this.examples = { ...r, urls: r.examples.map((e) => pngUrl(e.png)) };
    }
  }

  async runDream(): Promise<void> {
    const weightsId = this.st.weights?.weightsId;
    const imageId = this.st.image?.imageId;
    const node = this.mapNode();
    if (!weightsId || !imageId || !node) return;
    const r = await this.run('dream', (signal, onEvent) =>
      this.st.api.request(
        'featvis.dream',
        {
          weightsId,
          imageId,
          node: node.id,
          octaves: this.octaves,
          iterations: this.iterations,
          step: this.step,
        },
        { signal, onEvent },
      ),
    );
    if (r) {
      if (this.dream) URL.revokeObjectURL(this.dream.url);
      this.dream = { ...r, url: pngUrl(r.png) };
    }
  }
}

/** One state per Activations state (the tabs remount when switched; the pictures stay). */
const states = new WeakMap<ActivationsState, FeatvisState>();
export function featvisStateFor(st: ActivationsState): FeatvisState {
  let s = states.get(st);
  if (!s) states.set(st, (s = new FeatvisState(st)));
  return s;
}
