/**
 * Analysis → PyTorch model source (model.py). Each analysed node becomes one line: layer nodes one
 * module in an nn.ModuleDict keyed by the node id (so state_dict keys read like the app's names), concat
 * and residual nodes one expression in forward(). Every op is lowered once, in the classes of the
 * prelude below; the network itself comes only from the analysis, as the ONNX exporter
 * (engine/onnx/export.ts) lowers the same nodes to ONNX.
 *
 * Padding is resolved here at the variant's input size (TF 'same' is asymmetric at stride 2), with the
 * ONNX exporter's own helper, so both engines pad identically. The model takes NCHW input in [-1, 1].
 */
import type { AnalysedNode, Analysis } from '../../shared/analysis-types.js';
import { indexOf } from '../../shared/analysis-index.js';
import type { ConvLayer, Layer, Pair, PoolLayer } from '../../shared/spec.js';
import { onnxPads } from '../onnx/padding.js';

/** One weight-carrying layer, as model.py lists it for the checkpoint converters. */
export interface ParamLayer {
  id: string;
  op: 'conv' | 'dense';
  bias: boolean;
  /** BN: whether it has a learned γ (Keras scale); absent = no BN. */
  bnScale?: boolean;
  aux?: string;
}

const py = (v: unknown): string => {
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `(${v.map(py).join(', ')}${v.length === 1 ? ',' : ''})`;
  throw new Error(`cannot write ${typeof v} as Python`);
};

/** ModuleDict keys may hold '/', not '.'. */
export const moduleKey = (id: string): string => id.replace(/\./g, '_');

const hw = (s: number[]): Pair => [s[0]!, s[1]!];

/** [top, left, bottom, right] */
function padsOf(layer: ConvLayer | PoolLayer, inShape: number[]) {
  const k = layer.op === 'conv' ? layer.kernel : layer.pool;
  return onnxPads(layer.padding, hw(inShape), k, layer.strides);
}

function moduleFor(node: AnalysedNode, layer: Layer): string | null {
  const inShape = node.inShapes[0]!;
  const bnArg = (bn: { eps: number; scale: boolean; momentum?: number } | undefined) =>
    bn ? py([bn.eps, bn.scale, bn.momentum ?? 0.99]) : 'None';
  switch (layer.op) {
    case 'conv':
      return `ConvUnit(${inShape[2]}, ${layer.filters as number}, ${py(layer.kernel)}, ${py(layer.strides)}, ${py(padsOf(layer, inShape))}, bias=${py(layer.bias)}, bn=${bnArg(layer.bn)}, relu=${py(layer.activation === 'relu')})`;
    case 'dense':
      return `DenseUnit(${inShape[0]}, ${layer.units as number}, bias=${py(layer.bias)}, bn=${bnArg(layer.bn)}, relu=${py(layer.activation === 'relu')})`;
    case 'maxpool':
    case 'avgpool': {
      const kind = layer.op === 'maxpool' ? 'max' : 'avg';
      if (layer.adaptive) return `AdaptivePool(${py(kind)}, ${py(layer.adaptive)})`;
      const include = layer.countIncludePad ?? typeof layer.padding === 'object';
      return `Pool(${py(kind)}, ${py(layer.pool)}, ${py(layer.strides)}, ${py(padsOf(layer, inShape))}, ceil=${py(Boolean(layer.ceil))}, include_pad=${py(include)})`;
    }
    case 'lrn':
      // torch's LocalResponseNorm is Caffe's x / (k + α/n·Σx²)^β, as the spec (and ONNX) state it.
      return `nn.LocalResponseNorm(${layer.size}, alpha=${layer.alpha}, beta=${layer.beta}, k=${layer.k})`;
    case 'globalavgpool':
      return 'GlobalAvgPool()';
    case 'flatten':
      return `FlattenNHWC(${py(inShape.length === 3 && inShape[0]! * inShape[1]! > 1)})`;
    case 'dropout':
      return `nn.Dropout(${layer.rate})`;
    case 'relu':
      return 'nn.ReLU()';
    case 'softmax':
      return 'nn.Softmax(dim=1)';
  }
}

export interface TorchModelSource {
  source: string;
  layers: ParamLayer[];
  /** The main head's logits node (before any softmax) and each aux head's. */
  logits: string;
  auxLogits: Record<string, string>;
}

/** `a` is the analysis of the spec as it trains (the recipe's residual scale and BN momentum applied). */
export function torchModelSource(a: Analysis): TorchModelSource {
  // Heads return logits: a trailing softmax is skipped.
  const ix = indexOf(a);
  const logits = ix.node(ix.main.logits);
  const auxLogits: Record<string, string> = {};
  for (const h of ix.aux) auxLogits[h.name] = h.logits;
  const skip = new Set([ix.main, ...ix.aux].filter((h) => h.sink !== h.logits).map((h) => h.sink));

  const init: string[] = [];
  const auxInit: string[] = [];
  const mainLines: string[] = [];
  const auxLines: string[] = [];
  const layers: ParamLayer[] = [];
  const v = new Map<string, string>();
  let counter = 0;
  for (const n of a.nodes) {
    if (skip.has(n.id)) continue;
    const name = n.kind === 'input' ? 'x' : `t${counter++}`;
    v.set(n.id, name);
    if (n.kind === 'input') continue;
    const ins = n.inputs.map((i) => v.get(i)!);
    const out = n.aux !== undefined ? auxLines : mainLines;
    let expr: string;
    if (n.kind === 'concat') expr = `torch.cat([${ins.join(', ')}], dim=1)`;
    else if (n.kind === 'add') {
      const scale = n.scale ?? 1;
      const sum = scale === 1 ? `${ins[0]} + ${ins[1]}` : `${ins[0]} + ${scale} * ${ins[1]}`;
      expr = (n.activation ?? 'linear') === 'relu' ? `F.relu(${sum})` : sum;
    } else {
      const layer = n.layer!;
      const key = moduleKey(n.id);
      const mod = moduleFor(n, layer);
      (n.aux !== undefined ? auxInit : init).push(`L[${py(key)}] = ${mod}`);
      expr = `L[${py(key)}](${ins[0]})`;
      if (layer.op === 'conv' || layer.op === 'dense') {
        const pl: ParamLayer = { id: n.id, op: layer.op, bias: layer.bias };
        if (layer.bn) pl.bnScale = layer.bn.scale;
        if (n.aux !== undefined) pl.aux = n.aux;
        layers.push(pl);
      }
    }
    out.push(`        ${name} = ${expr}  # ${n.id}`);
  }
  const auxReturn = Object.entries(auxLogits)
    .map(([h, id]) => `${py(h)}: ${v.get(id)}`)
    .join(', ');
  const s = a.spec;
  const meta = {
    network: s.id,
    flavour: s.flavour,
    title: s.title,
    input: s.variant.input,
    width: s.variant.width,
    classes: s.variant.classes,
    params_pytorch: a.totals.params.pytorch,
    params_pytorch_with_aux: a.totalsWithAux.params.pytorch,
    aux_heads: s.aux.map((h) => h.name),
  };
  const layerRows = layers.map(
    (l) =>
      `    (${py(l.id)}, ${py(moduleKey(l.id))}, ${py(l.op)}, ${py(l.bias)}, ${py(l.bnScale ?? null)}, ${py(l.aux ?? null)}),`,
  );
  const source = [
    `"""${s.title} (${s.flavour}), input ${s.variant.input.join('x')}, width ${s.variant.width}, ${s.variant.classes} classes.`,
    '',
    'Generated by Inception Explorer from its spec of the network (one module per spec node, keyed by the',
    "app's node id). Re-export from the app instead of editing: the app checks the parameter count against",
    'its own, and reads checkpoints back by these names. Input: NCHW floats in [-1, 1]."""',
    PRELUDE,
    `NETWORK = ${JSON.stringify(meta)}`,
    '',
    '# (app node id, module key, op, bias, BN scale (None: no BN), aux head) of every layer with weights.',
    'PARAM_LAYERS = [',
    ...layerRows,
    ']',
    '',
    '',
    'class Net(nn.Module):',
    `    """${s.title}: forward() returns the logits; in training mode with aux=True, (logits, {head: logits})."""`,
    '',
    '    def __init__(self, aux=True):',
    '        super().__init__()',
    '        self.aux = aux and bool(NETWORK["aux_heads"])',
    '        L = self.layers = nn.ModuleDict()',
    ...init.map((l) => `        ${l}`),
    ...(auxInit.length ? ['        if self.aux:', ...auxInit.map((l) => `            ${l}`)] : []),
    '',
    '    def forward(self, x):',
    '        L = self.layers',
    ...mainLines,
    `        logits = ${v.get(logits.id)}`,
    '        if not (self.training and self.aux):',
    '            return logits',
    ...auxLines,
    `        return logits, {${auxReturn}}`,
    '',
    '',
    'def count_params(model):',
    '    """Parameters in the PyTorch convention (BN γ and β; running statistics are buffers)."""',
    '    return sum(p.numel() for p in model.parameters())',
    '',
  ].join('\n');
  return {
    source,
    layers,
    logits: logits.id,
    auxLogits,
  };
}

/** The op classes every generated model shares: one definition per spec op. */
const PRELUDE = String.raw`
import math

import torch
import torch.nn.functional as F
from torch import nn


class ConvUnit(nn.Module):
    """conv (+BN) (+ReLU). pads = (top, left, bottom, right), resolved by the app at this input size;
    bn = (eps, scale, keras_momentum): without scale, γ stays 1 (Keras scale=False) and is not trained."""

    def __init__(self, cin, cout, kernel, stride, pads, bias, bn, relu):
        super().__init__()
        t, l, b, r = pads
        symmetric = t == b and l == r
        self.pad = None if symmetric else (l, r, t, b)
        self.conv = nn.Conv2d(cin, cout, kernel, stride, padding=(t, l) if symmetric else 0, bias=bias)
        self.bn = batch_norm(nn.BatchNorm2d, cout, bn)
        self.relu = relu

    def forward(self, x):
        if self.pad is not None:
            x = F.pad(x, self.pad)
        x = self.conv(x)
        if self.bn is not None:
            x = self.bn(x)
        return F.relu(x) if self.relu else x


class DenseUnit(nn.Module):
    """Linear (+BN) (+ReLU) on [N, C]."""

    def __init__(self, cin, cout, bias, bn, relu):
        super().__init__()
        self.fc = nn.Linear(cin, cout, bias=bias)
        self.bn = batch_norm(nn.BatchNorm1d, cout, bn)
        self.relu = relu

    def forward(self, x):
        x = self.fc(x)
        if self.bn is not None:
            x = self.bn(x)
        return F.relu(x) if self.relu else x


def batch_norm(cls, channels, bn):
    if bn is None:
        return None
    eps, scale, keras_momentum = bn
    # Keras: moving = m*moving + (1-m)*batch; PyTorch's momentum is the weight of the batch: 1 - m.
    layer = cls(channels, eps=eps, momentum=1.0 - keras_momentum)
    if not scale:
        layer.weight.requires_grad_(False)
    return layer


class Pool(nn.Module):
    """Max or average pool with explicit (top, left, bottom, right) pads. TF 'same' max pools pad with
    -inf and average pools count only real pixels (include_pad False); PyTorch-style pads count zeros."""

    def __init__(self, kind, kernel, stride, pads, ceil, include_pad):
        super().__init__()
        self.kind, self.kernel, self.stride, self.ceil, self.include_pad = kind, kernel, stride, ceil, include_pad
        t, l, b, r = pads
        self.native = t == b and l == r and t <= kernel[0] // 2 and l <= kernel[1] // 2
        self.pads = (t, l) if self.native else (l, r, t, b)

    def forward(self, x):
        k, s, c = self.kernel, self.stride, self.ceil
        if self.kind == "max":
            if self.native:
                return F.max_pool2d(x, k, s, self.pads, ceil_mode=c)
            return F.max_pool2d(F.pad(x, self.pads, value=-math.inf), k, s, 0, ceil_mode=c)
        if self.native:
            return F.avg_pool2d(x, k, s, self.pads, ceil_mode=c, count_include_pad=self.include_pad)
        total = F.avg_pool2d(F.pad(x, self.pads), k, s, 0, ceil_mode=c)
        if self.include_pad:
            return total
        ones = F.pad(x.new_ones((1, 1) + tuple(x.shape[2:])), self.pads)
        return total / F.avg_pool2d(ones, k, s, 0, ceil_mode=c)


class AdaptivePool(nn.Module):
    def __init__(self, kind, size):
        super().__init__()
        self.pool = nn.AdaptiveMaxPool2d(size) if kind == "max" else nn.AdaptiveAvgPool2d(size)

    def forward(self, x):
        return self.pool(x)


class GlobalAvgPool(nn.Module):
    def forward(self, x):
        return x.mean((2, 3))


class FlattenNHWC(nn.Module):
    """Flatten in NHWC order, as the app (TensorFlow layout) does, so dense kernels map unchanged."""

    def __init__(self, permute):
        super().__init__()
        self.permute = permute

    def forward(self, x):
        return (x.permute(0, 2, 3, 1) if self.permute else x).flatten(1)

`;
