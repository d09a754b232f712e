/**
 * Batch normalisation after a conv or dense layer (https://arxiv.org/abs/1502.03167, Algorithm 1).
 * Inference: ONNX BatchNormalization with the running statistics. Training: the batch statistics,
 * written out (ReduceMean etc.) so the VJP can reuse them and the running averages can be updated
 * from the exposed batch mean and (biased) variance.
 *
 * Saved for the VJP (the keys the VJPs in ops/vjp read): `gamma` (γ shaped [1, C, 1, 1] or [1, C], ones
 * without γ), `invStd` = 1/√(var + ε) in that shape; training also `xhat` = (x − mean)·invStd;
 * inference also `mean` (the running mean, same shape) — inference values only when
 * e.saveForVjp, so a plain export has no dead nodes.
 */
import type { AnalysedNode, ResolvedBatchNorm } from '../../shared/analysis-types.js';
import { attrFloat, attrInt, attrInts } from '../onnx/proto.js';
import type { OnnxEmitter, TfjsContext, TfjsValue } from './types.js';

/** x is NCHW (rank 4) or [N, C]; `name` names the output (the node id when BN is the last op). */
export function onnxBatchNorm(
  e: OnnxEmitter,
  node: AnalysedNode,
  x: string,
  bn: ResolvedBatchNorm,
  channels: number,
  saved: Record<string, string>,
  name?: string,
): string {
  const opts = name ? { name } : {};
  const spatial = node.outShape.length === 3;
  const perChannel = (v: string) =>
    e.node('Reshape', [v, e.constInt64(spatial ? [1, channels, 1, 1] : [1, channels])]);
  const invStdOf = (variance: string) =>
    e.node('Reciprocal', [e.node('Sqrt', [e.node('Add', [variance, e.constFloat([bn.eps], [])])])]);
  // Keras scale:false has no γ: it is 1, a constant, never a parameter.
  const gamma = e.param(node, 'gamma', bn.gamma ? undefined : new Float32Array(channels).fill(1));
  const beta = e.param(node, 'beta');
  if (e.mode === 'inference') {
    const mean = e.param(node, 'movingMean');
    const variance = e.param(node, 'movingVariance');
    if (e.saveForVjp) {
      saved.gamma = perChannel(gamma);
      saved.mean = perChannel(mean);
      saved.invStd = perChannel(invStdOf(variance));
    }
    return e.node(
      'BatchNormalization',
      [x, gamma, beta, mean, variance],
      [attrFloat('epsilon', bn.eps)],
      opts,
    );
  }
  const reduce = [attrInts('axes', spatial ? [0, 2, 3] : [0]), attrInt('keepdims', 1)];
  const mean = e.node('ReduceMean', [x], reduce);
  const centred = e.node('Sub', [x, mean]);
  const variance = e.node('ReduceMean', [e.node('Mul', [centred, centred])], reduce);
  const invStd = invStdOf(variance);
  const xhat = e.node('Mul', [centred, invStd]);
  Object.assign(saved, { invStd, xhat, gamma: perChannel(gamma) });
  const scaled = bn.gamma ? e.node('Mul', [xhat, saved.gamma]) : xhat;
  const y = e.node('Add', [scaled, perChannel(beta)], [], opts);
  const flat = e.constInt64([channels]);
  const batchMean = e.node('Reshape', [mean, flat], [], { name: `${node.id}/batch_mean` });
  const batchVariance = e.node('Reshape', [variance, flat], [], { name: `${node.id}/batch_variance` });
  e.output(node, 'batchMean', batchMean, [channels]);
  e.output(node, 'batchVariance', batchVariance, [channels]);
  return y;
}

/** Keras BatchNormalization on the last axis, as '<main>.bn'. */
export function tfjsBatchNorm(ctx: TfjsContext, x: TfjsValue, bn: ResolvedBatchNorm): TfjsValue {
  ctx.layers.bn = ctx.name(`${ctx.main}.bn`);
  return ctx.tfl.layers
    .batchNormalization({
      axis: -1,
      epsilon: bn.eps,
      scale: bn.gamma,
      center: true,
      momentum: bn.momentum,
      name: ctx.layers.bn,
    })
    .apply(x) as TfjsValue;
}

/** A separate ReLU layer '<main>.relu'. */
export function tfjsRelu(ctx: TfjsContext, x: TfjsValue): TfjsValue {
  ctx.layers.act = ctx.name(`${ctx.main}.relu`);
  return ctx.tfl.layers.activation({ activation: 'relu', name: ctx.layers.act }).apply(x) as TfjsValue;
}
