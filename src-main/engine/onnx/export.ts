/**
 * Analysis + weights → ONNX model. One ONNX value per spec node, named by the node id, so Netron shows
 * the app's names and the activation pass can ask for any node by id.
 *
 * Layout: the graph takes the app's NHWC input (what the tfjs path is fed) and transposes it to NCHW
 * once; everything inside is NCHW. Activation outputs are transposed back to NHWC inside the graph
 * (ORT's Transpose is faster than a JS loop), so callers receive exactly the tfjs form.
 */
import type { AnalysedNode, Analysis } from '../../shared/analysis-types.js';
import type { Layer, Pair } from '../../shared/spec.js';
import { emitAdaptivePool } from './adaptive-pool.js';
import { onnxPads } from './padding.js';
import {
  IR_VERSION,
  OPSET,
  attrFloat,
  attrInt,
  attrInts,
  encodeModel,
  floatTensor,
  valueInfo,
  type Attribute,
  type Model,
  type Node,
  type Tensor,
  type ValueInfo,
} from './proto.js';
import { assertWeights, hwioToOihw, inGraph, type WeightMap, type WeightTensor } from './weights.js';

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

const ONES = (n: number) => new Float32Array(n).fill(1);

class GraphBuilder {
  nodes: Node[] = [];
  inits: Tensor[] = [];
  info: ValueInfo[] = [];

  op(opType: string, name: string, input: string[], output: string, attribute: Attribute[] = []): string {
    this.nodes.push({ name, opType, input, output: [output], attribute });
    return output;
  }

  weight(name: string, t: WeightTensor | undefined, fallback?: Float32Array): string {
    const data = t?.data ?? fallback;
    if (!data) throw new Error(`no tensor for ${name}`);
    this.inits.push(floatTensor(name, t?.shape ?? [data.length], data));
    return name;
  }
}

/**
 * Emits a chain of ops for one spec node: intermediate values are `${id}/${OpType}`, the last one
 * is `${id}` itself; the first op carries the node id as its name (what Netron shows first).
 */
class Chain {
  private steps: { opType: string; inputs: string[]; attrs: Attribute[] }[] = [];
  constructor(
    private g: GraphBuilder,
    private id: string,
  ) {}

  add(opType: string, extraInputs: string[] = [], attrs: Attribute[] = []): this {
    this.steps.push({ opType, inputs: extraInputs, attrs });
    return this;
  }

  emit(first: string[]): string {
    let cur = first;
    this.steps.forEach((s, i) => {
      const last = i === this.steps.length - 1;
      const name = i === 0 ? this.id : `${this.id}/${s.opType}${i}`;
      const out = last ? this.id : `${this.id}/${s.opType}${i}_out`;
      this.g.op(s.opType, name, [...cur, ...s.inputs], out, s.attrs);
      cur = [out];
    });
    return this.id;
  }
}

const hw = (shape: number[]): Pair => [shape[0]!, shape[1]!];

function emitLayer(g: GraphBuilder, node: AnalysedNode, layer: Layer, x: string, weights: WeightMap): string {
  const id = node.id;
  const w = weights[id] ?? {};
  const inShape = node.inShapes[0]!;
  const chain = new Chain(g, id);
  switch (layer.op) {
    case 'conv': {
      const filters = layer.filters as number;
      const kernel = g.weight(`${id}/kernel`, w.kernel && hwioToOihw(w.kernel));
      const inputs = [kernel];
      if (layer.bias) inputs.push(g.weight(`${id}/bias`, w.bias));
      chain.add('Conv', inputs, [
        attrInts('kernel_shape', layer.kernel),
        attrInts('strides', layer.strides),
        attrInts('pads', onnxPads(layer.padding, hw(inShape), layer.kernel, layer.strides)),
        attrInts('dilations', [1, 1]),
        attrInt('group', 1),
      ]);
      if (layer.bn) addBatchNorm(g, chain, id, layer.bn.eps, w, filters);
      if (layer.activation === 'relu') chain.add('Relu');
      return chain.emit([x]);
    }
    case 'dense': {
      const units = layer.units as number;
      const inputs = [g.weight(`${id}/kernel`, w.kernel)];
      // Gemm needs C; a bias-free dense gets zeros, which ORT folds away.
      inputs.push(g.weight(`${id}/bias`, w.bias, layer.bias ? undefined : new Float32Array(units)));
      chain.add('Gemm', inputs, [attrFloat('alpha', 1), attrFloat('beta', 1)]);
      if (layer.bn) addBatchNorm(g, chain, id, layer.bn.eps, w, units);
      if (layer.activation === 'relu') chain.add('Relu');
      return chain.emit([x]);
    }
    case 'maxpool':
    case 'avgpool':
      return emitPool(g, chain, node, layer, x);
    case 'lrn':
      // ONNX LRN is Caffe's: x / (k + α/size · Σx²)^β, which is how the spec states it.
      chain.add(
        'LRN',
        [],
        [
          attrInt('size', layer.size),
          attrFloat('alpha', layer.alpha),
          attrFloat('beta', layer.beta),
          attrFloat('bias', layer.k),
        ],
      );
      return chain.emit([x]);
    case 'globalavgpool':
      chain.add('GlobalAveragePool').add('Flatten', [], [attrInt('axis', 1)]);
      return chain.emit([x]);
    case 'flatten':
      if (inShape.length === 3 && inShape[0]! * inShape[1]! > 1) {
        // Flatten in NHWC order, as tfjs does, so dense kernels need no row permutation.
        chain.add('Transpose', [], [attrInts('perm', [0, 2, 3, 1])]);
      }
      chain.add(
        inShape.length === 1 ? 'Identity' : 'Flatten',
        [],
        inShape.length === 1 ? [] : [attrInt('axis', 1)],
      );
      return chain.emit([x]);
    case 'dropout':
      // Inference: dropout is the identity. Kept as a node so the graph reads like the spec.
      chain.add('Identity');
      return chain.emit([x]);
    case 'softmax':
      chain.add('Softmax', [], [attrInt('axis', 1)]);
      return chain.emit([x]);
    case 'relu':
      chain.add('Relu');
      return chain.emit([x]);
  }
}

function addBatchNorm(
  g: GraphBuilder,
  chain: Chain,
  id: string,
  eps: number,
  w: WeightMap[string],
  c: number,
) {
  // Keras scale:false has no γ; it behaves as γ = 1.
  const gamma = g.weight(`${id}/gamma`, w.gamma, ONES(c));
  const beta = g.weight(`${id}/beta`, w.beta, new Float32Array(c));
  const mean = g.weight(`${id}/moving_mean`, w.movingMean);
  const variance = g.weight(`${id}/moving_variance`, w.movingVariance);
  chain.add('BatchNormalization', [gamma, beta, mean, variance], [attrFloat('epsilon', eps)]);
}

function emitPool(
  g: GraphBuilder,
  chain: Chain,
  node: AnalysedNode,
  layer: Extract<Layer, { op: 'maxpool' | 'avgpool' }>,
  x: string,
) {
  const inShape = node.inShapes[0]!;
  const isAvg = layer.op === 'avgpool';
  let pool = layer.pool;
  let strides = layer.strides;
  let padding = layer.padding;
  if (layer.adaptive) {
    const [oh, ow] = layer.adaptive;
    if (oh === 1 && ow === 1) {
      chain.add(isAvg ? 'GlobalAveragePool' : 'GlobalMaxPool');
      return chain.emit([x]);
    }
    // Adaptive pooling equals a fixed window when the input divides evenly; else its uneven windows.
    const [h, w] = hw(inShape);
    if (h % oh !== 0 || w % ow !== 0)
      return emitAdaptivePool(g, node.id, x, [h, w], [oh, ow], isAvg ? 'avg' : 'max');
    pool = [h / oh, w / ow];
    strides = pool;
    padding = 'valid';
  }
  const attrs = [
    attrInts('kernel_shape', pool),
    attrInts('strides', strides),
    attrInts('pads', onnxPads(padding, hw(inShape), pool, strides)),
  ];
  if (layer.ceil) attrs.push(attrInt('ceil_mode', 1));
  if (isAvg) {
    // TF 'same' averages over the valid pixels only; explicit (PyTorch-style) padding counts the zeros
    // unless the spec says otherwise, as torch.nn.functional.avg_pool2d does by default.
    const include = layer.countIncludePad ?? typeof padding === 'object';
    attrs.push(attrInt('count_include_pad', include ? 1 : 0));
  }
  chain.add(isAvg ? 'AveragePool' : 'MaxPool', [], attrs);
  return chain.emit([x]);
}

/** NCHW graph shape of a node's value, from the analysis' [H, W, C] or [C]. */
const nchw = (s: number[]): (number | string)[] =>
  s.length === 3 ? ['N', s[2]!, s[0]!, s[1]!] : ['N', ...s];
const nhwc = (s: number[]): (number | string)[] => ['N', ...s];

export function buildOnnxGraph(
  analysis: Analysis,
  weights: WeightMap,
  opts: ExportOptions = {},
): ExportedGraph {
  const includeAux = opts.includeAux ?? false;
  assertWeights(analysis, weights, includeAux);
  const nodes = analysis.nodes.filter((n) => inGraph(n, includeAux));
  const g = new GraphBuilder();
  const valueOf = new Map<string, string>();
  const graphInputs: ValueInfo[] = [];
  let inputName = '';
  let inputShape: number[] = [];

  for (const node of nodes) {
    const ins = node.inputs.map((i) => {
      const v = valueOf.get(i);
      if (!v) throw new Error(`node ${node.id} reads ${i}, which is not (yet) in the graph`);
      return v;
    });
    let out: string;
    if (node.kind === 'input') {
      inputName = node.id;
      inputShape = [...node.outShape];
      graphInputs.push(
        valueInfo(node.id, nhwc(node.outShape), 'NHWC image batch, as the tfjs engine takes it'),
      );
      out = g.op('Transpose', `${node.id}/to_nchw`, [node.id], `${node.id}/nchw`, [
        attrInts('perm', [0, 3, 1, 2]),
      ]);
    } else if (node.kind === 'concat') {
      out = g.op('Concat', node.id, ins, node.id, [attrInt('axis', 1)]);
    } else if (node.kind === 'add') {
      out = emitAdd(g, node, ins);
    } else {
      if (!node.layer) throw new Error(`layer node ${node.id} has no resolved layer`);
      out = emitLayer(g, node, node.layer, ins[0]!, weights);
    }
    valueOf.set(node.id, out);
    if (node.kind !== 'input') g.info.push(valueInfo(out, nchw(node.outShape)));
  }
  if (!inputName) throw new Error(`${analysis.spec.id}: the analysis has no input node`);

  // Outputs: nodes nobody in the exported graph reads (the classifier, then the aux heads).
  const consumed = new Set(nodes.flatMap((n) => n.inputs));
  const sinks = nodes.filter((n) => !consumed.has(n.id) && n.kind !== 'input');
  sinks.sort((a, b) => Number(a.aux !== undefined) - Number(b.aux !== undefined));
  const outputs = sinks.map((n) => n.id);
  const graphOutputs = sinks.map((n) => valueInfo(n.id, nchw(n.outShape)));

  const activationOutputs: Record<string, string> = {};
  const activationStats: Record<string, string> = {};
  const layout = opts.activationLayout ?? 'nhwc';
  const act = opts.activations ?? [];
  const wanted = act === 'all' ? nodes.map((n) => n.id) : act === 'outputs' ? outputs : act;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const id of wanted) {
    const node = byId.get(id);
    if (!node) throw new Error(`activation '${id}' is not a node of the exported ${analysis.spec.id} graph`);
    if (node.kind === 'input') {
      activationOutputs[id] = inputName; // the caller already holds the input: no graph output needed
      continue;
    }
    if (node.outShape.length === 3 && layout === 'nhwc') {
      const name = `${id}${NHWC_SUFFIX}`;
      g.op('Transpose', `${id}/to_nhwc`, [id], name, [attrInts('perm', [0, 2, 3, 1])]);
      graphOutputs.push(valueInfo(name, nhwc(node.outShape)));
      activationOutputs[id] = name;
    } else {
      if (!outputs.includes(id)) graphOutputs.push(valueInfo(id, nchw(node.outShape)));
      activationOutputs[id] = id;
    }
    if (opts.activationStats && node.outShape.length === 3) {
      const name = `${id}${STATS_SUFFIX}`;
      emitChannelStats(g, id, name);
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
      node: g.nodes,
      initializer: g.inits,
      input: graphInputs,
      output: graphOutputs,
      valueInfo: g.info.filter((i) => !graphOutputs.some((o) => o.name === i.name)),
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
function emitChannelStats(g: GraphBuilder, id: string, name: string): void {
  // Over H and W with the batch kept: [1, C] rows for the batch of one the activation pass runs.
  const axes = [attrInts('axes', [2, 3]), attrInt('keepdims', 0)];
  const p = `${id}/stats`;
  const rows = (['Min', 'Max', 'Mean'] as const).map((r) =>
    g.op(`Reduce${r}`, `${p}/${r.toLowerCase()}`, [id], `${p}/${r.toLowerCase()}`, axes),
  );
  g.op('Concat', `${p}/concat`, rows, name, [attrInt('axis', 0)]);
}

/** out = act(shortcut + scale · body); inputs[0] is the block input, inputs[1] the body's output. */
function emitAdd(g: GraphBuilder, node: AnalysedNode, ins: string[]): string {
  const id = node.id;
  const scale = node.scale ?? 1;
  let body = ins[1]!;
  if (ins.length !== 2) throw new Error(`residual add ${id} needs 2 inputs, has ${ins.length}`);
  if (scale !== 1) {
    g.inits.push(floatTensor(`${id}/scale`, [], new Float32Array([scale])));
    body = g.op('Mul', `${id}/scale`, [body, `${id}/scale`], `${id}/scaled`);
  }
  if ((node.activation ?? 'linear') === 'relu') {
    g.op('Add', id, [ins[0]!, body], `${id}/sum`);
    return g.op('Relu', `${id}/relu`, [`${id}/sum`], id);
  }
  return g.op('Add', id, [ins[0]!, body], id);
}

/** Encode to ONNX protobuf bytes. */
export function exportOnnx(analysis: Analysis, weights: WeightMap, opts: ExportOptions = {}): Uint8Array {
  return encodeModel(buildOnnxGraph(analysis, weights, opts).model);
}
