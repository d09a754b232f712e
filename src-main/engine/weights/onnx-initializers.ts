/**
 * Weights from the initializers of an ONNX model (e.g. torchvision's own torch.onnx.export of
 * googlenet). Two ways to know which initializer is which layer:
 * - by name, when the exporter kept the PyTorch parameter names ('inception3a.branch1.conv.weight'):
 *   then the file is a state dict like any other and torch-names maps it;
 * - by the graph, when it did not: torch.onnx.export in eval mode folds each BatchNorm into the conv
 *   before it and names the folded tensors 'onnx::Conv_123'. Then the k-th Conv / Gemm node of the graph
 *   (nodes are in execution order, which is the spec's node order) is the k-th weighted layer of the
 *   spec, and a folded conv's bias becomes an identity BatchNorm (γ = 1, β = bias, mean 0, var 1 − ε),
 *   which computes exactly conv(x) + bias.
 * Schema: onnx/onnx.proto (ModelProto.graph, GraphProto.node / initializer, TensorProto.raw_data,
 * float_data, data_location), decoded by src-main/engine/onnx/proto.ts.
 */
import type { AnalysedNode, Analysis } from '../../shared/analysis-types.js';
import { decodeModel, type Node, type Tensor } from '../onnx/proto.js';
import type { Binding } from './assemble.js';
import { WeightsError, fmtShape, numel, type FileTensor, type FileTensors } from './types.js';

/** ONNX TensorProto.DataType: FLOAT 1, FLOAT16 10, DOUBLE 11, BFLOAT16 16. */
const FLOAT = 1;

/**
 * An ONNX ModelProto starts with field 1 (ir_version, a varint: tag 0x08) and a small version; the
 * next field is one of ModelProto's (producer_name 0x12, producer_version 0x1a, domain 0x22,
 * model_version 0x28, doc_string 0x32, graph 0x3a, opset_import 0x42).
 */
export function isOnnxModel(head: Uint8Array): boolean {
  if (head.length < 4 || head[0] !== 0x08 || head[1]! < 3 || head[1]! > 20) return false;
  return [0x12, 0x1a, 0x22, 0x28, 0x32, 0x3a, 0x42].includes(head[2]!);
}

export interface OnnxContent {
  /** Initializers by name (float32 only). */
  initializers: FileTensors;
  /** Conv and Gemm nodes in graph order, with their attributes that matter here. */
  layers: { op: 'Conv' | 'Gemm'; weight: string; bias?: string; transB: boolean }[];
  notes: string[];
}

function tensorData(t: Tensor & { floatData?: number[]; dataLocation?: number }, file: string): Float32Array {
  const n = numel(t.dims);
  if (t.rawData && t.rawData.length) {
    if (t.rawData.length !== n * 4)
      throw new WeightsError(
        'format',
        `${file}: initializer '${t.name}' ${fmtShape(t.dims)} has ${t.rawData.length} bytes of data, ${n * 4} expected. The model file is damaged.`,
      );
    const out = new Float32Array(n);
    new Uint8Array(out.buffer).set(t.rawData);
    return out;
  }
  if (t.floatData && t.floatData.length === n) return Float32Array.from(t.floatData);
  if (n === 0) return new Float32Array(0);
  throw new WeightsError(
    'format',
    `${file}: initializer '${t.name}' keeps its data outside the model file (ONNX external data), which the app does not read. Export the model without external data (models under 2 GB), or load the original weights file.`,
  );
}

export function readOnnxInitializers(bytes: Uint8Array, file: string): OnnxContent {
  let model;
  try {
    model = decodeModel(bytes);
  } catch (e) {
    throw new WeightsError('format', `${file} is not a valid ONNX model: ${(e as Error).message}.`);
  }
  const graph = model.graph;
  if (!graph?.initializer?.length)
    throw new WeightsError(
      'format',
      `${file} is an ONNX model without initializers, so it holds no weights to load.`,
    );
  const initializers: FileTensors = new Map();
  const notes: string[] = [];
  let skipped = 0;
  for (const t of graph.initializer) {
    if (t.dataType !== FLOAT) {
      skipped++;
      continue;
    }
    initializers.set(t.name, { name: t.name, shape: t.dims.map(Number), data: tensorData(t, file) });
  }
  if (skipped)
    notes.push(`${skipped} non-float initializers (shapes, indices) are not weights and were skipped`);
  const layers: OnnxContent['layers'] = [];
  for (const n of graph.node as Node[]) {
    if (n.opType !== 'Conv' && n.opType !== 'Gemm') continue;
    const transB = n.attribute?.find((x) => x.name === 'transB')?.i === 1;
    layers.push({ op: n.opType, weight: n.input[1]!, bias: n.input[2] || undefined, transB });
  }
  return { initializers, layers, notes };
}

const weighted = (n: AnalysedNode) =>
  n.kind === 'layer' && (n.layer?.op === 'conv' || n.layer?.op === 'dense');

/**
 * Bindings by the graph's structure (see the module comment). Returns the tensors under the names the
 * bindings use, identity BatchNorms included; throws a 'mismatch' WeightsError when the graph's
 * layers do not line up with the spec's.
 */
export function onnxGraphBindings(
  a: Analysis,
  c: OnnxContent,
  file: string,
): { file: FileTensors; bindings: Map<string, Binding>; notes: string[] } {
  const nodes = a.nodes.filter((n) => weighted(n) && n.aux === undefined);
  if (c.layers.length !== nodes.length)
    throw new WeightsError(
      'mismatch',
      `${file}: its graph has ${c.layers.length} Conv/Gemm layers, ${a.spec.title} has ${nodes.length} weighted layers outside the auxiliary heads. Open it with the network it was exported from.`,
      [],
      { kind: 'onnx_layers', file, found: c.layers.length, expected: nodes.length },
    );
  const tensors: FileTensors = new Map();
  const bindings = new Map<string, Binding>();
  let folded = 0;
  const put = (t: FileTensor) => tensors.set(t.name, t);
  nodes.forEach((n, i) => {
    const l = c.layers[i]!;
    const w = c.initializers.get(l.weight);
    const layer = n.layer!;
    const k = `${n.id}/kernel`;
    if (!w)
      throw new WeightsError(
        'format',
        `${file}: the weights of ${l.op} layer ${i + 1} (${l.weight}) are computed in the graph, not stored as an initializer, so they cannot be read.`,
      );
    put({ ...w, name: k });
    const b: Binding = {
      kernel: k,
      layout: l.op === 'Conv' ? 'oihw' : l.transB ? 'oi' : 'io',
    };
    const bias = l.bias ? c.initializers.get(l.bias) : undefined;
    if (layer.op === 'conv' && layer.bn && bias && !layer.bias) {
      // BatchNorm folded into this conv by the exporter: an identity BN that adds the folded bias.
      const ch = bias.data.length;
      const eps = layer.bn.eps;
      put({ name: `${n.id}/beta`, shape: [ch], data: bias.data });
      put({ name: `${n.id}/movingMean`, shape: [ch], data: new Float32Array(ch) });
      put({ name: `${n.id}/movingVariance`, shape: [ch], data: new Float32Array(ch).fill(1 - eps) });
      if (layer.bn.scale) put({ name: `${n.id}/gamma`, shape: [ch], data: new Float32Array(ch).fill(1) });
      Object.assign(b, {
        beta: `${n.id}/beta`,
        movingMean: `${n.id}/movingMean`,
        movingVariance: `${n.id}/movingVariance`,
        gamma: `${n.id}/gamma`,
      });
      folded++;
    } else if (bias) {
      put({ ...bias, name: `${n.id}/bias` });
      b.bias = `${n.id}/bias`;
    }
    bindings.set(n.id, b);
  });
  const notes = folded
    ? [
        `${folded} BatchNorms were folded into their convs by the exporter; they run as conv + bias, which is the same function`,
      ]
    : [];
  return { file: tensors, bindings, notes };
}
