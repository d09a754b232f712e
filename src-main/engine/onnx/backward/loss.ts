/**
 * The objectives a training graph differentiates, each with its gradient written out in closed form
 * (the seed the backward pass starts from).
 *
 * Cross-entropy on logits z with smoothed one-hot targets t (fed, rows summing to 1), mean over the
 * batch: L = −(1/N) Σ_n Σ_k t_nk · log softmax(z_n)_k, dL/dz = (softmax(z) − t) / N. Each aux head
 * adds w · its own L. (Szegedy et al. 2016, arXiv:1512.00567 §7, for label smoothing.)
 *
 * GradTarget objectives (gradients/types.ts) are scalars per batch item whose sum is differentiated:
 * each is a fixed linear (or, for 'l2', quadratic) function of one value, so its seed is a constant
 * mask (or 2x/count).
 */
import type { GradTarget } from '../../gradients/types.js';
import type { OnnxEmitter } from '../../ops/types.js';
import { mul, reduceMean, reduceSum, scale } from '../../ops/vjp/util.js';
import { TrainingGraphError } from './emitter.js';

export interface HeadLoss {
  /** Scalar mean loss of the head. */
  loss: string;
  /** dL_head/dz (unweighted). */
  grad: string;
}

/** The mean smoothed cross-entropy of one head and its gradient. */
export function crossEntropy(e: OnnxEmitter, logits: string, targets: string, batch: number): HeadLoss {
  const logp = e.node('LogSoftmax', [logits], [{ name: 'axis', type: 2, i: 1 }]);
  const perItem = reduceSum(e, mul(e, targets, logp), [1], false);
  const loss = scale(e, reduceMean(e, perItem, [0], false), -1);
  const grad = scale(e, e.node('Sub', [e.node('Exp', [logp]), targets]), 1 / batch);
  return { loss, grad };
}

export interface TargetObjective {
  /** [N]: the target's value for each batch item. */
  perItem: string;
  /** Gradient of Σ_n perItem with respect to `value`. */
  grad: string;
}

/**
 * A GradTarget on `value`, the ONNX value of its node (NCHW [N, C, H, W] or [N, C]); `shape` is the
 * analysis' [H, W, C] or [C].
 */
export function targetObjective(
  e: OnnxEmitter,
  target: GradTarget,
  value: string,
  shape: number[],
  batch: number,
): TargetObjective {
  const isMap = shape.length === 3;
  const [h, w, c] = isMap ? (shape as [number, number, number]) : [1, 1, shape[0]!];
  const dims = isMap ? [1, c, h, w] : [1, c];
  const all = isMap ? [1, 2, 3] : [1];
  const channelOk = (ch: number) => {
    if (!Number.isInteger(ch) || ch < 0 || ch >= c)
      throw new TrainingGraphError(`channel ${ch} is outside this node's ${c} channels`);
  };
  let mask: Float32Array;
  switch (target.kind) {
    case 'logit':
    case 'channel': {
      const ch = target.kind === 'logit' ? target.classIndex : target.channel;
      channelOk(ch);
      mask = new Float32Array(c * h * w);
      mask.fill(1 / (h * w), ch * h * w, (ch + 1) * h * w);
      break;
    }
    case 'neuron': {
      channelOk(target.channel);
      if (!(target.y >= 0 && target.y < h && target.x >= 0 && target.x < w))
        throw new TrainingGraphError(`unit (${target.y}, ${target.x}) is outside this node's ${h}×${w} map`);
      mask = new Float32Array(c * h * w);
      mask[(target.channel * h + target.y) * w + target.x] = 1;
      break;
    }
    case 'direction': {
      if (target.vector.length !== c)
        throw new TrainingGraphError(
          `the direction has ${target.vector.length} values for this node's ${c} channels`,
        );
      mask = new Float32Array(c * h * w);
      for (let k = 0; k < c; k++) mask.fill(target.vector[k]! / (h * w), k * h * w, (k + 1) * h * w);
      break;
    }
    case 'l2': {
      const count = c * h * w;
      const perItem = reduceMean(e, mul(e, value, value), all, false);
      return { perItem, grad: scale(e, value, 2 / count) };
    }
  }
  const m = e.constFloat(mask, dims);
  const perItem = reduceSum(e, mul(e, value, m), all, false);
  const grad = e.node('Expand', [m, e.constInt64([batch, ...dims.slice(1)])]);
  return { perItem, grad };
}
