/**
 * The ONNX Runtime gradient backend: each request runs a training graph (onnx/backward) built with
 * the request's target as its objective, batch norm on its running statistics (bnMode 'eval'), no
 * dropout, gradients only with respect to the input and the requested nodes, and the `keep` nodes'
 * values as extra outputs. Sessions run on the execution provider inference uses (onnx/ort.ts).
 *
 * One compiled session per (target, wrt set, keep set, batch), a few kept (LRU): the graph bakes the
 * target's selector (class, channel, unit, direction) in as a constant, so a new class or channel is
 * a new graph. The weights are built in as constants too (they never change while a backend lives):
 * the runtime then folds the kernels' flips and transposes and pre-packs them, as for inference.
 */
import type { Analysis } from '../../shared/analysis-types.js';
import { buildTrainingGraph } from '../onnx/backward/graph.js';
import { TrainingSession } from '../onnx/backward/run.js';
import type { TrainingGraph } from '../onnx/backward/types.js';
import { ortStatus, type OrtProvider } from '../onnx/ort.js';
import type { WeightMap } from '../onnx/weights.js';
import type {
  ForwardResult,
  GradientBackend,
  GradientBackendFactory,
  GradRequest,
  GradResult,
  GradTarget,
  HostArray,
} from './types.js';

/** How many compiled sessions a backend keeps (each holds its graph's activations when it runs). */
const MAX_SESSIONS = 4;

/** A stable key for a target (a direction's values are part of it). */
export function targetKey(t: GradTarget): string {
  if (t.kind === 'logit') return `logit:${t.classIndex}`;
  const at = `${t.node}${t.preRelu ? ':pre' : ''}`;
  switch (t.kind) {
    case 'channel':
      return `channel:${at}:${t.channel}`;
    case 'neuron':
      return `neuron:${at}:${t.channel}:${t.y}:${t.x}`;
    case 'l2':
      return `l2:${at}`;
    case 'direction': {
      let h = 0x811c9dc5;
      const bits = new Uint32Array(t.vector.buffer, t.vector.byteOffset, t.vector.length);
      for (const b of bits) h = Math.imul(h ^ b, 0x01000193) >>> 0;
      return `direction:${at}:${t.vector.length}:${h.toString(16)}`;
    }
  }
}

/** NCHW [N, C, H, W] → NHWC; [N, C] as is. */
export function nchwToNhwc(a: HostArray): HostArray {
  if (a.shape.length !== 4) return a;
  const [n, c, h, w] = a.shape as [number, number, number, number];
  if (h * w === 1) return { data: a.data, shape: [n, 1, 1, c] };
  const out = new Float32Array(a.data.length);
  for (let b = 0; b < n; b++)
    for (let k = 0; k < c; k++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++)
          out[((b * h + y) * w + x) * c + k] = a.data[((b * c + k) * h + y) * w + x]!;
  return { data: out, shape: [n, h, w, c] };
}

interface Compiled {
  graph: TrainingGraph;
  session: TrainingSession;
}

export class OrtGradientBackend implements GradientBackend {
  readonly name = 'onnxruntime' as const;
  private readonly sessions = new Map<string, Promise<Compiled>>();
  private disposed = false;

  constructor(
    readonly analysis: Analysis,
    private readonly weights: WeightMap,
    readonly provider: OrtProvider,
  ) {}

  /** The compiled graph for a request's shape of work, built once (least recently used ones go). */
  private compiled(
    target: GradTarget,
    wrt: readonly string[],
    keep: readonly string[],
    batch: number,
    grads: boolean,
    logits: boolean,
  ) {
    const key = [targetKey(target), grads ? wrt.join(',') : '-', keep.join(','), batch, logits].join('|');
    let c = this.sessions.get(key);
    if (c) {
      this.sessions.delete(key);
      this.sessions.set(key, c);
      return c;
    }
    c = (async () => {
      const graph = buildTrainingGraph(this.analysis, {
        batch,
        bnMode: 'eval',
        includeAux: false,
        objective: { kind: 'target', target },
        weightDecay: 0,
        wrt: grads
          ? { params: false, input: wrt.includes('input'), nodes: wrt.filter((id) => id !== 'input') }
          : { params: false },
        keep,
        logits,
        frozen: this.weights,
      });
      const session = await TrainingSession.create(graph, { provider: this.provider });
      // The session holds the weights now; the model's bytes need not stay.
      return { graph: { ...graph, model: new Uint8Array(0) }, session };
    })();
    this.sessions.set(key, c);
    c.catch(() => this.sessions.delete(key));
    while (this.sessions.size > MAX_SESSIONS) {
      const [oldest, p] = this.sessions.entries().next().value as [string, Promise<Compiled>];
      this.sessions.delete(oldest);
      void p.then(
        (x) => x.session.dispose(),
        () => undefined,
      );
    }
    return c;
  }

  private async run(c: Compiled, input: Float32Array): Promise<Record<string, HostArray>> {
    const g = c.graph;
    const feeds: Record<string, Float32Array> = { [g.inputs.image]: input };
    // Inference mode has no dropout; a graph that still lists a mask gets the identity.
    for (const m of g.inputs.dropoutMasks)
      feeds[m.name] = new Float32Array(m.dims.reduce((a, b) => a * b, 1)).fill(1);
    return c.session.run(feeds);
  }

  async gradient(req: GradRequest): Promise<GradResult> {
    req.signal?.throwIfAborted();
    const wrt = req.wrt ?? ['input'];
    const keep = req.keep ?? [];
    const c = await this.compiled(req.target, wrt, keep, req.batch, true, Boolean(req.logits));
    req.signal?.throwIfAborted();
    const out = await this.run(c, req.input);
    req.signal?.throwIfAborted();
    const o = c.graph.outputs;
    const grads: Record<string, HostArray> = {};
    if (wrt.includes('input') && o.inputGrad) grads.input = out[o.inputGrad]!;
    for (const id of wrt) if (id !== 'input') grads[id] = nchwToNhwc(out[o.nodeGrads[id]!]!);
    const res: GradResult = {
      objective: o.objectivePerItem
        ? out[o.objectivePerItem]!.data
        : Float32Array.of(out[o.objective]!.data[0]!),
      grads,
      values: Object.fromEntries(keep.map((id) => [id, nchwToNhwc(out[o.keep[id]!]!)])),
    };
    if (o.logits) res.logits = out[o.logits]!;
    return res;
  }

  async forward(
    input: Float32Array,
    batch: number,
    keep: readonly string[],
    signal?: AbortSignal,
  ): Promise<ForwardResult> {
    signal?.throwIfAborted();
    // Any target will do: with nothing to differentiate, the graph is the forward pass.
    const c = await this.compiled({ kind: 'logit', classIndex: 0 }, [], keep, batch, false, true);
    const out = await this.run(c, input);
    signal?.throwIfAborted();
    const o = c.graph.outputs;
    return {
      logits: out[o.logits!]!,
      values: Object.fromEntries(keep.map((id) => [id, nchwToNhwc(out[o.keep[id]!]!)])),
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const p of this.sessions.values())
      void p.then(
        (x) => x.session.dispose(),
        () => undefined,
      );
    this.sessions.clear();
  }
}

/** The backend on ONNX Runtime's chosen provider; rejects with the reason when ORT is not usable. */
export const createOrtGradientBackend: GradientBackendFactory = async (analysis, weights) => {
  const status = await ortStatus();
  if (!status.loaded || !status.provider) throw new Error(status.summary);
  return new OrtGradientBackend(analysis, weights, status.provider);
};
