/**
 * Look-ups on an Analysis, built once per analysis object and cached: nodes by id (instead of a
 * linear `nodes.find` per look-up) and the network's outputs (the main head and each aux head,
 * each as its sink and its logits), which the activation pass, the tfjs model, the ONNX and the
 * PyTorch exporters all need. Pure; the renderer may use it too.
 */
import type { AnalysedNode, Analysis } from './analysis-types.js';

/** One head of the network: the main classifier ('main') or a training-only aux head. */
export interface Head {
  /** 'main', or the aux head's name. */
  name: string;
  /** The node nothing reads: the head's output (a softmax, or the logits themselves). */
  sink: string;
  /** The pre-softmax scores: the sink, or the node a trailing softmax reads. */
  logits: string;
  /** 1 for the main head; the aux head's loss weight from the spec. */
  lossWeight: number;
}

export interface AnalysisIndex {
  readonly byId: ReadonlyMap<string, AnalysedNode>;
  /** The node with that id; throws for an unknown id (a caller's bug, not the user's). */
  node(id: string): AnalysedNode;
  /** The image input node (every analysed network has one; hand-built test analyses may not). */
  readonly input?: AnalysedNode;
  /** The inference graph's head. */
  readonly main: Head;
  /** The aux heads, in the spec's order. */
  readonly aux: Head[];
  /** The last dense layer of the inference graph (the classifier), if it has one. */
  readonly classifier?: string;
}

const cache = new WeakMap<Analysis, AnalysisIndex>();

function build(a: Analysis): AnalysisIndex {
  const byId = new Map(a.nodes.map((n) => [n.id, n]));
  const node = (id: string): AnalysedNode => {
    const n = byId.get(id);
    if (!n) throw new Error(`${a.spec.id} has no node '${id}'`);
    return n;
  };
  const consumed = new Set(a.nodes.flatMap((n) => n.inputs));
  const sinks = a.nodes.filter((n) => !consumed.has(n.id) && n.kind !== 'input');
  const head = (sink: AnalysedNode, name: string, lossWeight: number): Head => ({
    name,
    sink: sink.id,
    logits: sink.layer?.op === 'softmax' && sink.inputs[0] !== undefined ? sink.inputs[0] : sink.id,
    lossWeight,
  });
  const mainSink = sinks.filter((n) => n.aux === undefined).pop();
  if (!mainSink) throw new Error(`${a.spec.id}: the analysis has no output node`);
  const aux = a.spec.aux.flatMap((h) => {
    const sink = sinks.find((n) => n.aux === h.name);
    return sink ? [head(sink, h.name, h.lossWeight)] : [];
  });
  const classifier = a.nodes.filter((n) => n.aux === undefined && n.layer?.op === 'dense').pop()?.id;
  const input = a.nodes.find((n) => n.kind === 'input');
  return {
    byId,
    node,
    main: head(mainSink, 'main', 1),
    aux,
    ...(input ? { input } : {}),
    ...(classifier ? { classifier } : {}),
  };
}

/** The analysis' look-ups, built on first use. Analyses are never mutated after analyse(), so the cache holds. */
export function indexOf(a: Analysis): AnalysisIndex {
  let ix = cache.get(a);
  if (!ix) cache.set(a, (ix = build(a)));
  return ix;
}
