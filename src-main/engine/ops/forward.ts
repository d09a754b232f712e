/**
 * The forward graph of an analysed network through an OnnxEmitter: the inference export, the
 * training graph and the gradient graphs all start here. The graph takes the app's NHWC input and
 * transposes it to NCHW once; every node's value is named by its node id.
 */
import type { AnalysedNode, Analysis } from '../../shared/analysis-types.js';
import { attrInts } from '../onnx/proto.js';
import { inGraph } from '../onnx/weights.js';
import type { GraphEmitter } from './emitter.js';
import { loweringOf } from './table.js';
import type { ForwardRecord } from './types.js';

export interface ForwardGraph {
  /** Name of the NHWC graph input [N, H, W, C] (the input node's id). */
  input: string;
  /** [H, W, C] of that input. */
  inputShape: number[];
  /** The nodes emitted, in topological order. */
  nodes: AnalysedNode[];
  /** node id → ONNX value name (the id itself, except the input's NCHW copy). */
  values: Map<string, string>;
  /** node id → what its lowering made (for the VJPs). */
  records: Map<string, ForwardRecord>;
  /** Ids of the nodes no emitted node reads: the classifier first, then the aux heads. */
  sinks: string[];
}

export interface ForwardOptions {
  /** Also emit the training-only auxiliary heads. Default false. */
  includeAux?: boolean;
}

export function emitForward(analysis: Analysis, e: GraphEmitter, opts: ForwardOptions = {}): ForwardGraph {
  const nodes = analysis.nodes.filter((n) => inGraph(n, opts.includeAux ?? false));
  const values = new Map<string, string>();
  const records = new Map<string, ForwardRecord>();
  let input = '';
  let inputShape: number[] = [];
  for (const node of nodes) {
    e.scope(node.id);
    if (node.kind === 'input') {
      input = e.input(node.id, ['N', ...node.outShape], 'NHWC image batch, as the tfjs engine takes it');
      inputShape = [...node.outShape];
      values.set(
        node.id,
        e.node('Transpose', [input], [attrInts('perm', [0, 3, 1, 2])], { name: `${node.id}/nchw` }),
      );
      continue;
    }
    const ins = node.inputs.map((i) => {
      const v = values.get(i);
      if (!v) throw new Error(`node ${node.id} reads ${i}, which is not (yet) in the graph`);
      return v;
    });
    const rec = loweringOf(node).onnx(e, node, ins);
    records.set(node.id, rec);
    values.set(node.id, rec.output);
  }
  if (!input) throw new Error(`${analysis.spec.id}: the analysis has no input node`);
  const consumed = new Set(nodes.flatMap((n) => n.inputs));
  const sinks = nodes.filter((n) => !consumed.has(n.id) && n.kind !== 'input');
  sinks.sort((a, b) => Number(a.aux !== undefined) - Number(b.aux !== undefined));
  return { input, inputShape, nodes, values, records, sinks: sinks.map((n) => n.id) };
}
