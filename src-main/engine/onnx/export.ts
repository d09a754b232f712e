/**
 * Analysis + weights → ONNX model. One ONNX value per spec node, named by the node id, so Netron shows
 * the app's names and the activation pass can ask for any node by id. The layers themselves come from
 * the op table (engine/ops); this file only adds the outputs the app asks for and the model metadata.
 *
 * Layout: the graph takes the app's NHWC input (what the tfjs path is fed) and transposes it to NCHW
 * once; everything inside is NCHW. Activation outputs are transposed back to NHWC inside the graph
 * (ORT's Transpose is faster than a JS loop), so callers receive exactly the tfjs form.
 */
import type { Analysis } from '../../shared/analysis-types.js';
import { GraphEmitter } from '../ops/emitter.js';
import { emitForward } from '../ops/forward.js';
import { nchwDims } from '../ops/util.js';
import { IR_VERSION, OPSET, attrInt, attrInts, encodeModel, valueInfo, type Model } from './proto.js';
import { assertWeights, type WeightMap } from './weights.js';

export interface ExportOptions {
  /** Also export the training-only auxiliary heads (as extra graph outputs). Default false. */
  includeAux?: boolean;
  /**
   * Node ids whose tensors become extra NHWC graph outputs: 'all' = every node in the graph,
   * 'outputs' = just NHWC copies of the network outputs (what the app's plain inference fetches).
   */
  activations?: 'all' | 'outputs' | readonly string[];
  /**
   * 'nhwc' (default): feature-map activations are transposed to NHWC inside the graph.
   * 'nchw': the node's own value is the output (no copy in the graph); the caller transposes on need.
   */
  activationLayout?: 'nhwc' | 'nchw';
  /** Also output each feature-map activation's per-channel [min; max; mean] as [3, C] (batch 1). */
  activationStats?: boolean;
  /** Free text stored in the model's metadata (e.g. "random, seed 1" or a weights file name). */
  weightsLabel?: string;
  producerVersion?: string;
}

export interface ExportedGraph {
  model: Model;
  /** Name of the graph input, NHWC [N, H, W, C]. */
  input: string;
  /** [H, W, C] of that input. */
  inputShape: number[];
  /** Names of the network outputs: the inference output first, then any aux heads. */
  outputs: string[];
  /** node id → name of the graph output carrying its activation in NHWC (or [N, C]). */
  activationOutputs: Record<string, string>;
  /** Layout of the feature-map activation outputs. */
  activationLayout: 'nhwc' | 'nchw';
  /** node id → name of the [3, C] stats output (feature maps only, when asked for). */
  activationStats: Record<string, string>;
}

/** Suffix of a node's in-graph channel statistics output. */
export const STATS_SUFFIX = ':stats';
/** Rows of a stats output: min, max, mean. */
export const STATS_ROWS = 3;

/** Suffix of the NHWC copy of a node's value exposed for the activation pass. */
export const NHWC_SUFFIX = ':nhwc';

const nhwc = (s: number[]): (number | string)[] => ['N', ...s];

export function buildOnnxGraph(
  analysis: Analysis,
  weights: WeightMap,
  opts: ExportOptions = {},
): ExportedGraph {
  const includeAux = opts.includeAux ?? false;
  assertWeights(analysis, weights, includeAux);
  const e = new GraphEmitter({ mode: 'inference', weights });
  const fwd = emitForward(analysis, e, { includeAux });
  const { nodes, input: inputName, inputShape } = fwd;
  const info = nodes.filter((n) => n.kind !== 'input').map((n) => valueInfo(n.id, nchwDims(n.outShape)));
  const outputs = fwd.sinks;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const graphOutputs = outputs.map((id) => valueInfo(id, nchwDims(byId.get(id)!.outShape)));

  const activationOutputs: Record<string, string> = {};
  const activationStats: Record<string, string> = {};
  const layout = opts.activationLayout ?? 'nhwc';
  const act = opts.activations ?? [];
  const wanted = act === 'all' ? nodes.map((n) => n.id) : act === 'outputs' ? outputs : act;
  for (const id of wanted) {
    const node = byId.get(id);
    if (!node) throw new Error(`activation '${id}' is not a node of the exported ${analysis.spec.id} graph`);
    if (node.kind === 'input') {
      activationOutputs[id] = inputName; // the caller already holds the input: no graph output needed
      continue;
    }
    if (node.outShape.length === 3 && layout === 'nhwc') {
      const name = `${id}${NHWC_SUFFIX}`;
      e.scope(`${id}/to_nhwc`);
      e.node('Transpose', [id], [attrInts('perm', [0, 2, 3, 1])], { name });
      graphOutputs.push(valueInfo(name, nhwc(node.outShape)));
      activationOutputs[id] = name;
    } else {
      if (!outputs.includes(id)) graphOutputs.push(valueInfo(id, nchwDims(node.outShape)));
      activationOutputs[id] = id;
    }
    if (opts.activationStats && node.outShape.length === 3) {
      const name = `${id}${STATS_SUFFIX}`;
      emitChannelStats(e, id, name);
      graphOutputs.push(valueInfo(name, [STATS_ROWS, node.outShape[2]!]));
      activationStats[id] = name;
    }
  }

  const spec = analysis.spec;
  const v = spec.variant;
  const metadata: Record<string, string> = {
    network: spec.id,
    flavour: spec.flavour,
    title: spec.title,
    input: v.input.join('x'),
    width: String(v.width),
    classes: String(v.classes),
    layout: 'input NHWC, graph NCHW',
  };
  if (opts.weightsLabel) metadata.weights = opts.weightsLabel;
  const model: Model = {
    irVersion: IR_VERSION,
    producerName: 'inception-explorer',
    producerVersion: opts.producerVersion ?? '0.1.0',
    docString: `${spec.title} (${spec.flavour}), exported from the Inception Explorer spec`,
    opsetImport: [{ domain: '', version: OPSET }],
    metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    graph: {
      name: `${spec.id}_${spec.flavour}`,
      node: e.nodes,
      initializer: e.initializers,
      input: e.inputs,
      output: graphOutputs,
      valueInfo: info.filter((i) => !graphOutputs.some((o) => o.name === i.name)),
    },
  };
  return {
    model,
    input: inputName,
    inputShape,
    outputs,
    activationOutputs,
    activationLayout: layout,
    activationStats,
  };
}

/**
 * Per-channel statistics of an NCHW value (batch 1), computed by ORT's threaded reductions instead of
 * a JS loop over every value: rows min, max and mean, as [3, C]. (The fraction of zeros would cost
 * three more passes over the value; it is counted when a node's tensor is fetched.)
 */
function emitChannelStats(e: GraphEmitter, id: string, name: string): void {
  // Over H and W with the batch kept: [1, C] rows for the batch of one the activation pass runs.
  const axes = [attrInts('axes', [2, 3]), attrInt('keepdims', 0)];
  const rows = (['Min', 'Max', 'Mean'] as const).map((r) => {
    e.scope(`${id}/stats/${r.toLowerCase()}`);
    return e.node(`Reduce${r}`, [id], axes, { name: `${id}/stats/${r.toLowerCase()}` });
  });
  e.scope(`${id}/stats/concat`);
  e.node('Concat', rows, [attrInt('axis', 0)], { name });
}

/** Encode to ONNX protobuf bytes. */
export function exportOnnx(analysis: Analysis, weights: WeightMap, opts: ExportOptions = {}): Uint8Array {
  return encodeModel(buildOnnxGraph(analysis, weights, opts).model);
}
