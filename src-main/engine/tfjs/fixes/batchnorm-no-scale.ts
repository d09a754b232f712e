/**
 * tfjs-layers' BatchNormalization with `scale: false` (Keras' convention for Inception, needed to load
 * Keras weights) crashes in training: `normalizeBatchInTraining` reads `this.gamma` unconditionally
 * ("Cannot read properties of undefined (reading 'read')"); `center: false` has the same bug with β.
 * Upstream: https://github.com/tensorflow/tfjs/issues/2868 (open since 2020, still in 4.22.0).
 *
 * Passing no γ to tf.batchNorm is not a way out: its gradient saves the missing input and throws
 * ("reading 'dataId'") on every backend.
 *
 * Fix: after `build`, give such layers a constant ones γ (zeros β) that is NOT a weight. The weight list,
 * its order (beta, moving_mean, moving_variance), countParams() and what the optimizer updates stay as
 * Keras has them; the output is unchanged (γ = 1). The patch is on the class prototype, so it also covers
 * layers created by deserialising a saved model.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** What the patch touches on a BatchNormalization instance (tfjs-layers private fields). */
interface BnInternals {
  scale: boolean;
  center: boolean;
  gamma: unknown;
  beta: unknown;
  axis: number;
  build(inputShape: unknown): void;
  disposeWeights(): unknown;
}

const PATCHED = Symbol.for('inception-explorer.bnNoScaleFix');
const CONSTANTS = Symbol.for('inception-explorer.bnConstants');

/** A read-only stand-in for a LayerVariable: the layer only ever calls `read()` on γ/β. */
class ConstantParam {
  constructor(readonly value: tf.Tensor) {}
  read(): tf.Tensor {
    return this.value;
  }
}

function channels(inputShape: unknown, axis: number): number {
  // build() gets a shape or a one-element list of shapes.
  const list = inputShape as unknown[];
  const shape = (Array.isArray(list[0]) ? list[0] : list) as number[];
  return shape[axis >= 0 ? axis : axis + shape.length];
}

/** Installs the fix once per process; returns true if it installed it now. */
export function applyBatchNormNoScaleFix(): boolean {
  const proto = Object.getPrototypeOf(tfl.layers.batchNormalization({})) as BnInternals &
    Record<symbol, unknown>;
  if (proto[PATCHED]) return false;
  const build = proto.build;
  const disposeWeights = proto.disposeWeights;
  proto.build = function (this: BnInternals & Record<symbol, tf.Tensor[] | undefined>, inputShape: unknown) {
    build.call(this, inputShape);
    if (this.scale && this.center) return;
    const dim = channels(inputShape, this.axis);
    const made: tf.Tensor[] = [];
    if (!this.scale) made.push(tf.keep(tf.ones([dim])));
    if (!this.center) made.push(tf.keep(tf.zeros([dim])));
    if (!this.scale) this.gamma = new ConstantParam(made[0]);
    if (!this.center) this.beta = new ConstantParam(made[made.length - 1]);
    this[CONSTANTS] = made;
  };
  proto.disposeWeights = function (this: BnInternals & Record<symbol, tf.Tensor[] | undefined>) {
    this[CONSTANTS]?.forEach((t) => t.dispose());
    this[CONSTANTS] = undefined;
    return disposeWeights.call(this);
  };
  proto[PATCHED] = true;
  return true;
}
