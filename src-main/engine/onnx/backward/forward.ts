/**
 * ONNX forward lowerings in the form the VJPs read (ForwardRecord.saved keys documented in
 * ops/vjp/README-keys: linear, preAct, xhat, invStd, gamma, indices, mask). This is the backward
 * compiler's own forward until the op table (ops/table.ts) provides a training-mode ONNX forward
 * with the same saved values; graph.ts takes the lowering from the table when it has one.
 *
 * Batch norm in training mode is written out (ReduceMean over N, H, W; biased variance, as
 * torch.nn.BatchNorm2d and Keras normalise with), so every execution provider runs it and the
 * VJP can reuse x̂ and 1/σ; in inference mode it is one BatchNormalization op.
 */
import type { AnalysedNode } from '../../../shared/analysis-types.js';
import type { Layer } from '../../../shared/spec.js';
import type { ForwardRecord, OnnxEmitter } from '../../ops/types.js';
import {
  add,
  channelAxes,
  channelShape,
  inHW,
  mul,
  padsOf,
  reduceMean,
  reshape,
  sub,
} from '../../ops/vjp/util.js';
import { attrFloat, attrInt, attrInts } from '../proto.js';
import { adaptiveMatrix, poolWindow } from '../../ops/vjp/pool.js';
import { TrainingGraphError } from './emitter.js';

const ones = (n: number) => new Float32Array(n).fill(1);

type Saved = Record<string, string>;

/** conv/dense (+BN) (+ReLU): the value after each stage is saved for the VJP. */
function linearUnit(
  e: OnnxEmitter,
  node: AnalysedNode,
  layer: Layer & { op: 'conv' | 'dense' },
  x: string,
): ForwardRecord {
  const saved: Saved = {};
  const channels = (layer.op === 'conv' ? layer.filters : layer.units) as number;
  let v: string;
  if (layer.op === 'conv') {
    const ins = [x, e.param(node, 'kernel')];
    if (layer.bias) ins.push(e.param(node, 'bias'));
    v = e.node('Conv', ins, [
      attrInts('kernel_shape', layer.kernel),
      attrInts('strides', layer.strides),
      attrInts('pads', padsOf(node)),
      attrInts('dilations', [1, 1]),
      attrInt('group', 1),
    ]);
  } else {
    const b = e.param(node, 'bias', layer.bias ? undefined : new Float32Array(channels));
    v = e.node('Gemm', [x, e.param(node, 'kernel'), b]);
  }
  saved.linear = v;
  if (layer.bn) v = batchNorm(e, node, layer.bn.eps, channels, layer.op === 'conv' ? 4 : 2, v, saved);
  saved.preAct = v;
  if (layer.activation === 'relu') v = e.node('Relu', [v]);
  return { node, inputs: [x], output: v, saved };
}

function batchNorm(
  e: OnnxEmitter,
  node: AnalysedNode,
  eps: number,
  c: number,
  rank: number,
  x: string,
  saved: Saved,
): string {
  const gamma = e.param(node, 'gamma', ones(c));
  const beta = e.param(node, 'beta');
  const shape = channelShape(rank);
  if (e.mode !== 'train') {
    const mean = e.param(node, 'movingMean');
    const variance = e.param(node, 'movingVariance');
    saved.invStd = reshape(
      e,
      e.node('Reciprocal', [e.node('Sqrt', [add(e, variance, e.constFloat([eps], []))])]),
      shape,
    );
    saved.gamma = reshape(e, gamma, shape);
    saved.mean = reshape(e, mean, shape);
    return e.node('BatchNormalization', [x, gamma, beta, mean, variance], [attrFloat('epsilon', eps)]);
  }
  const axes = channelAxes(rank);
  const mean = reduceMean(e, x, axes, true);
  const centred = sub(e, x, mean);
  const variance = reduceMean(e, mul(e, centred, centred), axes, true);
  const invStd = e.node('Reciprocal', [e.node('Sqrt', [add(e, variance, e.constFloat([eps], []))])]);
  const xhat = mul(e, centred, invStd);
  e.output(node, 'batchMean', reshape(e, mean, [-1]), [c]);
  e.output(node, 'batchVariance', reshape(e, variance, [-1]), [c]);
  Object.assign(saved, { invStd, xhat, gamma: reshape(e, gamma, shape) });
  return add(e, mul(e, xhat, saved.gamma!), reshape(e, beta, shape));
}

function pool(
  e: OnnxEmitter,
  node: AnalysedNode,
  layer: Layer & { op: 'maxpool' | 'avgpool' },
  x: string,
): ForwardRecord {
  const isAvg = layer.op === 'avgpool';
  const rec = (output: string, saved: Saved = {}): ForwardRecord => ({ node, inputs: [x], output, saved });
  if (layer.adaptive) {
    const [h, w] = inHW(node);
    const [oh, ow] = layer.adaptive;
    if (oh === 1 && ow === 1) return rec(e.node(isAvg ? 'GlobalAveragePool' : 'GlobalMaxPool', [x]));
    if (h % oh !== 0 || w % ow !== 0) {
      if (!isAvg)
        throw new TrainingGraphError(
          `${node.id}: adaptive max pooling with uneven windows has no gradient here yet`,
        );
      // Separable averaging matrices: y = A_h · x · A_wᵀ (the VJP uses their transposes).
      const ah = e.constFloat(adaptiveMatrix(h, oh), [oh, h]);
      const am = adaptiveMatrix(w, ow);
      const awT = e.constFloat(
        Float32Array.from({ length: am.length }, (_, i) => am[(i % ow) * w + Math.floor(i / ow)]!),
        [w, ow],
      );
      return rec(e.node('MatMul', [ah, e.node('MatMul', [x, awT])]));
    }
  }
  const win = poolWindow(node, layer);
  const attrs = [
    attrInts('kernel_shape', win.kernel),
    attrInts('strides', win.strides),
    attrInts('pads', win.pads),
  ];
  if (layer.ceil && !layer.adaptive) attrs.push(attrInt('ceil_mode', 1));
  if (isAvg) {
    const include = layer.countIncludePad ?? typeof layer.padding === 'object';
    attrs.push(attrInt('count_include_pad', include ? 1 : 0));
    return rec(e.node('AveragePool', [x], attrs));
  }
  if (e.mode !== 'train') return rec(e.node('MaxPool', [x], attrs));
  const [y, indices] = e.nodeN('MaxPool', [x], 2, attrs);
  return rec(y!, { indices: indices! });
}

/** The forward of one layer node in the backward compiler's form. */
export function forwardLayer(e: OnnxEmitter, node: AnalysedNode, x: string): ForwardRecord {
  const layer = node.layer;
  if (!layer) throw new TrainingGraphError(`layer node ${node.id} has no resolved layer`);
  const rec = (output: string, saved: Saved = {}): ForwardRecord => ({ node, inputs: [x], output, saved });
  const inShape = node.inShapes[0]!;
  switch (layer.op) {
    case 'conv':
    case 'dense':
      return linearUnit(e, node, layer, x);
    case 'maxpool':
    case 'avgpool':
      return pool(e, node, layer, x);
    case 'lrn':
      return rec(
        e.node(
          'LRN',
          [x],
          [
            attrInt('size', layer.size),
            attrFloat('alpha', layer.alpha),
            attrFloat('beta', layer.beta),
            attrFloat('bias', layer.k),
          ],
        ),
      );
    case 'globalavgpool':
      return rec(e.node('Flatten', [e.node('GlobalAveragePool', [x])], [attrInt('axis', 1)]));
    case 'flatten': {
      if (inShape.length === 1) return rec(e.node('Identity', [x]));
      const nhwc =
        inShape[0]! * inShape[1]! > 1 ? e.node('Transpose', [x], [attrInts('perm', [0, 2, 3, 1])]) : x;
      return rec(e.node('Flatten', [nhwc], [attrInt('axis', 1)]));
    }
    case 'dropout': {
      if (e.mode !== 'train' || layer.rate === 0) return rec(e.node('Identity', [x]));
      const dims = inShape.length === 3 ? ['N', inShape[2]!, inShape[0]!, inShape[1]!] : ['N', ...inShape];
      const mask = e.stepInput(node, 'dropoutMask', dims);
      return rec(mul(e, x, mask), { mask });
    }
    case 'softmax':
      return rec(e.node('Softmax', [x], [attrInt('axis', 1)]));
    case 'relu':
      return rec(e.node('Relu', [x]));
  }
}

/** Concat on channels; residual add out = act(shortcut + scale · body). */
export function forwardMerge(e: OnnxEmitter, node: AnalysedNode, ins: string[]): ForwardRecord {
  if (node.kind === 'concat')
    return { node, inputs: ins, output: e.node('Concat', ins, [attrInt('axis', 1)]), saved: {} };
  const s = node.scale ?? 1;
  const body = s === 1 ? ins[1]! : mul(e, ins[1]!, e.constFloat([s], []));
  const sum = add(e, ins[0]!, body);
  const out = (node.activation ?? 'linear') === 'relu' ? e.node('Relu', [sum]) : sum;
  return { node, inputs: ins, output: out, saved: {} };
}
