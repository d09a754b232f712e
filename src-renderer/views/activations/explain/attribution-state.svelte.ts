/**
 * The Attribution tab's state: the method, the target (a class, or a channel of a node), the last map and branch split, the
 * time estimate, and one request at a time (a new one cancels the old). The image, weights and
 * node are the Activations view's.
 */
import {
  NODE_METHODS,
  toApiError,
  type ApiError,
  type ExplainAttributionResult,
  type ExplainBranchesResult,
  type ExplainEstimateResult,
  type ExplainMethod,
  type ProgressEvent,
} from '../../../../src-main/shared/protocol/index';
import type { ActivationsState } from '../state.svelte';
import { indexOf } from '../../../../src-main/shared/analysis-index';

export class AttributionState {
  method = $state<ExplainMethod>('gradcam');
  /** undefined: the top-1 class. */
  classIndex = $state<number | undefined>(undefined);
  /** What the map explains: a class, or one channel of a node (no classifier needed). */
  targetKind = $state<'class' | 'channel'>('class');
  /** The channel target: its node (set from the current node) and channel. */
  targetNode = $state<string | undefined>(undefined);
  targetChannel = $state(0);
  opacity = $state(0.5);
  busy = $state(false);
  progress = $state.raw<ProgressEvent | undefined>(undefined);
  result = $state.raw<ExplainAttributionResult | undefined>(undefined);
  branches = $state.raw<ExplainBranchesResult | undefined>(undefined);
  estimate = $state.raw<ExplainEstimateResult | undefined>(undefined);
  error = $state.raw<ApiError | undefined>(undefined);
  private abort: AbortController | undefined;
  private estimateSeq = 0;

  constructor(private readonly st: ActivationsState) {}

  get usesNode(): boolean {
    return NODE_METHODS.includes(this.method);
  }

  /** The Activations view's current node, looked up in the analysis' index. */
  private current() {
    const id = this.st.currentId;
    const a = this.st.browse.analysis;
    return id && a ? indexOf(a).byId.get(id) : undefined;
  }

  /** The current node when it is a join (concat or residual add), for the branch split. */
  joinNode(): { id: string; kind: 'concat' | 'add' } | undefined {
    const n = this.current();
    return n && (n.kind === 'concat' || n.kind === 'add') ? { id: n.id, kind: n.kind } : undefined;
  }

  /** The current node when it is a feature map (the CAM family's node). */
  mapNode(): string | undefined {
    const n = this.current();
    return n && n.outShape.length === 3 && n.kind !== 'input' ? n.id : undefined;
  }

  /** Makes the current node the channel target's node (keeping the channel where it still exists). */
  targetHere(): void {
    const n = this.current();
    if (!n) return;
    this.targetNode = n.id;
    const c = n.outShape[n.outShape.length - 1] ?? 1;
    if (this.targetChannel >= c) this.targetChannel = 0;
  }

  /** The request's channel target, when that is the target. */
  private target() {
    return this.targetKind === 'channel' && this.targetNode
      ? { target: { node: this.targetNode, channel: this.targetChannel } }
      : {};
  }

  private subject() {
    const st = this.st;
    if (!st.image || !st.weights) return undefined;
    return {
      imageId: st.image.imageId,
      weightsId: st.weights.weightsId,
      ...(st.preOverride ? { preprocessing: st.preOverride } : {}),
      ...(st.transformInputOverride ? { transformInput: st.transformInputOverride === 'on' } : {}),
      ...(st.resizeOverride ? { resize: st.resizeOverride } : {}),
    };
  }

  async refreshEstimate(): Promise<void> {
    const weightsId = this.st.weights?.weightsId;
    if (!weightsId) return;
    const seq = ++this.estimateSeq;
    const node = this.usesNode ? this.mapNode() : undefined;
    try {
      const e = await this.st.api.request('explain.estimate', {
        weightsId,
        method: this.method,
        ...(node ? { node } : {}),
      });
      if (seq === this.estimateSeq) this.estimate = e;
    } catch {
      if (seq === this.estimateSeq) this.estimate = undefined;
    }
  }

  async run(): Promise<void> {
    const subject = this.subject();
    if (!subject) return;
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    this.busy = true;
    this.error = undefined;
    this.progress = undefined;
    const node = this.usesNode ? this.mapNode() : undefined;
    const join = this.joinNode();
    try {
      const r = await this.st.api.request(
        'explain.attribution',
        {
          ...subject,
          method: this.method,
          ...(this.classIndex !== undefined ? { classIndex: this.classIndex } : {}),
          ...this.target(),
          ...(node ? { node } : {}),
        },
        { signal: abort.signal, onEvent: (e) => (this.progress = e) },
      );
      if (abort.signal.aborted) return;
      this.result = r;
      this.branches = join
        ? await this.st.api.request(
            'explain.branches',
            { ...subject, node: join.id, classIndex: r.classIndex, ...this.target() },
            { signal: abort.signal },
          )
        : undefined;
      void this.refreshEstimate();
    } catch (e) {
      if (!abort.signal.aborted) this.error = toApiError(e);
    } finally {
      if (this.abort === abort) {
        this.busy = false;
        this.progress = undefined;
      }
    }
  }

  cancel(): void {
    this.abort?.abort();
    this.busy = false;
    this.progress = undefined;
  }
}
