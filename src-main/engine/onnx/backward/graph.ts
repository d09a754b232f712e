/**
 * buildTrainingGraph: analysis → one ONNX model computing the forward pass, the objective and its
 * gradients (reverse-mode: the nodes in reverse topological order, each node's VJP from the op table,
 * fan-out gradients summed). See types.ts for what goes in and comes out.
 *
 * Only what some output needs is computed: a node's VJP runs when a parameter or a requested value
 * lies at or before it, and the emitter prunes the rest (the first conv's dX, say).
 */
import type { AnalysedNode, Analysis } from '../../../shared/analysis-types.js';
import { indexOf } from '../../../shared/analysis-index.js';
import type { ForwardRecord } from '../../ops/types.js';
import { loweringOf } from '../../ops/table.js';
import { endsInRelu, withoutRelu } from '../../ops/pre-relu.js';
import { mul, reduceSum, scale } from '../../ops/vjp/util.js';
import { attrInts, encodeModel } from '../proto.js';
import { inGraph, type WeightKind } from '../weights.js';
import { TrainingEmitter, TrainingGraphError } from './emitter.js';
import { crossEntropy, targetObjective } from './loss.js';
import { paramFeeds } from './run.js';
import type { TrainingGraph, TrainingGraphOptions } from './types.js';

export { TrainingGraphError };

const TRAINABLE: readonly WeightKind[] = ['kernel', 'bias', 'gamma', 'beta'];

/** NCHW dims of a node's value at batch n. */
const dimsOf = (shape: number[], n: number): number[] =>
  shape.length === 3 ? [n, shape[2]!, shape[0]!, shape[1]!] : [n, ...shape];

export function buildTrainingGraph(analysis: Analysis, opts: TrainingGraphOptions): TrainingGraph {
  const batch = opts.batch;
  if (!Number.isInteger(batch) || batch < 1)
    throw new TrainingGraphError(`batch must be a positive integer, not ${batch}`);
  const all = analysis.nodes.filter((n) => inGraph(n, opts.includeAux));
  const byId = new Map(all.map((n) => [n.id, n]));
  // The heads' logits (a trailing softmax is left out: the loss takes logits).
  const ix = indexOf(analysis);
  const heads = [ix.main, ...(opts.includeAux ? ix.aux : [])];
  const skipped = new Set(heads.filter((h) => h.sink !== h.logits).map((h) => h.sink));
  const nodes = all.filter((n) => !skipped.has(n.id));
  const inputNode = nodes.find((n) => n.kind === 'input');
  if (!inputNode) throw new TrainingGraphError(`${analysis.spec.id}: the analysis has no input node`);
  for (const id of [...(opts.wrt.nodes ?? []), ...(opts.keep ?? [])])
    if (!byId.has(id) || skipped.has(id))
      throw new TrainingGraphError(`'${id}' is not a node of the ${analysis.spec.id} training graph`);

  if (opts.frozen && opts.wrt.params)
    throw new TrainingGraphError('frozen weights have no gradients: ask for wrt.params without them');
  const frozen = opts.frozen;
  const e = new TrainingEmitter(
    opts.bnMode === 'train' ? 'train' : 'inference',
    batch,
    frozen ? (p) => paramFeeds([p], frozen)[p.name]! : undefined,
  );
  const value = new Map<string, string>();
  const records = new Map<string, ForwardRecord>();
  const image = inputNode.id;
  e.graphInput(image, [batch, ...inputNode.outShape], 'NHWC image batch');

  // Forward.
  for (const node of nodes) {
    e.scope(node.id);
    if (node.kind === 'input') {
      value.set(node.id, e.node('Transpose', [image], [attrInts('perm', [0, 3, 1, 2])]));
      continue;
    }
    const ins = node.inputs.map((i) => value.get(i)!);
    const rec = loweringOf(node).onnx(e, node, ins);
    records.set(node.id, rec);
    value.set(node.id, rec.output);
  }

  // Objective and the seeds of the backward pass.
  e.scope('loss');
  const contributions = new Map<string, string[]>();
  const seed = (id: string, g: string) => contributions.set(id, [...(contributions.get(id) ?? []), g]);
  const headLosses: Record<string, string> = {};
  const mainLogits = byId.get(ix.main.logits)!;
  let perItem: string | undefined;
  let targets: string | undefined;
  const terms: string[] = [];
  if (opts.objective.kind === 'cross-entropy') {
    const classes = mainLogits.outShape[0]!;
    targets = 'targets';
    e.graphInput(targets, [batch, classes], 'smoothed one-hot targets');
    for (const h of heads) {
      const weight =
        h.name === 'main'
          ? (opts.objective.mainWeight ?? 1)
          : (opts.objective.auxWeights[h.name] ?? h.lossWeight);
      const hl = crossEntropy(e, value.get(h.logits)!, targets, batch);
      headLosses[h.name] = e.addOutput(`loss:${h.name}`, [], hl.loss);
      if (weight === 0) continue;
      terms.push(scale(e, hl.loss, weight));
      seed(h.logits, scale(e, hl.grad, weight));
    }
  } else {
    const t = opts.objective.target;
    const node = t.kind === 'logit' ? mainLogits : byId.get(t.node);
    if (!node || skipped.has(node.id)) throw new TrainingGraphError(`the target's node is not in the graph`);
    let at = value.get(node.id)!;
    if (t.kind !== 'logit' && t.preRelu) {
      if (!endsInRelu(node)) throw new TrainingGraphError(`${node.id} does not end in a ReLU`);
      // The node's VJP then starts below its ReLU, from the gradient of the value before it.
      const pre = withoutRelu(records.get(node.id)!);
      records.set(node.id, pre);
      at = pre.output;
    }
    const obj = targetObjective(e, t, at, node.outShape, batch);
    perItem = e.addOutput('objective:perItem', [batch], obj.perItem);
    terms.push(reduceSum(e, obj.perItem, [0], false));
    seed(node.id, obj.grad);
  }

  // Weight decay (λ/2)·Σ‖W‖² over conv and dense kernels; its gradient λW joins each kernel's.
  const lambda = opts.weightDecay;
  const kernelOf = (n: AnalysedNode) =>
    n.layer?.op === 'conv' || n.layer?.op === 'dense' ? e.param(n, 'kernel') : null;
  if (lambda > 0) {
    const squares = nodes
      .map(kernelOf)
      .filter((k): k is string => k !== null)
      .map((k) => reduceSum(e, mul(e, k, k), [], false));
    if (squares.length > 0)
      terms.push(scale(e, squares.length === 1 ? squares[0]! : e.node('Sum', squares), lambda / 2));
  }
  const objective = e.addOutput('objective', [], terms.length === 1 ? terms[0]! : e.node('Sum', terms));

  // Which nodes' gradients anything needs: a parameter or a requested value at or before them.
  const wrtNodes = new Set(opts.wrt.nodes ?? []);
  const need = new Map<string, boolean>();
  for (const n of nodes) {
    const self =
      wrtNodes.has(n.id) ||
      (n.kind === 'input' && Boolean(opts.wrt.input)) ||
      (opts.wrt.params && (n.layer?.op === 'conv' || n.layer?.op === 'dense'));
    need.set(n.id, self || n.inputs.some((i) => need.get(i)));
  }

  // Backward, in reverse topological order.
  const paramGrads: Record<string, string> = {};
  const nodeGrads: Record<string, string> = {};
  let inputGrad: string | undefined;
  for (const node of [...nodes].reverse()) {
    e.scope(`${node.id}/grad`);
    const parts = contributions.get(node.id) ?? [];
    const g = parts.length === 0 ? null : parts.length === 1 ? parts[0]! : e.node('Sum', parts);
    const dims = dimsOf(node.outShape, batch);
    if (wrtNodes.has(node.id))
      nodeGrads[node.id] = e.addOutput(`grad:${node.id}`, dims, g ?? scale(e, value.get(node.id)!, 0));
    if (node.kind === 'input') {
      if (opts.wrt.input) {
        const zeros = () => scale(e, value.get(node.id)!, 0);
        const nhwc = e.node('Transpose', [g ?? zeros()], [attrInts('perm', [0, 2, 3, 1])]);
        inputGrad = e.addOutput('grad:input', [batch, ...node.outShape], nhwc);
      }
      continue;
    }
    const hasParams = opts.wrt.params && (node.layer?.op === 'conv' || node.layer?.op === 'dense');
    if (!g || !need.get(node.id)) {
      if (hasParams) for (const kind of TRAINABLE) emitParamGrad(node, kind, null);
      continue;
    }
    const vjp = loweringOf(node).vjp;
    if (!vjp) throw new TrainingGraphError(`${node.id}: the op table has no gradient for it`);
    const r = vjp(e, records.get(node.id)!, g);
    if (hasParams) for (const kind of TRAINABLE) emitParamGrad(node, kind, r.params[kind] ?? null);
    node.inputs.forEach((id, i) => {
      const gi = r.inputs[i];
      if (gi && need.get(id)) seed(id, gi);
    });
  }

  function emitParamGrad(node: AnalysedNode, kind: WeightKind, grad: string | null): void {
    const p = e.params.find((q) => q.nodeId === node.id && q.kind === kind);
    if (!p) return; // no such parameter (no bias, γ fixed at 1)
    let gr = grad ?? scale(e, p.name, 0);
    if (kind === 'kernel' && lambda > 0) gr = e.node('Add', [gr, scale(e, p.name, lambda)]);
    paramGrads[`${node.id}:${kind}`] = e.addOutput(`grad:${node.id}/${kind}`, p.shape, gr);
  }

  const logits =
    opts.logits === false
      ? undefined
      : e.addOutput('logits', [batch, mainLogits.outShape[0]!], value.get(mainLogits.id)!);
  const keep: Record<string, string> = {};
  for (const id of opts.keep ?? [])
    keep[id] = e.addOutput(`keep:${id}`, dimsOf(byId.get(id)!.outShape, batch), value.get(id)!);
  const batchStats = [...e.batchStats].map(([nodeId, s]) => ({
    nodeId,
    mean: s.mean!,
    variance: s.variance!,
  }));

  const spec = analysis.spec;
  const model = e.finish(
    `${spec.id}_${spec.flavour}_training`,
    `${spec.title} (${spec.flavour}): forward, objective and gradients, compiled from the Inception Explorer spec`,
    { network: spec.id, flavour: spec.flavour, batch: String(batch), bn: opts.bnMode },
  );
  const out: TrainingGraph = {
    model: encodeModel(model),
    analysis,
    batch,
    classes: mainLogits.outShape[0]!,
    inputs: { image, params: e.params, dropoutMasks: e.dropoutMasks },
    outputs: { objective, headLosses, paramGrads, nodeGrads, batchStats, keep },
  };
  if (logits) out.outputs.logits = logits;
  if (targets) out.inputs.targets = targets;
  if (inputGrad) out.outputs.inputGrad = inputGrad;
  if (perItem) out.outputs.objectivePerItem = perItem;
  return out;
}
